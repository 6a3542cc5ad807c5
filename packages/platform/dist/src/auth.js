import { createLocalJWKSet, createRemoteJWKSet, errors, exportJWK, generateKeyPair, jwtVerify, SignJWT, } from 'jose';
export class AuthError extends Error {
    name = 'AuthError';
    reason;
    constructor(reason, message) {
        super(message);
        this.reason = reason;
    }
}
const ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];
const CLOCK_TOLERANCE_S = 30;
/** Verifies bearer JWTs against a key set: signature, algorithm allow-list, issuer, audience, expiry. */
export function createTokenVerifier(options) {
    return {
        async verify(token) {
            if (!token)
                throw new AuthError('missing', 'a bearer token is required');
            if (token.split('.').length !== 3)
                throw new AuthError('malformed', 'the token is not a JWT');
            try {
                const { payload } = await jwtVerify(token, options.keys, {
                    issuer: options.issuer,
                    audience: options.audience,
                    algorithms: ALGORITHMS,
                    clockTolerance: CLOCK_TOLERANCE_S,
                    requiredClaims: ['sub', 'exp'],
                });
                return { subject: payload.sub, expiresAt: payload.exp };
            }
            catch (error) {
                if (error instanceof errors.JWTExpired)
                    throw new AuthError('expired', 'the token has expired');
                if (error instanceof errors.JOSEError)
                    throw new AuthError('invalid', 'the token is not valid');
                throw error;
            }
        },
    };
}
export function remoteKeySet(url) {
    return createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
}
/** Reads "Authorization: Bearer <token>"; anything else counts as no token. */
export function bearerToken(header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    return match?.[1];
}
/**
 * Development-only token issuer with a key pair made at start-up (tokens die with the process). Never enabled
 * unless DEV_AUTH is set; the embedded runner sets it.
 */
export async function createDevTokenIssuer(options) {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const kid = `dev-${Date.now().toString(36)}`;
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    const jwks = { keys: [jwk] };
    return {
        jwks,
        keys: createLocalJWKSet(jwks),
        async mint(subject, ttlSeconds = 3600) {
            const now = Math.floor(Date.now() / 1000);
            const expiresAt = now + ttlSeconds;
            const token = await new SignJWT({})
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
//# sourceMappingURL=auth.js.map