import './instrument.ts';
import { createJobServiceApi } from '@jobtrack/contracts';
import {
  authEnv,
  authFromConfig,
  commonEnv,
  createLogger,
  Health,
  jobServiceClientEnv,
  KafkaBus,
  loadConfig,
  Messaging,
  requireInfra,
  runMain,
} from '@jobtrack/platform';
import { gatewayEnv } from './config.ts';
import { startGateway } from './gateway.ts';

await runMain('gateway', async () => {
  const config = loadConfig({ ...commonEnv, ...authEnv, ...jobServiceClientEnv, ...gatewayEnv });
  const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
  const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
  const { devIssuer, verifier } = await authFromConfig(config);
  if (devIssuer)
    logger.warn('DEV_AUTH is on: /v1/dev/token mints tokens for anyone; never enable it in production');
  const bus = new KafkaBus({ brokers, clientId: config.KAFKA_CLIENT_ID ?? 'gateway', logger });
  const messaging = new Messaging({ bus, source: 'gateway', topicPrefix: config.KAFKA_TOPIC_PREFIX, logger });
  const jobService = createJobServiceApi(config.JOB_SERVICE_ADDRESS, config.GRPC_TIMEOUT_MS);
  const gateway = await startGateway({
    jobService,
    messaging,
    verifier,
    devIssuer,
    logger,
    health: new Health(),
    port: config.HTTP_PORT,
    maxBodyBytes: config.MAX_BODY_BYTES,
  });
  bus.connect().catch((error: unknown) => logger.warn({ err: error }, 'Kafka not reachable yet'));
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      await gateway.stop();
      jobService.close();
      await bus.close();
    },
  };
});
