import { env } from '@jobtrack/platform';
import { z } from 'zod';

/** Environment variables of the job service, on top of commonEnv. */
export const jobServiceEnv = {
  GRPC_PORT: env.port.default(50051),
  JOB_ACTIVE_TTL_SECONDS: z.coerce.number().int().min(1).default(86_400),
  JOB_RETENTION_SECONDS: z.coerce.number().int().min(1).default(86_400),
};
