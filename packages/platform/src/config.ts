import { z } from 'zod';

/** A configuration value that failed validation at start-up; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

/**
 * How consumers work. How many keys of a partition run at once; how consumer groups notice a dead member, and
 * how long an idle fetch waits. A member that sends no heartbeat
 * for the session timeout loses its partitions to the others, so this bounds how long a killed process's work
 * stalls; heartbeats ride on fetches, so a fetch never waits longer than a heartbeat interval.
 */
export const kafkaConsumerEnv = {
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(1500),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).default(300),
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(10).max(5000).default(200),
  // Keys of one partition's batch handled at once; a key's own messages always go one after another.
  KAFKA_CONSUMER_WINDOW: z.coerce.number().int().min(1).max(10_000).default(64),
  // Done offsets are committed together at most this long after the first of them; a crash redelivers as much.
  KAFKA_COMMIT_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
};

export type KafkaConsumerConfig = { [Name in keyof typeof kafkaConsumerEnv]: number };

/** Environment variables shared by services; each service adds its own to these. Declared once, here. */
export const commonEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'host:port')).min(1))
    .optional(),
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, ".", "_" and "-"')
    .default(''),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_KEY_PREFIX: z.string().default('jobtrack:'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  ...kafkaConsumerEnv,
};

/** The configuration every service has: commonEnv's variables, parsed. */
export type CommonConfig = z.infer<z.ZodObject<typeof commonEnv>>;

export const authEnv = {
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_ISSUER: z.string().min(1).default('jobtrack-dev'),
  AUTH_AUDIENCE: z.string().min(1).default('jobtrack'),
  /** The token claim listing permissions (jobs:read, jobs:write); the OAuth `scope` claim counts too. */
  AUTH_PERMISSIONS_CLAIM: z.string().min(1).default('permissions'),
  DEV_AUTH: booleanFlag.default(false),
};

const hostPort = z.string().regex(/^[^:\s]+:\d+$/, 'host:port');

/** For services that call the job service over gRPC. */
export const jobServiceClientEnv = {
  JOB_SERVICE_ADDRESS: hostPort.default('127.0.0.1:50051'),
  GRPC_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
};

export const env = { booleanFlag, port, hostPort };

/** Parses the environment against a schema, reporting every invalid variable at once. */
export function loadConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  source: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    const value = source[key];
    const shown =
      value === undefined ? 'unset' : `got ${JSON.stringify(key.includes('SECRET') ? '***' : value)}`;
    return `  ${key}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
