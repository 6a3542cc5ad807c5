import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  base64url,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import {
  AuthError,
  authFromConfig,
  bearerToken,
  createDevTokenIssuer,
  createTokenVerifier,
  PERMISSIONS,
  type TokenVerifier,
} from '../../src/auth.ts';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'jobtrack';

describe('token verifier', () => {
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let keys: JWTVerifyGetKey;
  let verifier: TokenVerifier;
  before(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    keys = createLocalJWKSet({ keys: [jwk] });
    verifier = createTokenVerifier({ keys, issuer: ISSUER, audience: AUDIENCE });
  });

  const now = () => Math.floor(Date.now() / 1000);
  function sign(claims: JWTPayload = {}, overrides: { iss?: string; aud?: string; exp?: number } = {}) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('alice')
      .setIssuer(overrides.iss ?? ISSUER)
      .setAudience(overrides.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(overrides.exp ?? now() + 300)
      .sign(privateKey);
  }

  async function rejects(token: string | undefined, reason: AuthError['reason']) {
    await assert.rejects(verifier.verify(token), (error: unknown) => {
      assert.ok(error instanceof AuthError);
      assert.equal(error.reason, reason);
      return true;
    });
  }

  it('accepts a well-formed token and reads subject and expiry', async () => {
    const exp = now() + 300;
    const principal = await verifier.verify(await sign({}, { exp }));
    assert.equal(principal.subject, 'alice');
    assert.equal(principal.expiresAt, exp);
    assert.deepEqual([...principal.permissions], []);
  });

  it('rejects a missing token and one that is not a JWT', async () => {
    await rejects(undefined, 'missing');
    await rejects('not-a-jwt', 'malformed');
  });

  it('rejects a token whose signature was forged or made by another key', async () => {
    const [header, payload] = (await sign()).split('.');
    const tampered = JSON.parse(new TextDecoder().decode(base64url.decode(payload as string))) as JWTPayload;
    tampered.sub = 'mallory';
    const forgedPayload = base64url.encode(JSON.stringify(tampered));
    const original = (await sign()).split('.')[2];
    await rejects(`${header}.${forgedPayload}.${original}`, 'invalid');

    const other = await generateKeyPair('ES256');
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('alice')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(now() + 300)
      .sign(other.privateKey);
    await rejects(foreign, 'invalid');
  });

  it('rejects an expired token beyond the 30 s clock skew, and accepts one within it', async () => {
    await rejects(await sign({}, { exp: now() - 120 }), 'expired');
    const justExpired = await verifier.verify(await sign({}, { exp: now() - 10 }));
    assert.equal(justExpired.subject, 'alice');
  });

  it('rejects the none algorithm and symmetric HS256', async () => {
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const claims = { sub: 'alice', iss: ISSUER, aud: AUDIENCE, exp: now() + 300 };
    await rejects(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`, 'invalid');

    const secret = new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!');
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(secret);
    await rejects(hs, 'invalid');
  });

  it('rejects a wrong issuer, a wrong audience and a token without a subject', async () => {
    await rejects(await sign({}, { iss: 'https://elsewhere.test' }), 'invalid');
    await rejects(await sign({}, { aud: 'another-api' }), 'invalid');
    const noSubject = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(now() + 300)
      .sign(privateKey);
    await rejects(noSubject, 'invalid');
  });

  it('reads permissions from the permissions claim and the OAuth scope, and ignores malformed claims', async () => {
    const fromArray = await verifier.verify(await sign({ permissions: ['jobs:read', 'jobs:write', 7] }));
    assert.deepEqual([...fromArray.permissions].toSorted(), ['jobs:read', 'jobs:write']);
    const fromScope = await verifier.verify(await sign({ scope: 'openid jobs:read' }));
    assert.deepEqual([...fromScope.permissions].toSorted(), ['jobs:read', 'openid']);
    const both = await verifier.verify(await sign({ permissions: ['jobs:write'], scope: 'jobs:read' }));
    assert.deepEqual([...both.permissions].toSorted(), ['jobs:read', 'jobs:write']);
    const malformed = await verifier.verify(await sign({ permissions: { 'jobs:write': true } }));
    assert.equal(malformed.permissions.size, 0);
  });

  it('reads permissions from a configured claim name instead', async () => {
    const custom = createTokenVerifier({
      keys,
      issuer: ISSUER,
      audience: AUDIENCE,
      permissionsClaim: 'https://jobtrack.example/perms',
    });
    const principal = await custom.verify(
      await sign({ 'https://jobtrack.example/perms': ['jobs:read'], permissions: ['jobs:write'] }),
    );
    assert.deepEqual([...principal.permissions], ['jobs:read']);
  });

  it('takes the token from a Bearer authorization header only', () => {
    assert.equal(bearerToken('Bearer abc.def.ghi'), 'abc.def.ghi');
    assert.equal(bearerToken('bearer abc'), 'abc');
    assert.equal(bearerToken('Basic dXNlcjpwYXNz'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });
});

describe('dev token issuer', () => {
  it('mints tokens with every permission by default, or the subset asked for, under the configured claim', async () => {
    const { devIssuer, verifier } = await authFromConfig({
      DEV_AUTH: true,
      AUTH_ISSUER: 'jobtrack-dev',
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_PERMISSIONS_CLAIM: 'perms',
    });
    assert.ok(devIssuer);
    const full = await verifier.verify((await devIssuer.mint('bob')).token);
    assert.deepEqual([...full.permissions].toSorted(), [PERMISSIONS.jobsRead, PERMISSIONS.jobsWrite]);
    const readOnly = await verifier.verify((await devIssuer.mint('bob', 60, [PERMISSIONS.jobsRead])).token);
    assert.deepEqual([...readOnly.permissions], [PERMISSIONS.jobsRead]);
  });

  it('is verified by nobody else: another issuer instance has other keys', async () => {
    const mine = await createDevTokenIssuer({ issuer: 'jobtrack-dev', audience: AUDIENCE });
    const theirs = await createDevTokenIssuer({ issuer: 'jobtrack-dev', audience: AUDIENCE });
    const verifier = createTokenVerifier({ keys: mine.keys, issuer: 'jobtrack-dev', audience: AUDIENCE });
    await assert.rejects(verifier.verify((await theirs.mint('alice')).token), AuthError);
  });
});
