import type { DevTokenIssuer } from '@jobtrack/platform';
import { type Request, type Response, Router } from 'express';
import { parseRequest, requireJson } from '../problem.ts';
import { devTokenBody } from '../schemas.ts';
import { allowOnly } from './methods.ts';

/** Dev-auth routes; mounted only when DEV_AUTH is on, so in production they do not exist at all. */
export function devAuthRoutes(issuer: DevTokenIssuer): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', (_request: Request, response: Response) => {
    response.set('cache-control', 'public, max-age=300').json(issuer.jwks);
  });
  allowOnly(router, '/.well-known/jwks.json', ['GET']);
  router.post('/v1/dev/token', async (request: Request, response: Response) => {
    requireJson(request);
    const body = parseRequest(devTokenBody, request.body, { root: '(body)' });
    const { token, expiresAt } = await issuer.mint(body.sub, undefined, body.permissions);
    response
      .status(201)
      .json({ token, tokenType: 'Bearer', expiresAt: new Date(expiresAt * 1000).toISOString() });
  });
  allowOnly(router, '/v1/dev/token', ['POST']);
  return router;
}
