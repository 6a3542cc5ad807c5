import { env } from '@jobtrack/platform';
import { z } from 'zod';
import type { SseLimits } from './sse.ts';

const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const origins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin such as https://app.example.com')));

/** Environment variables of the gateway, on top of commonEnv, authEnv and jobServiceClientEnv. */
export const gatewayEnv = {
  HTTP_PORT: env.port.default(8080),
  MAX_BODY_BYTES: count(1024, 10 * 1024 * 1024, 64 * 1024),
  /** Browser origins allowed to call the API (CORS), comma-separated; none by default. */
  CORS_ALLOWED_ORIGINS: origins.default([]),
  /** Per user: submissions and cancels per second, plus a burst allowance spent over 10 s. */
  RATE_LIMIT_WRITES_PER_SECOND: count(1, 1_000_000, 20),
  RATE_LIMIT_WRITES_BURST: count(0, 1_000_000, 40),
  /** Per user: reads (get, list, events) per second, plus a burst allowance spent over 10 s. */
  RATE_LIMIT_READS_PER_SECOND: count(1, 1_000_000, 100),
  RATE_LIMIT_READS_BURST: count(0, 1_000_000, 200),
  /** How long a rate-limit decision may wait for Redis before this instance decides alone. */
  RATE_LIMIT_STORE_TIMEOUT_MS: count(10, 10_000, 250),
  /** Server-Sent Events streams open at once, in this process and per user in this process. */
  SSE_MAX_STREAMS: count(1, 1_000_000, 1000),
  SSE_MAX_STREAMS_PER_USER: count(1, 10_000, 5),
  SSE_HEARTBEAT_MS: count(1000, 300_000, 15_000),
  /**
   * Where the dev-mode demo page (/demo, DEV_AUTH only) opens its WebSocket, e.g. ws://127.0.0.1:8081/ws; when
   * unset the page uses /ws on its own origin, as behind a proxy that routes both.
   */
  DEMO_WS_URL: z.url({ protocol: /^wss?$/ }).optional(),
};

export type GatewayConfig = z.infer<z.ZodObject<typeof gatewayEnv>>;

/** The Server-Sent Events limits from the environment. */
export function sseLimitsFromConfig(config: GatewayConfig): SseLimits {
  return {
    maxStreams: config.SSE_MAX_STREAMS,
    maxPerUser: config.SSE_MAX_STREAMS_PER_USER,
    heartbeatMs: config.SSE_HEARTBEAT_MS,
  };
}
