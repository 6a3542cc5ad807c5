import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { before, describe, it } from 'node:test';
import {
  createDevTokenIssuer,
  createTokenVerifier,
  type DevTokenIssuer,
  PERMISSIONS,
} from '@jobtrack/platform';
import { authorizeUpgrade } from '../../src/upgrade.ts';

describe('upgrade authorization', () => {
  let issuer: DevTokenIssuer;
  let verifier: ReturnType<typeof createTokenVerifier>;
  before(async () => {
    issuer = await createDevTokenIssuer({ issuer: 'jobtrack-dev', audience: 'jobtrack' });
    verifier = createTokenVerifier({ keys: issuer.keys, issuer: 'jobtrack-dev', audience: 'jobtrack' });
  });

  const decide = (token: string) =>
    authorizeUpgrade(
      { headers: { authorization: `Bearer ${token}` } } as IncomingMessage,
      new URL('ws://localhost/ws'),
      { verifier, allowedOrigins: undefined },
    );

  it('lets a token with jobs:read open a socket', async () => {
    const decision = await decide((await issuer.mint('alice', 60, [PERMISSIONS.jobsRead])).token);
    assert.equal(decision.ok, true);
    assert.equal(decision.ok && decision.principal.subject, 'alice');
  });

  it('refuses a valid token without jobs:read with 403', async () => {
    const decision = await decide((await issuer.mint('alice', 60, [PERMISSIONS.jobsWrite])).token);
    assert.deepEqual(decision, {
      ok: false,
      status: 403,
      reason: 'forbidden',
      detail: 'the token lacks the jobs:read permission',
    });
  });
});
