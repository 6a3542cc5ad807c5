import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { MessageBus, ReceivedMessage } from '../../src/bus/port.ts';
import { Collector } from './collector.ts';

const text = (message: ReceivedMessage) => new TextDecoder().decode(message.value);
const bytes = (value: string) => new TextEncoder().encode(value);

/**
 * The behaviour every MessageBus adapter must have. Run against MemoryBus in unit tests and KafkaBus against a
 * real broker, so the embedded mode cannot drift from production.
 */
export function messageBusContract(name: string, createBus: () => Promise<MessageBus>): void {
  describe(`MessageBus contract: ${name}`, () => {
    const buses: MessageBus[] = [];
    const stops: Array<() => Promise<void>> = [];
    after(async () => {
      for (const stop of stops.reverse()) await stop();
      for (const bus of buses) await bus.close();
    });

    async function freshTopic(partitions = 3): Promise<{ bus: MessageBus; topic: string }> {
      const bus = await createBus();
      buses.push(bus);
      const topic = `contract.${randomUUID()}`;
      await bus.createTopics([{ name: topic, partitions }]);
      return { bus, topic };
    }

    async function consume(
      bus: MessageBus,
      options: { topic: string; groupId: string; fromBeginning?: boolean; ephemeral?: boolean },
      handle: (message: ReceivedMessage) => Promise<void>,
    ) {
      const consumer = await bus.consume({
        groupId: options.groupId,
        topics: [options.topic],
        fromBeginning: options.fromBeginning ?? true,
        ephemeral: options.ephemeral,
        handle,
      });
      stops.push(() => consumer.stop());
      return consumer;
    }

    it('keeps the order of messages that share a key', async () => {
      const { bus, topic } = await freshTopic();
      const keys = ['a', 'b', 'c', 'd'];
      for (let i = 0; i < 20; i++) {
        await bus.publish(
          topic,
          keys.map((key) => ({ key, value: bytes(String(i)), headers: {} })),
        );
      }
      const seen = new Collector<ReceivedMessage>();
      await consume(bus, { topic, groupId: `g-${randomUUID()}` }, async (m) => seen.push(m));
      await seen.waitFor(80);
      for (const key of keys) {
        const values = seen.items.filter((m) => m.key === key).map((m) => Number(text(m)));
        assert.deepEqual(values, [...Array(20).keys()], `order of key ${key}`);
      }
    });

    it('carries binary values and headers unchanged', async () => {
      const { bus, topic } = await freshTopic(1);
      const value = new Uint8Array([0, 255, 1, 128, 10]);
      await bus.publish(topic, [{ key: 'k', value, headers: { ce_id: 'x-1', traceparent: 't' } }]);
      const seen = new Collector<ReceivedMessage>();
      await consume(bus, { topic, groupId: `g-${randomUUID()}` }, async (m) => seen.push(m));
      const [message] = await seen.waitFor(1);
      assert.deepEqual(new Uint8Array(message?.value ?? []), value);
      assert.equal(message?.headers.ce_id, 'x-1');
      assert.equal(message?.headers.traceparent, 't');
      assert.equal(message?.topic, topic);
    });

    it('gives every group every message', async () => {
      const { bus, topic } = await freshTopic();
      const first = new Collector<string>();
      const second = new Collector<string>();
      await consume(bus, { topic, groupId: `g1-${randomUUID()}` }, async (m) => first.push(text(m)));
      await consume(bus, { topic, groupId: `g2-${randomUUID()}` }, async (m) => second.push(text(m)));
      const sent = Array.from({ length: 10 }, (_, i) => `m${i}`);
      await bus.publish(
        topic,
        sent.map((v) => ({ key: v, value: bytes(v), headers: {} })),
      );
      assert.deepEqual((await first.waitFor(10)).toSorted(), sent.toSorted());
      assert.deepEqual((await second.waitFor(10)).toSorted(), sent.toSorted());
    });

    it('splits a group’s partitions between its members, each message to one', async () => {
      const { bus, topic } = await freshTopic(4);
      const groupId = `g-${randomUUID()}`;
      const seen = new Collector<{ member: number; value: string }>();
      await consume(bus, { topic, groupId }, async (m) => seen.push({ member: 1, value: text(m) }));
      await consume(bus, { topic, groupId }, async (m) => seen.push({ member: 2, value: text(m) }));
      const sent = Array.from({ length: 40 }, (_, i) => `v${i}`);
      await bus.publish(
        topic,
        sent.map((v) => ({ key: v, value: bytes(v), headers: {} })),
      );
      await seen.waitFor(40);
      assert.deepEqual(seen.items.map((s) => s.value).toSorted(), sent.toSorted());
      assert.equal(new Set(seen.items.map((s) => s.value)).size, 40, 'no message twice');
    });

    it('redelivers a message whose handler failed', async () => {
      const { bus, topic } = await freshTopic(1);
      let failures = 0;
      const seen = new Collector<string>();
      await consume(bus, { topic, groupId: `g-${randomUUID()}` }, async (m) => {
        if (text(m) === 'flaky' && failures < 2) {
          failures++;
          throw new Error('transient');
        }
        seen.push(text(m));
      });
      await bus.publish(topic, [
        { key: 'k', value: bytes('flaky'), headers: {} },
        { key: 'k', value: bytes('after'), headers: {} },
      ]);
      assert.deepEqual(await seen.waitFor(2), ['flaky', 'after']);
      assert.equal(failures, 2);
    });

    it('resumes a group after the last message it handled', async () => {
      const { bus, topic } = await freshTopic(1);
      const groupId = `g-${randomUUID()}`;
      const firstRun = new Collector<string>();
      const consumer = await bus.consume({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handle: async (m) => firstRun.push(text(m)),
      });
      await bus.publish(
        topic,
        ['a', 'b', 'c'].map((v) => ({ key: 'k', value: bytes(v), headers: {} })),
      );
      await firstRun.waitFor(3);
      await consumer.stop();
      await bus.publish(
        topic,
        ['d', 'e'].map((v) => ({ key: 'k', value: bytes(v), headers: {} })),
      );
      const secondRun = new Collector<string>();
      await consume(bus, { topic, groupId }, async (m) => secondRun.push(text(m)));
      assert.deepEqual(await secondRun.waitFor(2), ['d', 'e']);
    });

    it('starts a new group at the end of the log unless asked for the beginning', async () => {
      const { bus, topic } = await freshTopic(1);
      await bus.publish(topic, [{ key: 'k', value: bytes('old'), headers: {} }]);
      const latest = new Collector<string>();
      const earliest = new Collector<string>();
      await consume(bus, { topic, groupId: `g-${randomUUID()}`, fromBeginning: false }, async (m) =>
        latest.push(text(m)),
      );
      await consume(bus, { topic, groupId: `g-${randomUUID()}`, fromBeginning: true }, async (m) =>
        earliest.push(text(m)),
      );
      await bus.publish(topic, [{ key: 'k', value: bytes('new'), headers: {} }]);
      assert.deepEqual(await earliest.waitFor(2), ['old', 'new']);
      assert.deepEqual(await latest.waitFor(1), ['new']);
    });

    it('forgets an ephemeral group once its member stops, so the same name starts afresh', async () => {
      const { bus, topic } = await freshTopic(1);
      const groupId = `g-${randomUUID()}`;
      await bus.publish(
        topic,
        ['a', 'b'].map((v) => ({ key: 'k', value: bytes(v), headers: {} })),
      );
      const firstRun = new Collector<string>();
      const consumer = await consume(bus, { topic, groupId, ephemeral: true }, async (m) =>
        firstRun.push(text(m)),
      );
      assert.deepEqual(await firstRun.waitFor(2), ['a', 'b']);
      await consumer.stop();
      const secondRun = new Collector<string>();
      await consume(bus, { topic, groupId }, async (m) => secondRun.push(text(m)));
      assert.deepEqual(await secondRun.waitFor(2), ['a', 'b']);
    });

    it('is healthy once a consumer has joined its group', async () => {
      const { bus, topic } = await freshTopic(1);
      await bus.publish(topic, [{ key: 'k', value: bytes('x'), headers: {} }]);
      await consume(bus, { topic, groupId: `g-${randomUUID()}` }, async () => undefined);
      assert.equal(bus.isHealthy(), true);
    });

    it('keeps the partitions of a member whose handler runs longer than the session timeout', async () => {
      const { bus, topic } = await freshTopic(1);
      const handled = new Collector<string>();
      await consume(bus, { topic, groupId: `g-${randomUUID()}` }, async (m) => {
        // Past KAFKA_SESSION_TIMEOUT_MS twice over: without heartbeats meanwhile, the group would drop the member
        // and the message would be handled again.
        if (text(m) === 'slow') await new Promise((resolve) => setTimeout(resolve, 4000));
        handled.push(text(m));
      });
      await bus.publish(topic, [{ key: 'k', value: bytes('slow'), headers: {} }]);
      await bus.publish(topic, [{ key: 'k', value: bytes('next'), headers: {} }]);
      await handled.waitFor(2);
      await bus.publish(topic, [{ key: 'k', value: bytes('last'), headers: {} }]);
      assert.deepEqual(await handled.waitFor(3), ['slow', 'next', 'last']);
    });

    it('handles the other keys of a partition while one key waits, and keeps each key in order', async () => {
      const { bus, topic } = await freshTopic(1);
      let releaseSlow: () => void = () => {};
      const slowReleased = new Promise<void>((resolve) => (releaseSlow = resolve));
      const handled = new Collector<string>();
      await consume(bus, { topic, groupId: `g-${randomUUID()}` }, async (m) => {
        if (text(m) === 'slow-1') await slowReleased;
        handled.push(text(m));
      });
      await bus.publish(topic, [
        { key: 'slow', value: bytes('slow-1'), headers: {} },
        { key: 'slow', value: bytes('slow-2'), headers: {} },
        { key: 'fast', value: bytes('fast-1'), headers: {} },
        { key: 'fast', value: bytes('fast-2'), headers: {} },
      ]);
      assert.deepEqual(
        await handled.waitFor(2),
        ['fast-1', 'fast-2'],
        'the fast key does not wait for the slow one',
      );
      releaseSlow();
      assert.deepEqual(await handled.waitFor(4), ['fast-1', 'fast-2', 'slow-1', 'slow-2']);
    });
  });
}
