import type { Logger } from 'pino';
import { ConfigError } from './config.ts';
import { createLogger } from './logger.ts';
import { errorsTotal } from './metrics.ts';
import { flushTelemetry } from './telemetry.ts';

/** How long a stopped service may take to exit by itself before whatever it left open is reported. */
const LEAK_GRACE_MS = 2000;

export interface Running {
  stop(): Promise<void>;
}

export interface Started extends Running {
  logger: Logger;
  shutdownTimeoutMs: number;
}

/**
 * Runs a service's main: a bad configuration exits 1 with a readable message; SIGTERM or SIGINT drains and stops
 * within the timeout, then exits. A stray rejection is logged and counted rather than taking the process down.
 */
export async function runMain(name: string, start: () => Promise<Started>): Promise<void> {
  let running: Started;
  try {
    running = await start();
  } catch (error) {
    if (error instanceof ConfigError) process.stderr.write(`${name}: ${error.message}\n`);
    else createLogger({ name }).fatal({ err: error }, 'start-up failed');
    process.exit(1);
  }
  const { logger } = running;
  process.on('unhandledRejection', (reason) => {
    errorsTotal.inc({ component: 'process', kind: 'unhandled_rejection' });
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown timed out, exiting');
      process.exit(1);
    }, running.shutdownTimeoutMs).unref();
    running
      .stop()
      .then(() => flushTelemetry())
      .then(
        () => {
          logger.info('stopped');
          // Exits by itself once nothing is left open; a handle still open after this is a leak, named here.
          setTimeout(() => {
            logger.error({ handles: process.getActiveResourcesInfo() }, 'handles left open after stopping');
            process.exit(1);
          }, LEAK_GRACE_MS).unref();
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  logger.info('started');
}

/** For standalone services, which need the real infrastructure; only the embedded runner goes without. */
export function requireInfra<T>(value: T | undefined, names: string): T {
  if (value === undefined) {
    throw new ConfigError(
      `invalid configuration:\n  ${names} required (only the embedded runner goes without)`,
    );
  }
  return value;
}
