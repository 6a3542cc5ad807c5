import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { consumerSettingsFrom } from './bus/kafka-bus.ts';
import { type CommonConfig, commonEnv, loadConfig } from './config.ts';
import { Health } from './health.ts';
import { closeServer, createOperationalServer, listen } from './http-server.ts';
import { requireInfra, runMain } from './lifecycle.ts';
import { createLogger } from './logger.ts';
import type { Messaging } from './messaging.ts';
import { createRedis, redisReady } from './redis.ts';
import { kafkaMessaging } from './service-kit.ts';

export interface ServiceContext<Config extends CommonConfig> {
  readonly config: Config;
  readonly logger: Logger;
  /** The service's readiness: not ready until its start has returned, nor once it drains. */
  readonly health: Health;
  /**
   * Serves /healthz, /readyz and /metrics on this port from now on, for a service with no HTTP port of its own;
   * started first, a probe sees "not ready" while Kafka or Redis is still coming up.
   */
  serveOperational(port: number): Promise<void>;
  /**
   * The service's Messaging on KAFKA_BROKERS, its bus part of readiness. Resolves once the producer is connected
   * (however long a starting cluster takes), or at once when `background` is set, the bus connecting meanwhile.
   */
  kafka(options?: { background?: boolean }): Promise<Messaging>;
  /**
   * A client of REDIS_URL. Resolves once connected, and the connection is part of readiness, unless `optional`:
   * then it resolves at once and readiness ignores it (the caller copes without Redis).
   */
  redis(options?: { optional?: boolean }): Promise<Redis>;
  /** Stops this on shutdown; what was registered stops in reverse order, after readiness has turned off. */
  onStop(stop: () => Promise<void> | void): void;
}

/**
 * The one way a service starts: its configuration (commonEnv and its own variables), logger, readiness, Kafka and
 * Redis as it asks for them, and on SIGTERM readiness off, then everything it started stopped in reverse order
 * (runMain). A start that fails stops what it had started.
 */
export function runService<Shape extends z.ZodRawShape>(
  name: string,
  env: Shape,
  start: (service: ServiceContext<CommonConfig & z.infer<z.ZodObject<Shape>>>) => Promise<void>,
): Promise<void> {
  return runMain(name, async () => {
    const config = loadConfig({ ...commonEnv, ...env }) as CommonConfig & z.infer<z.ZodObject<Shape>>;
    const logger = createLogger({ name, level: config.LOG_LEVEL });
    const health = new Health();
    let started = false;
    health.addCheck('started', () => started);
    const stops: Array<() => Promise<void> | void> = [];
    const stopAll = async () => {
      health.startDraining();
      for (const stop of stops.reverse()) await stop();
    };
    const onStop = (stop: () => Promise<void> | void) => {
      stops.push(stop);
    };
    const context: ServiceContext<typeof config> = {
      config,
      logger,
      health,
      onStop,
      async serveOperational(port) {
        const server = createOperationalServer(health);
        await listen(server, port);
        onStop(() => closeServer(server));
      },
      async kafka(options = {}) {
        const { bus, messaging } = kafkaMessaging({
          service: name,
          brokers: requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is'),
          clientId: config.KAFKA_CLIENT_ID,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          consumerSettings: consumerSettingsFrom(config),
          logger,
        });
        onStop(() => bus.close());
        health.addCheck('message_bus', () => bus.isHealthy());
        // connect() waits for a starting cluster and throws only what no retry fixes.
        if (options.background)
          bus.connect().catch((error: unknown) => logger.error({ err: error }, 'Kafka refused this client'));
        else await bus.connect();
        return messaging;
      },
      async redis(options = {}) {
        const redis = createRedis({
          url: requireInfra(config.REDIS_URL, 'REDIS_URL is'),
          keyPrefix: config.REDIS_KEY_PREFIX,
          logger,
          name,
        });
        onStop(() =>
          redis.quit().then(
            () => undefined,
            (error: unknown) => {
              // A store that owns the client (the job store does) may have quit it first; that is no failure.
              if (redis.status !== 'end' && redis.status !== 'close') throw error;
            },
          ),
        );
        if (options.optional) return redis;
        health.addCheck('redis', () => redis.status === 'ready');
        await redisReady(redis, logger);
        return redis;
      },
    };
    try {
      await start(context);
    } catch (error) {
      await stopAll().catch((stopError: unknown) =>
        logger.warn({ err: stopError }, 'stopping after a failed start failed too'),
      );
      throw error;
    }
    started = true;
    return { logger, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS, stop: stopAll };
  });
}
