import { once } from 'node:events';
import { createServer } from 'node:http';
import { createDevTokenIssuer } from '@jobtrack/platform';

export interface BenchAuth {
  /** Where the ws-service fetches the key set (AUTH_JWKS_URL). */
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** One token per user, valid for the whole run. */
  mint(users: readonly string[]): Promise<string[]>;
  stop(): Promise<void>;
}

const ISSUER = 'jobtrack-bench';
const AUDIENCE = 'jobtrack';
const TOKEN_TTL_S = 3600;

/**
 * An identity provider for the run: a key pair of its own (the platform's dev issuer, ES256 as in development)
 * with its public keys served over HTTP, as the ws-service reads them from a real provider.
 */
export async function startBenchAuth(): Promise<BenchAuth> {
  const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
  const body = JSON.stringify(issuer.jwks);
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    jwksUrl: `http://127.0.0.1:${address.port}/.well-known/jwks.json`,
    issuer: ISSUER,
    audience: AUDIENCE,
    async mint(users) {
      const tokens: string[] = [];
      for (const user of users) {
        tokens.push((await issuer.mint(user, TOKEN_TTL_S)).token);
      }
      return tokens;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
