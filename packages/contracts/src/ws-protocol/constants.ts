import { JOB_ID_MAX_LENGTH } from '../identity.ts';

export const SUBSCRIPTION_LEVELS = ['status', 'progress', 'detail'] as const;
export type SubscriptionLevel = (typeof SUBSCRIPTION_LEVELS)[number];

/** Limits a client must stay inside; the server's configured values are announced in the `connected` frame. */
export const WS_PROTOCOL_LIMITS = {
  jobIdLength: JOB_ID_MAX_LENGTH,
  /** Jobs named in one all-jobs resume map. */
  resumeJobs: 100,
  tokenLength: 8192,
  pingIdLength: 64,
} as const;

export const WS_ERROR_CODES = [
  'BAD_FRAME',
  'UNKNOWN_TYPE',
  'INVALID_FIELD',
  'NOT_FOUND',
  'TOO_MANY_SUBSCRIPTIONS',
  'RATE_LIMITED',
  'TOKEN_INVALID',
  'INTERNAL',
] as const;
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

/**
 * Close codes: the 4000-4999 range RFC 6455 leaves to applications, and the standard codes where one fits.
 * 1009 (message too big) is sent by the WebSocket layer itself for a frame over the payload limit.
 */
export const WS_CLOSE_CODES = {
  /** A refresh presented a token for another user. */
  authFailed: 4001,
  tokenExpired: 4002,
  /** The client read too slowly and the server's send queue for it passed its byte limit. */
  slowConsumer: 4008,
  policyViolation: 1008,
  messageTooBig: 1009,
  serverShutdown: 1001,
} as const;

/** Close codes after which a client should not reconnect with the same token. */
export const WS_TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  WS_CLOSE_CODES.authFailed,
  WS_CLOSE_CODES.policyViolation,
  WS_CLOSE_CODES.messageTooBig,
]);

export const WS_PATH = '/ws';
/** The query parameter a browser puts its token in, since it cannot set a handshake header. */
export const WS_TOKEN_PARAM = 'access_token';
