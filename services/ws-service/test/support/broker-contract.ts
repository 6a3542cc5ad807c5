import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { Collector } from '@jobtrack/platform/testing';
import type { Broker } from '../../src/broker/port.ts';

export interface BrokerPair {
  /** Two replicas' brokers, routing to each other. */
  a: Broker<string>;
  b: Broker<string>;
  close(): Promise<void>;
}

interface Received {
  user: string;
  payload: string;
}

function listenTo(broker: Broker<string>): Collector<Received> {
  const received = new Collector<Received>();
  broker.listen({ message: (user, payload) => received.push({ user, payload }), resync: () => {} });
  return received;
}

/** What every Broker adapter must do, whatever its payload (strings here); run against each adapter. */
export function brokerContract(name: string, createPair: () => Promise<BrokerPair>): void {
  describe(`Broker contract: ${name}`, () => {
    let pair: BrokerPair | undefined;
    const open = async () => {
      pair = await createPair();
      return pair;
    };
    afterEach(async () => {
      await pair?.close();
      pair = undefined;
    });

    it('delivers a user’s messages only to the brokers that joined the user, in publish order', async () => {
      const { a, b } = await open();
      const atA = listenTo(a);
      const atB = listenTo(b);
      const alice = `alice-${randomUUID()}`;
      const bob = `bob-${randomUUID()}`;
      await a.join(alice);
      await b.join(bob);
      for (let n = 1; n <= 20; n++) await b.publish(alice, `a${n}`);
      await a.publish(bob, 'b1');
      const toAlice = await atA.waitFor(20);
      assert.deepEqual(
        toAlice.map((m) => m.payload),
        Array.from({ length: 20 }, (_, i) => `a${i + 1}`),
      );
      assert.ok(toAlice.every((m) => m.user === alice));
      assert.deepEqual(await atB.waitFor(1), [{ user: bob, payload: 'b1' }]);
      // A marker through the same channel proves nothing else was on its way to b.
      await a.publish(bob, 'marker');
      assert.deepEqual(
        (await atB.waitFor(2)).map((m) => m.payload),
        ['b1', 'marker'],
      );
    });

    it('delivers to every broker that joined the same user', async () => {
      const { a, b } = await open();
      const atA = listenTo(a);
      const atB = listenTo(b);
      const user = `carol-${randomUUID()}`;
      await Promise.all([a.join(user), b.join(user)]);
      await a.publish(user, 'hello');
      assert.deepEqual(await atA.waitFor(1), [{ user, payload: 'hello' }]);
      assert.deepEqual(await atB.waitFor(1), [{ user, payload: 'hello' }]);
    });

    it('stops delivering after leave, and delivers again after a new join', async () => {
      const { a, b } = await open();
      const atA = listenTo(a);
      listenTo(b);
      const user = `dave-${randomUUID()}`;
      await a.join(user);
      await b.publish(user, 'one');
      await atA.waitFor(1);
      await a.leave(user);
      await b.publish(user, 'lost');
      await a.join(user);
      await b.publish(user, 'two');
      assert.deepEqual(
        (await atA.waitFor(2)).map((m) => m.payload),
        ['one', 'two'],
      );
    });
  });
}
