import cors from 'cors';
import type { RequestHandler } from 'express';

/** Headers a browser script may read from a response: LRO polling, tracing, replay and rate-limit state. */
const EXPOSED = [
  'Location',
  'Retry-After',
  'X-Request-Id',
  'traceparent',
  'Idempotent-Replayed',
  'RateLimit',
  'RateLimit-Policy',
];
const ALLOWED = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'Last-Event-ID',
  'traceparent',
  'X-Request-Id',
];

/**
 * CORS for the configured origins only; with none configured nothing is mounted and browsers on other
 * origins are refused by their own same-origin policy. No credentials: the API takes bearer tokens, not cookies.
 */
export function corsFor(allowedOrigins: readonly string[]): RequestHandler | undefined {
  if (allowedOrigins.length === 0) return undefined;
  return cors({
    origin: [...allowedOrigins],
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ALLOWED,
    exposedHeaders: EXPOSED,
    maxAge: 600,
  }) as RequestHandler;
}
