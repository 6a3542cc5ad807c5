import type { DevTokenIssuer } from '@jobtrack/platform';
import { type Request, type Response, Router } from 'express';
import { fieldErrors, invalidRequest } from '../problem.ts';
import { devTokenBody } from '../schemas.ts';

/** Dev-auth routes; mounted only when DEV_AUTH is on, so in production they do not exist at all. */
export function devAuthRoutes(issuer: DevTokenIssuer): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', (_request: Request, response: Response) => {
    response.set('cache-control', 'public, max-age=300').json(issuer.jwks);
  });
  router.post('/v1/dev/token', async (request: Request, response: Response) => {
    const body = devTokenBody.safeParse(request.body);
    if (!body.success) throw invalidRequest(fieldErrors(body.error));
    const { token, expiresAt } = await issuer.mint(body.data.sub);
    response
      .status(201)
      .json({ token, tokenType: 'Bearer', expiresAt: new Date(expiresAt * 1000).toISOString() });
  });
  return router;
}
