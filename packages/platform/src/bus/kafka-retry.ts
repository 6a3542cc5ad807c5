import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';

/**
 * Errors that say "not now" rather than "never": a broker still starting (connection refused, coordinator
 * loading, leader not yet elected), a connection cut, a request that timed out. kafkajs marks most of them
 * `retriable`, but wraps them once its own few retries run out, so the cause chain is what counts.
 */
export function isRetriableKafkaError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth++) {
    const { retriable, name } = current as Error & { retriable?: boolean };
    if (retriable === true || RETRIABLE_NAMES.has(name)) return true;
    if (
      retriable === false &&
      name !== 'KafkaJSNumberOfRetriesExceeded' &&
      name !== 'KafkaJSNonRetriableError'
    )
      return false;
    current =
      (current as { cause?: unknown; originalError?: unknown }).cause ??
      (current as { originalError?: unknown }).originalError;
  }
  return false;
}

/** Retriable here though kafkajs marks some of them not: on a broker still starting they are the normal case. */
const RETRIABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSNoBrokerAvailableError',
  // No coordinator until the broker has created its offsets topic, seconds after a fresh start.
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSTimeout',
]);

export interface KafkaRetryOptions {
  logger: Logger;
  /** Stops the retries (the service is shutting down); the last error is thrown. */
  signal?: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs a Kafka operation until it succeeds or fails for good. Retriable failures are retried for as long as it
 * takes, with exponential backoff and full jitter so that replicas started together do not retry in step; a
 * non-retriable one is thrown at once with what was being done. The first failure and every tenth are logged.
 */
export async function retryKafka<T>(
  what: string,
  operation: () => Promise<T>,
  options: KafkaRetryOptions,
): Promise<T> {
  const initial = options.initialDelayMs ?? 100;
  const cap = options.maxDelayMs ?? 5000;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await operation();
      if (attempt > 1) options.logger.info({ attempts: attempt }, `${what}: succeeded after retrying`);
      return result;
    } catch (error) {
      if (!isRetriableKafkaError(error)) throw new KafkaOperationError(what, error);
      if (options.signal?.aborted) throw error;
      if (attempt === 1 || attempt % 10 === 0) {
        options.logger.warn({ err: error, attempt }, `${what}: Kafka not available yet, retrying`);
      }
      const ceiling = Math.min(cap, initial * 2 ** Math.min(attempt - 1, 16));
      await delay(Math.max(1, Math.round(Math.random() * ceiling)), undefined, {
        signal: options.signal,
      }).catch(() => undefined);
      if (options.signal?.aborted) throw error;
    }
  }
}

/** A Kafka failure no retry can fix: bad credentials, a missing permission, an invalid request. */
export class KafkaOperationError extends Error {
  override name = 'KafkaOperationError';

  constructor(what: string, cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`${what} failed and retrying cannot help (${detail}); ${remedyFor(cause)}`, { cause });
  }
}

function remedyFor(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name} ${error.message} ${(error as { type?: string }).type}` : '';
  if (/SASL|AUTHENTICATION/i.test(text)) return 'check the Kafka credentials';
  if (/AUTHORIZATION/i.test(text)) return "grant this service's principal the ACLs it needs";
  if (/UNKNOWN_TOPIC|TOPIC_OR_PARTITION/i.test(text))
    return 'create the topics, or let the service create them';
  return 'check KAFKA_BROKERS and the broker logs';
}
