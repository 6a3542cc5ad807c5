import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type ConnectionEvent,
  type EventFrame,
  type ServerFrame,
  TOPICS,
  WS_CLOSE_CODES,
} from '@jobtrack/contracts';
import { createLogger, MemoryBus, Messaging } from '@jobtrack/platform';
import { Collector } from '@jobtrack/platform/testing';
import { jobOf, jobUpdate, refusedUpgrade, type Stack, startStack, TestClient } from '../support/harness.ts';

const seqs = (frames: ServerFrame[]) =>
  frames.flatMap((frame) => (frame.type === 'event' ? [frame.seq] : []));

/** Reads frames until `count` events arrived, returning everything read. */
async function events(client: TestClient, count: number): Promise<ServerFrame[]> {
  const read: ServerFrame[] = [];
  while (seqs(read).length < count) read.push(await client.next());
  return read;
}

describe('ws-service protocol', () => {
  let stack: Stack;
  const clients: TestClient[] = [];
  const connect = async (user: string, ttlSeconds?: number) => {
    const client = await TestClient.withToken(stack.url, await stack.token(user, ttlSeconds));
    clients.push(client);
    return client;
  };

  before(async () => {
    stack = await startStack({ limits: { messageRate: 5, messageBurst: 5, maxViolations: 3 } });
  });
  after(async () => {
    for (const client of clients) client.socket.terminate();
    await stack.stop();
  });

  it('greets every socket with who it is and the limits it is held to', async () => {
    const client = await connect('alice');
    assert.equal(client.welcome?.user, 'alice');
    assert.equal(client.welcome?.maxSubscriptions, 100);
    assert.equal(client.welcome?.maxPayloadBytes, 64 * 1024);
    assert.equal(client.welcome?.pingIntervalMs, 25_000);
    assert.ok((client.welcome?.expiresAt ?? 0) > Date.now() / 1000);
    assert.match(client.welcome?.connectionId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('resumes after `since` with every missed event, in order, and says it recovered', async () => {
    const job = stack.jobs.put(jobOf('alice'));
    for (let seq = 1; seq <= 5; seq++) await stack.publish(job, { seq, percent: seq * 10 });
    const client = await connect('alice');
    client.send({ type: 'subscribe', jobId: job.id, level: 'detail', since: 2 });
    assert.deepEqual(await client.next(), {
      type: 'subscribed',
      jobId: job.id,
      level: 'detail',
      recovered: true,
    });
    await stack.publish(job, { seq: 6, percent: 60 });
    assert.deepEqual(seqs(await events(client, 4)), [3, 4, 5, 6]);
  });

  it('says it did not recover when the history no longer reaches back, and starts at the current state', async () => {
    const job = stack.jobs.put(jobOf('alice'));
    stack.jobs.historyLimit = 3;
    try {
      for (let seq = 1; seq <= 8; seq++) await stack.publish(job, { seq, percent: seq * 10 });
    } finally {
      stack.jobs.historyLimit = 200;
    }
    const client = await connect('alice');
    client.send({ type: 'subscribe', jobId: job.id, level: 'detail', since: 2 });
    assert.deepEqual(await client.next(), {
      type: 'subscribed',
      jobId: job.id,
      level: 'detail',
      recovered: false,
    });
    assert.deepEqual(seqs(await events(client, 1)), [8]);
  });

  it('fills a gap in the live stream from the history before sending anything newer', async () => {
    const job = stack.jobs.put(jobOf('alice'));
    const client = await connect('alice');
    await client.subscribe(job.id, 'detail');
    await stack.publish(job, { seq: 1 });
    // Committed by the job service, but its Kafka message never reaches the replica.
    stack.jobs.record(jobUpdate(job, { seq: 2, percent: 20 }));
    await stack.publish(job, { seq: 3, percent: 30 });
    assert.deepEqual(seqs(await events(client, 3)), [1, 2, 3]);
  });

  it('at level progress, sends changes of status or percent only', async () => {
    const job = stack.jobs.put(jobOf('alice'));
    const client = await connect('alice');
    await client.subscribe(job.id, 'progress');
    await stack.publish(job, { seq: 1, percent: 10, message: 'a' });
    await stack.publish(job, { seq: 2, percent: 10, message: 'b' });
    await stack.publish(job, { seq: 3, percent: 50 });
    await stack.publish(job, { seq: 4, percent: 50, status: 'SUCCEEDED' });
    assert.deepEqual(seqs(await events(client, 3)), [1, 3, 4]);
    assert.deepEqual(await client.barrier(), []);
  });

  it('subscribes to all of a user’s jobs, new ones included, resuming the jobs it names', async () => {
    const known = stack.jobs.put(jobOf('bob'));
    for (let seq = 1; seq <= 3; seq++) await stack.publish(known, { seq });
    const client = await connect('bob');
    client.send({ type: 'subscribe', all: true, level: 'detail', since: { [known.id]: 1, 'not-bobs': 4 } });
    assert.deepEqual(await client.next(), {
      type: 'subscribed',
      all: true,
      level: 'detail',
      recovered: { [known.id]: true, 'not-bobs': false },
    });
    const fresh = stack.jobs.put(jobOf('bob'));
    await stack.publish(fresh, { seq: 1 });
    await stack.publish(stack.jobs.put(jobOf('carol')), { seq: 1 });
    await stack.publish(known, { seq: 4 });
    const read = (await events(client, 4)).filter((frame): frame is EventFrame => frame.type === 'event');
    assert.deepEqual(
      read.filter((frame) => frame.jobId === known.id).map((frame) => frame.seq),
      [2, 3, 4],
    );
    assert.deepEqual(
      read.filter((frame) => frame.jobId === fresh.id).map((frame) => frame.seq),
      [1],
    );
    assert.deepEqual(await client.barrier(), [], 'carol’s job never showed up');
  });

  it('answers pings, and refreshes the token of its own user', async () => {
    const client = await connect('alice', 60);
    client.send({ type: 'ping', id: 'p1' });
    assert.deepEqual(await client.next(), { type: 'pong', id: 'p1' });
    client.send({ type: 'refresh', token: await stack.token('alice', 3600) });
    const refreshed = await client.next();
    assert.equal(refreshed.type, 'refreshed');
    assert.ok(refreshed.type === 'refreshed' && refreshed.expiresAt > (client.welcome?.expiresAt ?? 0));
    client.send({ type: 'refresh', token: 'not.a.jwt' });
    const refused = await client.next();
    assert.equal(refused.type === 'error' && refused.code, 'TOKEN_INVALID');
  });

  it('closes a socket whose refresh names another user', async () => {
    const client = await connect('alice');
    client.send({ type: 'refresh', token: await stack.token('mallory') });
    assert.equal((await client.closed).code, WS_CLOSE_CODES.authFailed);
  });

  it('rate-limits frames, and closes a socket that keeps breaking the rules', async () => {
    const client = await connect('alice');
    for (let n = 0; n < 6; n++) client.send({ type: 'ping' });
    const replies = await Promise.all(Array.from({ length: 6 }, () => client.next()));
    // Replies to different frames are not ordered among themselves: a refusal needs no wait.
    assert.deepEqual(replies.map((frame) => (frame.type === 'error' ? frame.code : frame.type)).toSorted(), [
      'RATE_LIMITED',
      'pong',
      'pong',
      'pong',
      'pong',
      'pong',
    ]);
    for (let n = 0; n < 3; n++) client.send('{');
    assert.equal((await client.closed).code, WS_CLOSE_CODES.policyViolation);
  });

  it('closes a socket that sends a frame over the payload limit with 1009', async () => {
    const client = await connect('alice');
    client.send({ type: 'ping', id: 'x'.repeat(70 * 1024) });
    assert.equal((await client.closed).code, WS_CLOSE_CODES.messageTooBig);
  });
});

describe('ws-service connection limits and events', () => {
  it('refuses a user’s socket over the per-user limit with 429, and publishes connects and disconnects', async () => {
    const bus = new MemoryBus();
    const stack = await startStack({ bus, maxConnectionsPerUser: 2 });
    const seen = new Collector<ConnectionEvent>();
    const messaging = new Messaging({
      bus,
      source: 'test',
      logger: createLogger({ name: 't', level: 'silent' }),
    });
    const consumer = await messaging.consume({
      groupId: 'connection-events-test',
      topic: TOPICS.wsConnections,
      handle: async (event) => seen.push(event),
    });
    try {
      const token = await stack.token('erin');
      const first = await TestClient.withToken(stack.url, token);
      const second = await TestClient.withToken(stack.url, token);
      const refused = await refusedUpgrade(stack.url, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(refused.status, 429);
      await first.close();
      const third = await TestClient.withToken(stack.url, token);
      await Promise.all([second.close(), third.close()]);
      const events = await seen.waitFor(6);
      assert.deepEqual(
        events.map((event) => event.kind.replace('CONNECTION_EVENT_KIND_', '')),
        ['CONNECTED', 'CONNECTED', 'DISCONNECTED', 'CONNECTED', 'DISCONNECTED', 'DISCONNECTED'],
      );
      assert.ok(events.every((event) => event.user === 'erin' && event.instance.startsWith('test-')));
      const closedFirst = events[2];
      assert.equal(closedFirst?.connectionId, first.welcome?.connectionId);
      assert.equal(closedFirst?.reason, 'client_closed');
      assert.equal(closedFirst?.closeCode, 1005);
    } finally {
      await consumer.stop();
      await stack.stop();
    }
  });
});
