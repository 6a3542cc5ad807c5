import { env } from '@jobtrack/platform';
import { z } from 'zod';

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
};
