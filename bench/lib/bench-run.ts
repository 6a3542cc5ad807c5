import type { Logger } from '@jobtrack/platform';
import { deleteKeys, deleteTopics } from './infra.ts';

export interface BenchRun {
  /** Stopped with the run, newest first. */
  defer(cleanup: () => Promise<void> | void): void;
  /** Stops what the run started, then removes its topics and keys; the same promise however often called. */
  stop(): Promise<void>;
}

/**
 * What a benchmark run started, stopped newest first, after which its topics and keys are removed from the shared
 * Kafka and Redis. A signal, or the run outliving `maxSeconds`, stops it too and exits: a bench always ends by
 * itself and leaves nothing behind, even when it crashes.
 */
export function startBenchRun(options: {
  logger: Logger;
  brokers: string[];
  redisUrl: string;
  topicPrefix: string;
  keyPrefix: string;
  maxSeconds: number;
}): BenchRun {
  const { logger } = options;
  const cleanups: Array<() => Promise<void> | void> = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          logger.warn({ err: error }, 'something did not stop cleanly');
        }
      }
      const [topics, keys] = await Promise.all([
        deleteTopics(options.brokers, options.topicPrefix),
        deleteKeys(options.redisUrl, options.keyPrefix),
      ]);
      logger.info({ topics, keys }, 'removed what the run wrote to Kafka and Redis');
    })();
    return stopping;
  };
  const abort = (reason: string, code: number) => {
    logger.error({ reason }, 'stopping the processes this bench started');
    void stop().finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort(signal, 130));
  // A crash would otherwise leave the child processes running, busy against a Kafka and Redis that are gone.
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.once(event, (error: unknown) =>
      abort(`${event}: ${(error as Error)?.stack ?? String(error)}`, 1),
    );
  }
  setTimeout(
    () => abort(`still running after BENCH_MAX_S=${options.maxSeconds} s`, 1),
    options.maxSeconds * 1000,
  ).unref();
  return { defer: (cleanup) => cleanups.push(cleanup), stop };
}
