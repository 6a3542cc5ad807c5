import { env } from '@jobtrack/platform';
import { z } from 'zod';
import type { ConnectionLimits } from './connection.ts';

/** A comma-separated list of browser origins such as "https://app.example.com", each normalised by URL. */
const origins = z.string().transform((value, context) => {
  const listed = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const parsed = listed.map((origin) => (URL.canParse(origin) ? new URL(origin).origin : undefined));
  const bad = listed.filter((_, index) => parsed[index] === undefined || parsed[index] === 'null');
  if (listed.length === 0 || bad.length > 0) {
    const message = bad.length > 0 ? `not an origin: ${bad.join(', ')}` : 'at least one origin is required';
    context.addIssue({ code: 'custom', message: `${message} (expected e.g. https://app.example.com)` });
    return z.NEVER;
  }
  return parsed as string[];
});

/** Environment variables of the ws-service, on top of commonEnv, authEnv and jobServiceClientEnv. */
export const wsEnv = {
  WS_PORT: env.port.default(8081),
  // Comma-separated, e.g. "https://app.example.com"; when set, a browser page from elsewhere gets 403.
  WS_ALLOWED_ORIGINS: origins.optional(),
  WS_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
  WS_PING_INTERVAL_MS: z.coerce.number().int().min(1000).default(25_000),
  // Bytes queued unsent for one socket before it is closed as a slow consumer.
  WS_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(1024 * 1024),
  WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(10_000).default(100),
  // Across all replicas, as the socket registry counts them.
  WS_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(16),
  // Client frames per second per socket, sustained, and the burst allowed above it.
  WS_MESSAGE_RATE: z.coerce.number().int().min(1).default(20),
  WS_MESSAGE_BURST: z.coerce.number().int().min(1).default(40),
  // Each replica reads every job update in a group of its own, named this prefix and its instance id.
  WS_CONSUMER_GROUP: z.string().min(1).default('ws-service'),
};

/** The settings with nothing set: where every other module reads the ws-service's defaults from. */
export const WS_DEFAULTS = z.object(wsEnv).parse({});

/** The per-socket limits that the environment sets. */
export type ConfiguredLimits = Pick<
  ConnectionLimits,
  | 'maxPayloadBytes'
  | 'pingIntervalMs'
  | 'maxBufferedBytes'
  | 'maxSubscriptions'
  | 'messageRate'
  | 'messageBurst'
>;

/** The per-socket limits from the environment. */
export function wsLimits(config: {
  WS_MAX_PAYLOAD_BYTES: number;
  WS_PING_INTERVAL_MS: number;
  WS_MAX_BUFFERED_BYTES: number;
  WS_MAX_SUBSCRIPTIONS: number;
  WS_MESSAGE_RATE: number;
  WS_MESSAGE_BURST: number;
}): ConfiguredLimits {
  return {
    maxPayloadBytes: config.WS_MAX_PAYLOAD_BYTES,
    pingIntervalMs: config.WS_PING_INTERVAL_MS,
    maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
    maxSubscriptions: config.WS_MAX_SUBSCRIPTIONS,
    messageRate: config.WS_MESSAGE_RATE,
    messageBurst: config.WS_MESSAGE_BURST,
  };
}
