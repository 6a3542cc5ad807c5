import { type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
export interface Principal {
    /** The user id: the token's subject. */
    subject: string;
    /** When the token stops being valid, in epoch seconds. */
    expiresAt: number;
}
export declare class AuthError extends Error {
    name: string;
    readonly reason: 'missing' | 'malformed' | 'expired' | 'invalid';
    constructor(reason: AuthError['reason'], message: string);
}
export interface TokenVerifier {
    verify(token: string | undefined): Promise<Principal>;
}
/** Verifies bearer JWTs against a key set: signature, algorithm allow-list, issuer, audience, expiry. */
export declare function createTokenVerifier(options: {
    keys: JWTVerifyGetKey;
    issuer: string;
    audience: string;
}): TokenVerifier;
export declare function remoteKeySet(url: string): JWTVerifyGetKey;
/** Reads "Authorization: Bearer <token>"; anything else counts as no token. */
export declare function bearerToken(header: string | undefined): string | undefined;
export interface DevTokenIssuer {
    readonly jwks: JSONWebKeySet;
    readonly keys: JWTVerifyGetKey;
    mint(subject: string, ttlSeconds?: number): Promise<{
        token: string;
        expiresAt: number;
    }>;
}
/**
 * Development-only token issuer with a key pair made at start-up (tokens die with the process). Never enabled
 * unless DEV_AUTH is set; the embedded runner sets it.
 */
export declare function createDevTokenIssuer(options: {
    issuer: string;
    audience: string;
}): Promise<DevTokenIssuer>;
