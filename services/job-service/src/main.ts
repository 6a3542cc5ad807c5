import './instrument.ts';
import { env, runService } from '@jobtrack/platform';
import { jobPolicyFromConfig, jobServiceEnv, watchSettingsFromConfig } from './config.ts';
import { startJobService } from './job-service.ts';
import { RedisJobStore } from './store/redis-job-store.ts';

await runService(
  'job-service',
  { ...jobServiceEnv, METRICS_PORT: env.port.default(9102) },
  async (service) => {
    const { config, logger, onStop } = service;
    // Served first, so a probe sees "not ready" while Kafka or Redis is still coming up.
    await service.serveOperational(config.METRICS_PORT);
    const messaging = await service.kafka();
    const store = new RedisJobStore(await service.redis(), { logger });
    onStop(() => store.close());
    const jobService = await startJobService({
      store,
      messaging,
      logger,
      health: service.health,
      address: `0.0.0.0:${config.GRPC_PORT}`,
      policy: jobPolicyFromConfig(config),
      sweepIntervalMs: config.JOB_SWEEP_INTERVAL_MS,
      watch: watchSettingsFromConfig(config),
    });
    onStop(() => jobService.stop());
  },
);
