import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@jobtrack/platform';
import { type Request, type Response, Router } from 'express';
import { HttpProblem } from '../problem.ts';
import { allowOnly } from '../routes/methods.ts';
import { pageBundle } from './bundle.ts';
import { demoSecurityHeaders } from './security-headers.ts';

export interface DemoRoutesOptions {
  /** The WebSocket the page connects to; unset means /ws on the page's own origin. */
  wsUrl?: string;
  logger: Logger;
  /** The page script's TypeScript entry; only tests point it elsewhere. */
  entry?: string;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The files the page is made of, besides its script, with their content types. */
const STATIC_FILES = {
  '/': { file: 'static/index.html', type: 'text/html; charset=utf-8' },
  '/demo.css': { file: 'static/demo.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'static/favicon.svg', type: 'image/svg+xml' },
} as const;

/**
 * The live demo page, mounted at /demo in dev-auth mode only (it mints tokens for anyone through
 * /v1/dev/token). It is a static page plus one bundled script built on the client SDK; its settings come from
 * config.json, because the Content-Security-Policy forbids inline scripts.
 */
export function demoRoutes(options: DemoRoutesOptions): Router {
  const router = Router();
  const script = pageBundle(options.entry ?? here('page/main.ts'));
  const config = JSON.stringify({ wsUrl: options.wsUrl ?? null });
  router.use(demoSecurityHeaders(options.wsUrl));

  for (const [path, { file, type }] of Object.entries(STATIC_FILES)) {
    const content = readFileSync(here(file));
    router.get(path, (_request: Request, response: Response) => {
      response.type(type).send(content);
    });
    allowOnly(router, path, ['GET']);
  }

  router.get('/config.json', (_request: Request, response: Response) => {
    response.type('application/json').send(config);
  });
  allowOnly(router, '/config.json', ['GET']);

  router.get('/app.js', async (_request: Request, response: Response) => {
    let code: string;
    try {
      code = await script();
    } catch (error) {
      options.logger.error({ err: error }, 'could not bundle the demo page script');
      throw new HttpProblem(500, 'Internal Server Error', 'the demo page script could not be built');
    }
    response.type('text/javascript; charset=utf-8').send(code);
  });
  allowOnly(router, '/app.js', ['GET']);

  return router;
}
