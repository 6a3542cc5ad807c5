import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import { isRetriableKafkaError, KafkaOperationError, retryKafka } from '../../src/bus/kafka-retry.ts';
import { createLogger } from '../../src/logger.ts';

const logger = createLogger({ name: 'kafka-retry-test', level: 'silent' });

// The errors kafkajs itself throws; its typings declare their constructors narrower than they are.
type ErrorClass = new (...args: unknown[]) => Error;
const errors = kafkajs as unknown as Record<string, ErrorClass>;
const kafkaError = (name: string, ...args: unknown[]): Error => new (errors[name] as ErrorClass)(...args);
const coordinatorLoading = () =>
  kafkaError('KafkaJSProtocolError', {
    message: 'The coordinator is loading and hence can not process requests',
    type: 'COORDINATOR_LOAD_IN_PROGRESS',
    code: 14,
    retriable: true,
  });
const refused = () =>
  kafkaError('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED 127.0.0.1:19092');

describe('isRetriableKafkaError', () => {
  it('retries what a starting or lost broker answers', () => {
    assert.equal(isRetriableKafkaError(refused()), true);
    assert.equal(isRetriableKafkaError(coordinatorLoading()), true);
    assert.equal(
      isRetriableKafkaError(kafkaError('KafkaJSGroupCoordinatorNotFound', 'no coordinator yet')),
      true,
    );
  });

  it('looks through kafkajs giving up after its own retries to the cause', () => {
    const exhausted = kafkaError('KafkaJSNumberOfRetriesExceeded', refused(), {
      retryCount: 5,
      retryTime: 2000,
    });
    assert.equal(isRetriableKafkaError(exhausted), true);
  });

  it('does not retry what no retry can fix', () => {
    assert.equal(isRetriableKafkaError(kafkaError('KafkaJSSASLAuthenticationError', 'bad password')), false);
    assert.equal(isRetriableKafkaError(kafkaError('KafkaJSNonRetriableError', 'invalid request')), false);
    assert.equal(isRetriableKafkaError(new TypeError('a bug')), false);
    assert.equal(isRetriableKafkaError('not an error'), false);
  });
});

describe('retryKafka', () => {
  it('retries retriable failures until the operation succeeds', async () => {
    const failures = [refused(), coordinatorLoading(), refused()];
    let calls = 0;
    const result = await retryKafka(
      'joining a group',
      async () => {
        calls++;
        const failure = failures.shift();
        if (failure) throw failure;
        return 'joined';
      },
      { logger, initialDelayMs: 1, maxDelayMs: 5 },
    );
    assert.deepEqual([result, calls], ['joined', 4]);
  });

  it('fails at once on a non-retriable error, saying what was being done and what to check', async () => {
    let calls = 0;
    const failing = retryKafka(
      'connecting the producer',
      async () => {
        calls++;
        throw kafkaError('KafkaJSSASLAuthenticationError', 'SASL PLAIN authentication failed');
      },
      { logger, initialDelayMs: 1 },
    );
    await assert.rejects(failing, (error: Error) => {
      assert.ok(error instanceof KafkaOperationError);
      assert.match(error.message, /^connecting the producer failed and retrying cannot help/);
      assert.match(error.message, /check the Kafka credentials/);
      return true;
    });
    assert.equal(calls, 1);
  });

  it('stops retrying once aborted, with the last error', async () => {
    const closing = new AbortController();
    let calls = 0;
    const failing = retryKafka(
      'creating topics',
      async () => {
        calls++;
        if (calls === 2) closing.abort();
        throw refused();
      },
      { logger, signal: closing.signal, initialDelayMs: 1, maxDelayMs: 2 },
    );
    await assert.rejects(failing, { name: 'KafkaJSConnectionError' });
    assert.equal(calls, 2);
  });
});
