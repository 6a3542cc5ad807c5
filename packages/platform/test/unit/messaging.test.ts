import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEAD_LETTER_TOPIC, HEADERS, type JobEvent, TOPICS } from '@jobtrack/contracts';
import {
  createLogger,
  MemoryBus,
  Messaging,
  metricsRegistry,
  type ReceivedMessage,
} from '../../src/index.ts';
import { Collector } from '../support/collector.ts';

const logger = createLogger({ name: 'messaging-test', level: 'silent' });

async function setUp() {
  const bus = new MemoryBus();
  const messaging = new Messaging({ bus, source: 'test', logger });
  await messaging.createTopics([TOPICS.jobEvents, DEAD_LETTER_TOPIC]);
  const deadLetters = new Collector<ReceivedMessage>();
  await bus.consume({
    groupId: 'dlq-reader',
    topics: [DEAD_LETTER_TOPIC.name],
    fromBeginning: true,
    handle: async (message) => deadLetters.push(message),
  });
  return { bus, messaging, deadLetters };
}

const event = (jobId: string) => ({ jobId, seq: 1, status: 'JOB_STATUS_RUNNING' as const });

describe('Messaging', () => {
  it('counts every outcome of a consumer from 0, before its first message, so an alert sees the first', async () => {
    const { messaging } = await setUp();
    await messaging.consume({ groupId: 'counted', topic: TOPICS.jobEvents, handle: async () => undefined });
    const counted = (await metricsRegistry.getSingleMetric('jobtrack_messages_consumed_total')?.get())?.values
      .filter((sample) => sample.labels.group === 'counted')
      .map((sample) => [sample.labels.outcome, sample.value]);
    assert.deepEqual(counted?.toSorted(), [
      ['dead_lettered', 0],
      ['processed', 0],
      ['retried', 0],
    ]);
  });

  it('dead-letters a payload that is not the topic’s message type, with the reason, and goes on', async () => {
    const { bus, messaging, deadLetters } = await setUp();
    const handled = new Collector<JobEvent>();
    await messaging.consume({
      groupId: 'g',
      topic: TOPICS.jobEvents,
      handle: async (payload) => handled.push(payload),
    });
    const garbage = new TextEncoder().encode('{"this is":"not protobuf"}');
    await bus.publish(TOPICS.jobEvents.name, [
      { key: 'j1', value: garbage, headers: { [HEADERS.id]: 'bad-1' } },
    ]);
    await messaging.publish(TOPICS.jobEvents, 'j2', event('j2'));

    const [dead] = await deadLetters.waitFor(1);
    assert.deepEqual(new Uint8Array(dead?.value ?? []), garbage, 'the raw bytes are kept');
    assert.equal(dead?.headers[HEADERS.deadLetterTopic], TOPICS.jobEvents.name);
    assert.equal(dead?.headers[HEADERS.deadLetterGroup], 'g');
    assert.match(dead?.headers[HEADERS.deadLetterReason] ?? '', /PayloadError/);
    assert.equal((await handled.waitFor(1))[0]?.jobId, 'j2', 'the consumer went on to the next message');
  });

  it('retries a failing handler, then dead-letters the message without stopping', async () => {
    const { messaging, deadLetters } = await setUp();
    let attempts = 0;
    const handled = new Collector<string>();
    await messaging.consume({
      groupId: 'g',
      topic: TOPICS.jobEvents,
      handle: async (payload) => {
        if (payload.jobId === 'doomed') {
          attempts++;
          throw new Error('downstream is broken');
        }
        handled.push(payload.jobId);
      },
    });
    await messaging.publish(TOPICS.jobEvents, 'doomed', event('doomed'));
    await messaging.publish(TOPICS.jobEvents, 'doomed', event('fine'));
    await deadLetters.waitFor(1);
    assert.equal(attempts, 3);
    assert.deepEqual(await handled.waitFor(1), ['fine']);
  });

  it('stamps the CloudEvents envelope in headers', async () => {
    const { bus, messaging } = await setUp();
    const raw = new Collector<ReceivedMessage>();
    await bus.consume({
      groupId: 'raw',
      topics: [TOPICS.jobEvents.name],
      fromBeginning: true,
      handle: async (m) => raw.push(m),
    });
    await messaging.publish(TOPICS.jobEvents, 'j3', event('j3'), { id: 'j3:1' });
    const [message] = await raw.waitFor(1);
    assert.equal(message?.key, 'j3');
    assert.equal(message?.headers[HEADERS.id], 'j3:1');
    assert.equal(message?.headers[HEADERS.type], 'jobtrack.events.v1.JobEvent');
    assert.equal(message?.headers[HEADERS.source], 'test');
    assert.equal(message?.headers[HEADERS.contentType], 'application/protobuf');
    assert.ok(message?.headers[HEADERS.time]);
  });
});
