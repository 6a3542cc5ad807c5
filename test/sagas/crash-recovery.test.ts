import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { OrderPlaceInput } from '@jobtrack/contracts';
import { createLogger, createRedis, KafkaBus } from '@jobtrack/platform';
import { eventually, requireEnv } from '@jobtrack/platform/testing';
import { RedisSagaStore } from '@jobtrack/saga';
import { type ServiceProcess, startService } from '../e2e/support/processes.ts';
import { type SagaHarness, startSagaHarness } from './support/harness.ts';

const SAGAS = 200;
/** Sagas that share their order id with the saga before them, so one of each pair waits on the semantic lock. */
const SHARED_ORDER_EVERY = 10;

interface Planned {
  input: OrderPlaceInput;
  expected: 'SUCCEEDED' | 'COMPENSATED';
}

/** A mix of happy orders, declined payments (compensated) and shipping that fails once (retried forward). */
function plan(index: number, runId: string): Planned {
  const shared = index % SHARED_ORDER_EVERY === SHARED_ORDER_EVERY - 1;
  const orderId = `o-${runId}-${shared ? index - 1 : index}`;
  const base = {
    orderId,
    items: [{ sku: 'sku-1', quantity: 1 }],
    amountCents: 1000 + index,
    currency: 'EUR',
  };
  if (index % 4 === 0) {
    return {
      input: { ...base, simulate: { authorize_payment: { failAttempts: 1000 } } },
      expected: 'COMPENSATED',
    };
  }
  if (index % 4 === 1) {
    return {
      input: { ...base, simulate: { schedule_shipping: { failAttempts: 1 } } },
      expected: 'SUCCEEDED',
    };
  }
  return { input: base, expected: 'SUCCEEDED' };
}

describe('an order orchestrator killed with SIGKILL mid-saga', () => {
  const logger = createLogger({ name: 'crash-recovery-test', level: 'warn' });
  const brokers = requireEnv('KAFKA_BROKERS');
  const redisUrl = requireEnv('REDIS_URL');
  const bus = new KafkaBus({ brokers: brokers.split(','), clientId: 'crash-recovery-test', logger });
  const keyPrefix = `test:${randomUUID()}:`;
  const topicPrefix = `test.${randomUUID()}.`;
  const redis = createRedis({ url: redisUrl, keyPrefix, logger, name: 'crash-recovery-test' });
  let harness: SagaHarness;
  let orchestrator: ServiceProcess | undefined;

  const startOrchestrator = () =>
    startService('order-orchestrator', 'services/order/src/main.ts', {
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: keyPrefix,
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      // Far above the restart gap: a reply waiting in Kafka while the orchestrator is down is not a timeout.
      SAGA_STEP_TIMEOUT_MS: '120000',
      SAGA_RETRY_INITIAL_BACKOFF_MS: '50',
      SAGA_RETRY_MAX_BACKOFF_MS: '200',
      SAGA_TIMER_POLL_MS: '20',
      OTEL_TRACES_EXPORTER: 'none',
    });

  before(async () => {
    harness = await startSagaHarness({ bus, redis, topicPrefix, orchestrators: false });
  });
  after(async () => {
    await orchestrator?.stop('SIGKILL');
    await harness?.stop();
    await bus.close();
    await redis.quit();
  });

  it('resumes every saga after a restart: all 200 end as their input says, and no command is applied twice', async () => {
    orchestrator = await startOrchestrator();
    const runId = randomUUID().slice(0, 8);
    const planned = new Map<string, Planned>();
    await Promise.all(
      Array.from({ length: SAGAS }, async (_, index) => {
        const saga = plan(index, runId);
        const jobId = await harness.submit('order.place', saga.input, `job-${runId}-${index}`);
        planned.set(jobId, saga);
      }),
    );

    await harness.events.waitForFinished(SAGAS / 5, 60_000);
    const exit = await orchestrator.stop('SIGKILL');
    assert.equal(exit, null, 'killed by the signal, not exited');
    const finishedAtKill = harness.events.finishedCount;
    assert.ok(
      finishedAtKill < SAGAS,
      `sagas still in flight at the kill (${finishedAtKill} of ${SAGAS} done)`,
    );

    orchestrator = await startOrchestrator();
    await harness.events.waitForFinished(SAGAS, 120_000);

    for (const [jobId, saga] of planned) {
      const events = harness.events.of(jobId);
      assert.equal(events.at(-1)?.status, saga.expected, `${jobId}: ${JSON.stringify(events.at(-1))}`);
    }
    assert.deepEqual(harness.events.conflicts, [], 'a repeated event is always the same event');

    const applications = new Map<string, number>();
    for (const applied of harness.applied) {
      const key = `${applied.commandId}`;
      applications.set(key, (applications.get(key) ?? 0) + 1);
    }
    assert.deepEqual(
      [...applications].filter(([, count]) => count > 1),
      [],
      'no participant applied a command twice',
    );
    for (const [jobId, saga] of planned) {
      const succeeded = harness.applied
        .filter((a) => a.sagaId === jobId && a.action === 'STEP_ACTION_EXECUTE' && a.outcome === 'success')
        .map((a) => a.step);
      const expected =
        saga.expected === 'SUCCEEDED'
          ? ['reserve_stock', 'authorize_payment', 'schedule_shipping']
          : ['reserve_stock'];
      assert.deepEqual(succeeded, expected, `${jobId}: each step succeeded exactly once`);
    }

    const store = new RedisSagaStore(redis, { type: 'order.place' });
    await eventually(
      () => store.inFlight(),
      (count) => count === 0,
    );
  });
});
