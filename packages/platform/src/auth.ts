import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { ConfigError } from './config.ts';
import { VerifiedTokens } from './verified-tokens.ts';

/** What a token may do with jobs: read (get, list, events, watch) and write (submit, cancel). */
export const PERMISSIONS = { jobsRead: 'jobs:read', jobsWrite: 'jobs:write' } as const;
export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];
export const ALL_PERMISSIONS = [PERMISSIONS.jobsRead, PERMISSIONS.jobsWrite] as const;

export const DEFAULT_PERMISSIONS_CLAIM = 'permissions';

export interface Principal {
  /** The user id: the token's subject. */
  subject: string;
  /** When the token stops being valid, in epoch seconds. */
  expiresAt: number;
  /** Granted by the token's permissions claim and its OAuth `scope`; nothing else grants any. */
  permissions: ReadonlySet<string>;
}

export class AuthError extends Error {
  override name = 'AuthError';
  readonly reason: 'missing' | 'malformed' | 'expired' | 'invalid';
  constructor(reason: AuthError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface TokenVerifier {
  verify(token: string | undefined): Promise<Principal>;
}

// Asymmetric only: 'none' and the HS* family (where a public key could be misused as the secret) never verify.
const ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];
const CLOCK_TOLERANCE_S = 30;

/** Permissions as identity providers write them: an array (Auth0 `permissions`) or a space-delimited string. */
function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  // A claim of any other shape grants nothing rather than failing the token: the caller then gets 403, not 401.
  return [];
}

export function permissionsOf(payload: JWTPayload, claim: string): ReadonlySet<string> {
  return new Set([...claimValues(payload[claim]), ...claimValues(payload.scope)]);
}

/** Verifies bearer JWTs against a key set: signature, algorithm allow-list, issuer, audience, expiry. */
export function createTokenVerifier(options: {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** The claim that lists the token's permissions; `scope` is read as well. */
  permissionsClaim?: string;
}): TokenVerifier {
  const claim = options.permissionsClaim ?? DEFAULT_PERMISSIONS_CLAIM;
  const verified = new VerifiedTokens<Principal>();
  return {
    async verify(token) {
      if (!token) throw new AuthError('missing', 'a bearer token is required');
      const known = verified.get(token);
      if (known) return known;
      if (token.split('.').length !== 3) throw new AuthError('malformed', 'the token is not a JWT');
      try {
        const { payload } = await jwtVerify(token, options.keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ALGORITHMS,
          clockTolerance: CLOCK_TOLERANCE_S,
          requiredClaims: ['sub', 'exp'],
        });
        const principal: Principal = {
          subject: payload.sub as string,
          expiresAt: payload.exp as number,
          permissions: permissionsOf(payload, claim),
        };
        verified.set(token, principal);
        return principal;
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new AuthError('expired', 'the token has expired');
        if (error instanceof errors.JOSEError) throw new AuthError('invalid', 'the token is not valid');
        throw error;
      }
    },
  };
}

export function remoteKeySet(url: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
}

/** Reads "Authorization: Bearer <token>"; anything else counts as no token. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

export interface DevTokenIssuer {
  readonly jwks: JSONWebKeySet;
  readonly keys: JWTVerifyGetKey;
  /** A token for `subject`, by default valid for an hour and granting every permission. */
  mint(
    subject: string,
    ttlSeconds?: number,
    permissions?: readonly string[],
  ): Promise<{ token: string; expiresAt: number }>;
}

/**
 * Development-only token issuer with a key pair made at start-up (tokens die with the process). Never enabled
 * unless DEV_AUTH is set; the embedded runner sets it.
 */
export async function createDevTokenIssuer(options: {
  issuer: string;
  audience: string;
  permissionsClaim?: string;
}): Promise<DevTokenIssuer> {
  const claim = options.permissionsClaim ?? DEFAULT_PERMISSIONS_CLAIM;
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const kid = `dev-${Date.now().toString(36)}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const jwks: JSONWebKeySet = { keys: [jwk] };
  return {
    jwks,
    keys: createLocalJWKSet(jwks),
    async mint(subject, ttlSeconds = 3600, permissions = ALL_PERMISSIONS) {
      const now = Math.floor(Date.now() / 1000);
      const expiresAt = now + ttlSeconds;
      const token = await new SignJWT({ [claim]: [...permissions] })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(subject)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(now)
        .setExpirationTime(expiresAt)
        .sign(privateKey);
      return { token, expiresAt };
    },
  };
}

/**
 * The auth a service runs with: a dev issuer whose keys verify its own tokens when DEV_AUTH is on, otherwise the
 * key set at AUTH_JWKS_URL, which is then required.
 */
export async function authFromConfig(config: {
  DEV_AUTH: boolean;
  AUTH_JWKS_URL?: string | undefined;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_PERMISSIONS_CLAIM?: string;
}): Promise<{ devIssuer?: DevTokenIssuer; verifier: TokenVerifier }> {
  const claims = {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    permissionsClaim: config.AUTH_PERMISSIONS_CLAIM ?? DEFAULT_PERMISSIONS_CLAIM,
  };
  if (config.DEV_AUTH) {
    const devIssuer = await createDevTokenIssuer(claims);
    return { devIssuer, verifier: createTokenVerifier({ keys: devIssuer.keys, ...claims }) };
  }
  if (!config.AUTH_JWKS_URL) {
    throw new ConfigError('invalid configuration:\n  AUTH_JWKS_URL is required unless DEV_AUTH=true');
  }
  return { verifier: createTokenVerifier({ keys: remoteKeySet(config.AUTH_JWKS_URL), ...claims }) };
}
