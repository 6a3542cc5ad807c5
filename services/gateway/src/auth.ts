import { AuthError, bearerToken, type Principal, type TokenVerifier } from '@jobtrack/platform';
import type { RequestHandler, Response } from 'express';
import { HttpProblem } from './problem.ts';

/** Every /v1 request carries a valid bearer JWT; the principal rides in res.locals. */
export function requireAuth(verifier: TokenVerifier): RequestHandler {
  return async (request, response, next) => {
    try {
      response.locals.principal = await verifier.verify(bearerToken(request.get('authorization')));
      next();
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      const challenge =
        error.reason === 'missing'
          ? 'Bearer'
          : `Bearer error="invalid_token", error_description="${error.message}"`;
      throw new HttpProblem(401, 'Unauthorized', error.message, {
        headers: { 'www-authenticate': challenge },
      });
    }
  };
}

export function principalOf(response: Response): Principal {
  return response.locals.principal as Principal;
}
