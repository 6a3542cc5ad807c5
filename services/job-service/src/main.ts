import './instrument.ts';
import {
  closeServer,
  commonEnv,
  createLogger,
  createOperationalServer,
  createRedis,
  env,
  Health,
  KafkaBus,
  listen,
  loadConfig,
  Messaging,
  requireInfra,
  runMain,
} from '@jobtrack/platform';
import { jobServiceEnv } from './config.ts';
import { startJobService } from './job-service.ts';
import { RedisJobStore } from './store/redis-job-store.ts';

await runMain('job-service', async () => {
  const config = loadConfig({ ...commonEnv, ...jobServiceEnv, METRICS_PORT: env.port.default(9102) });
  const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
  const redisUrl = requireInfra(config.REDIS_URL, 'REDIS_URL is');
  const logger = createLogger({ name: 'job-service', level: config.LOG_LEVEL });
  const health = new Health();
  const bus = new KafkaBus({ brokers, clientId: config.KAFKA_CLIENT_ID ?? 'job-service', logger });
  const messaging = new Messaging({
    bus,
    source: 'job-service',
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
  });
  const store = new RedisJobStore(
    createRedis({ url: redisUrl, keyPrefix: config.REDIS_KEY_PREFIX, logger, name: 'job-service' }),
  );
  await bus.connect();
  const service = await startJobService({
    store,
    messaging,
    logger,
    health,
    address: `0.0.0.0:${config.GRPC_PORT}`,
    policy: {
      activeTtlMs: config.JOB_ACTIVE_TTL_SECONDS * 1000,
      retentionMs: config.JOB_RETENTION_SECONDS * 1000,
    },
  });
  const operational = createOperationalServer(health);
  await listen(operational, config.METRICS_PORT);
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      await service.stop();
      await closeServer(operational);
      await bus.close();
      await store.close();
    },
  };
});
