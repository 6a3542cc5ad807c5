import assert from 'node:assert/strict';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { MemoryJobStore } from '@jobtrack/job-service';
import { closeServer, createLogger, listen, MemoryBus } from '@jobtrack/platform';
import express, { type ErrorRequestHandler, type Router } from 'express';
import { demoRoutes } from '../../src/demo/routes.ts';
import { HttpProblem, sendProblem } from '../../src/problem.ts';
import { expectProblem } from '../support/http.ts';
import { type GatewayStack, startGatewayStack } from '../support/stack.ts';

function cspOf(response: Response): Map<string, string> {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = '', ...sources]) => [name, sources.join(' ')]),
  );
}

function assertDemoHeaders(response: Response, connectSrc: string): void {
  const csp = cspOf(response);
  assert.equal(csp.get('default-src'), "'none'");
  assert.equal(csp.get('script-src'), "'self'");
  assert.equal(csp.get('style-src'), "'self'");
  assert.equal(csp.get('connect-src'), connectSrc);
  assert.equal(csp.get('frame-ancestors'), "'none'");
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
}

describe('demo page in the gateway', () => {
  let stack: GatewayStack;
  let withoutDevAuth: { baseUrl: string; stop(): Promise<void> };
  before(async () => {
    stack = await startGatewayStack({ bus: new MemoryBus(), store: new MemoryJobStore() });
    withoutDevAuth = await stack.addGateway({ devAuth: false });
  });
  after(() => stack.stop());

  it('serves the page under a strict policy: scripts, styles and connections from the gateway only', async () => {
    const response = await fetch(`${stack.baseUrl}/demo`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
    assertDemoHeaders(response, "'self'");
    const html = await response.text();
    assert.match(html, /<script type="module" src="\/demo\/app\.js"><\/script>/);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(
      scripts.filter((tag) => !/\ssrc="/.test(tag)),
      [],
      'no inline script: the policy would block it',
    );
    assert.doesNotMatch(html, /\sstyle="|\son\w+="/, 'no inline style or event handler attributes');
  });

  it('serves the stylesheet, the icon and a config without a WebSocket URL when none is configured', async () => {
    const css = await fetch(`${stack.baseUrl}/demo/demo.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    assertDemoHeaders(css, "'self'");
    assert.match(await css.text(), /\.job-card/);

    const icon = await fetch(`${stack.baseUrl}/demo/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('content-type') ?? '', /^image\/svg\+xml/);

    const config = await fetch(`${stack.baseUrl}/demo/config.json`);
    assert.equal(config.status, 200);
    assert.match(config.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await config.json(), { wsUrl: null });
  });

  it('bundles the page script with the SDK into one ES module, built once and served as JavaScript', async () => {
    const first = await fetch(`${stack.baseUrl}/demo/app.js`);
    const code = await first.text();
    assert.equal(first.status, 200, code);
    assert.match(first.headers.get('content-type') ?? '', /^text\/javascript; charset=utf-8/);
    assertDemoHeaders(first, "'self'");
    assert.match(code, /job-card-template/, 'the page code is in it');
    assert.match(code, /access_token/, 'the SDK is in it');
    assert.doesNotMatch(code, /^\s*import\s/m, 'no import left for the browser to resolve');
    assert.equal(await (await fetch(`${stack.baseUrl}/demo/app.js`)).text(), code);
  });

  it('answers other methods with 405 and unknown demo paths with 404', async () => {
    const post = await fetch(`${stack.baseUrl}/demo`, { method: 'POST' });
    await expectProblem(post, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD, OPTIONS');
    await expectProblem(await fetch(`${stack.baseUrl}/demo/nothing.js`), 404);
  });

  it('does not exist without DEV_AUTH', async () => {
    for (const path of ['/demo', '/demo/app.js', '/demo/config.json', '/demo/demo.css']) {
      await expectProblem(await fetch(`${withoutDevAuth.baseUrl}${path}`), 404);
    }
  });
});

describe('demo routes', () => {
  const logger = createLogger({ name: 'demo-test', level: 'silent' });
  const problems: ErrorRequestHandler = (error, request, response, _next) => {
    assert.ok(error instanceof HttpProblem, String(error));
    sendProblem(response, error, request.originalUrl);
  };

  async function serve(router: Router) {
    const server = createServer(express().use('/demo', router).use(problems));
    const port = await listen(server, 0);
    return { baseUrl: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
  }

  it('lets the page connect to a configured WebSocket elsewhere, and tells the page where', async () => {
    const served = await serve(demoRoutes({ wsUrl: 'wss://push.example.com:8443/ws', logger }));
    try {
      const page = await fetch(`${served.baseUrl}/demo`);
      assertDemoHeaders(page, "'self' wss://push.example.com:8443");
      const config = await fetch(`${served.baseUrl}/demo/config.json`);
      assert.deepEqual(await config.json(), { wsUrl: 'wss://push.example.com:8443/ws' });
    } finally {
      await served.stop();
    }
  });

  it('answers 500 and logs the error when the script does not bundle, and keeps no failed build', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-bundle-'));
    const entry = join(dir, 'entry.ts');
    const logged = mock.method(logger, 'error');
    const served = await serve(demoRoutes({ logger, entry }));
    try {
      const failed = await expectProblem(await fetch(`${served.baseUrl}/demo/app.js`), 500);
      assert.equal(failed.detail, 'the demo page script could not be built');
      assert.equal(logged.mock.callCount(), 1);
      assert.match(String(logged.mock.calls[0]?.arguments[1]), /could not bundle/);

      await writeFile(entry, "const greeting: string = 'built after all';\ndocument.title = greeting;\n");
      const built = await fetch(`${served.baseUrl}/demo/app.js`);
      assert.equal(built.status, 200);
      assert.match(await built.text(), /built after all/);

      await unlink(entry);
      const cached = await fetch(`${served.baseUrl}/demo/app.js`);
      assert.equal(cached.status, 200, 'a successful build is kept');
      assert.match(await cached.text(), /built after all/);
    } finally {
      logged.mock.restore();
      await served.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
