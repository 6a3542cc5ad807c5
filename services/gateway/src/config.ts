import { env } from '@jobtrack/platform';
import { z } from 'zod';

/** Environment variables of the gateway, on top of commonEnv, authEnv and jobServiceClientEnv. */
export const gatewayEnv = {
  HTTP_PORT: env.port.default(8080),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
};
