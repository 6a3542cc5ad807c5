import './instrument.ts';
import {
  commonEnv,
  connectKafkaMessaging,
  consumerSettingsFrom,
  createLogger,
  createRedis,
  env,
  Health,
  loadConfig,
  redisReady,
  requireInfra,
  runMain,
  startOperationalServer,
} from '@jobtrack/platform';
import { jobPolicyFromConfig, jobServiceEnv, watchSettingsFromConfig } from './config.ts';
import { startJobService } from './job-service.ts';
import { RedisJobStore } from './store/redis-job-store.ts';

await runMain('job-service', async () => {
  const config = loadConfig({ ...commonEnv, ...jobServiceEnv, METRICS_PORT: env.port.default(9102) });
  const logger = createLogger({ name: 'job-service', level: config.LOG_LEVEL });
  // Served from the start, so a probe sees "not ready" while Kafka or Redis is still coming up.
  const health = new Health();
  let started = false;
  health.addCheck('started', () => started);
  const operational = await startOperationalServer(health, config.METRICS_PORT);
  const messaging = await connectKafkaMessaging({
    service: 'job-service',
    brokers: requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is'),
    clientId: config.KAFKA_CLIENT_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    consumerSettings: consumerSettingsFrom(config),
    logger,
  });
  const redis = createRedis({
    url: requireInfra(config.REDIS_URL, 'REDIS_URL is'),
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger,
    name: 'job-service',
  });
  await redisReady(redis, logger);
  const store = new RedisJobStore(redis, { logger });
  const service = await startJobService({
    store,
    messaging,
    logger,
    health,
    address: `0.0.0.0:${config.GRPC_PORT}`,
    policy: jobPolicyFromConfig(config),
    sweepIntervalMs: config.JOB_SWEEP_INTERVAL_MS,
    watch: watchSettingsFromConfig(config),
  });
  started = true;
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      await service.stop();
      await operational.stop();
      await messaging.bus.close();
      await store.close();
    },
  };
});
