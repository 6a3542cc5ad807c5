import {
  AuthError,
  bearerToken,
  type Permission,
  type Principal,
  type TokenVerifier,
} from '@jobtrack/platform';
import type { RequestHandler, Response } from 'express';
import { HttpProblem } from './problem.ts';

/** Every /v1/jobs request carries a valid bearer JWT; the principal rides in res.locals. */
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

/** 403 unless the token grants `permission`; RFC 6750 §3.1 names what was missing in the challenge. */
export function requirePermission(permission: Permission): RequestHandler {
  return (_request, response, next) => {
    if (principalOf(response).permissions.has(permission)) return next();
    throw new HttpProblem(403, 'Forbidden', `the token lacks the ${permission} permission`, {
      headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${permission}"` },
    });
  };
}

export function principalOf(response: Response): Principal {
  return response.locals.principal as Principal;
}
