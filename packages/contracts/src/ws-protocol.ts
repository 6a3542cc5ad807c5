import { z } from 'zod';
import type { JobStatusName } from './job-status.ts';

/** WebSocket protocol (JSON text frames), documented in docs/websocket-protocol.md. */
export const SUBSCRIPTION_LEVELS = ['status', 'progress', 'detail'] as const;
export type SubscriptionLevel = (typeof SUBSCRIPTION_LEVELS)[number];

const jobId = z.string().min(1).max(128);

export const clientFrame = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('subscribe'),
    jobId,
    level: z.enum(SUBSCRIPTION_LEVELS).default('progress'),
  }),
  z.strictObject({ type: z.literal('unsubscribe'), jobId }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

export interface EventFrame {
  type: 'event';
  jobId: string;
  seq: number;
  status: JobStatusName;
  progress: { percent: number; step: string; message?: string };
  error?: { code: string; message: string };
  result?: unknown;
  traceId?: string;
}

export type ServerFrame =
  | { type: 'subscribed'; jobId: string; level: SubscriptionLevel }
  | { type: 'unsubscribed'; jobId: string }
  | EventFrame
  | { type: 'error'; code: WsErrorCode; message: string; jobId?: string };

export const WS_ERROR_CODES = [
  'BAD_FRAME',
  'UNKNOWN_TYPE',
  'INVALID_FIELD',
  'NOT_FOUND',
  'TOO_MANY_SUBSCRIPTIONS',
  'INTERNAL',
] as const;
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

/** Close codes in the 4000-4999 range that RFC 6455 leaves to applications. */
export const WS_CLOSE_CODES = {
  authFailed: 4001,
  tokenExpired: 4002,
  slowConsumer: 4008,
  policyViolation: 1008,
  serverShutdown: 1001,
} as const;
