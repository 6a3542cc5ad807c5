import type { Router } from 'express';
import { HttpProblem } from '../problem.ts';

/**
 * After a path's routes: any other method is 405 with Allow (RFC 9110 §15.5.6) rather than a 404 that would
 * suggest the resource does not exist. OPTIONS answers the Allow list itself.
 */
export function allowOnly(router: Router, path: string, methods: readonly string[]): void {
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  router.all(path, (request, response) => {
    if (request.method === 'OPTIONS') {
      response.status(204).set('allow', allow).end();
      return;
    }
    throw new HttpProblem(405, 'Method Not Allowed', `${request.method} is not allowed here`, {
      headers: { allow },
    });
  });
}
