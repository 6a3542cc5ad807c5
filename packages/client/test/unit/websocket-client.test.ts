import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JobtrackClient } from '../../src/client.ts';
import type { ClientState, JobUpdate } from '../../src/types.ts';
import { type FakeServer, fakeServer } from './fake-websocket.ts';
import { update } from './updates.ts';

/** Lets promise continuations run; setImmediate is left out of the mocked timers. */
const flush = () => new Promise((resolve) => setImmediate(resolve));
const event = (u: JobUpdate) => ({ type: 'event' as const, ...u });

function clientOf(server: FakeServer, tokens: string[] = ['t1', 't2', 't3', 't4']) {
  let calls = 0;
  const states: ClientState[] = [];
  const errors: Error[] = [];
  const client = new JobtrackClient({
    wsUrl: 'ws://jobs.test/ws',
    token: () => tokens[Math.min(calls++, tokens.length - 1)] as string,
    WebSocket: server.WebSocket,
    reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
  });
  client.on('state', (state) => states.push(state));
  client.on('error', (error) => errors.push(error));
  return { client, states, errors, tokenCalls: () => calls };
}

describe('JobtrackClient over WebSocket (fake server)', () => {
  it('connects on the first watch with the token in the URL, and subscribes once connected', async () => {
    const server = fakeServer();
    const { client, states } = clientOf(server);
    assert.equal(client.state, 'idle');
    assert.equal(client.transport, undefined);
    assert.equal(server.sockets.length, 0, 'lazy: no socket before a watch');
    const watch = client.watch('job-1', { level: 'detail' });
    const socket = await server.socket(0);
    assert.equal(new URL(socket.url).searchParams.get('access_token'), 't1');
    assert.equal(client.transport, 'websocket');
    socket.accept();
    assert.deepEqual(socket.subscribes(), [{ type: 'subscribe', jobId: 'job-1', level: 'detail' }]);
    socket.receive(event(update(1)));
    socket.receive(event(update(2, 'SUCCEEDED')));
    assert.equal((await watch.done).seq, 2);
    assert.deepEqual(socket.sent.at(-1), { type: 'unsubscribe', jobId: 'job-1' });
    await client.close();
    assert.deepEqual(states, ['connecting', 'open', 'closed']);
  });

  it('resubscribes from the last seq after a drop, drops replayed duplicates and reports recovery', async () => {
    const server = fakeServer();
    const { client, states } = clientOf(server);
    const watch = client.watch('job-1', { level: 'detail' });
    const recovered: boolean[] = [];
    watch.on('recovered', (value) => recovered.push(value));
    const first = await server.socket(0);
    first.accept();
    first.receive(event(update(1)));
    first.receive(event(update(2)));
    first.drop(1001, 'server shutdown');
    const second = await server.socket(1);
    assert.equal(new URL(second.url).searchParams.get('access_token'), 't2', 'a fresh token per connect');
    second.accept();
    assert.deepEqual(second.subscribes(), [{ type: 'subscribe', jobId: 'job-1', level: 'detail', since: 2 }]);
    second.receive({ type: 'subscribed', jobId: 'job-1', level: 'detail', recovered: true });
    for (const seq of [2, 3, 4]) second.receive(event(update(seq)));
    second.receive(event(update(5, 'SUCCEEDED')));
    const seqs: number[] = [];
    for await (const u of watch) seqs.push(u.seq);
    assert.deepEqual(seqs, [1, 2, 3, 4, 5]);
    assert.deepEqual(recovered, [true]);
    assert.deepEqual(states.slice(0, 4), ['connecting', 'open', 'reconnecting', 'open']);
    await client.close();
  });

  it('fails only the watch an error frame names', async () => {
    const server = fakeServer();
    const { client } = clientOf(server);
    const missing = client.watch('nope');
    const other = client.watch('job-1');
    const socket = await server.socket(0);
    socket.accept();
    socket.receive({ type: 'error', code: 'NOT_FOUND', message: 'no such job', jobId: 'nope' });
    await assert.rejects(missing.done, (error: Error & { code?: string }) => error.code === 'NOT_FOUND');
    const iterator = missing[Symbol.asyncIterator]();
    await assert.rejects(iterator.next(), /no such job/);
    socket.receive(event(update(1, 'SUCCEEDED')));
    assert.equal((await other.done).seq, 1);
    await client.close();
  });

  it('stops for good on a terminal close code, failing the watches', async () => {
    const server = fakeServer();
    const { client, errors } = clientOf(server);
    const watch = client.watch('job-1');
    const socket = await server.socket(0);
    socket.accept();
    socket.drop(4001, 'auth failed');
    await assert.rejects(watch.done, /4001/);
    assert.equal(client.state, 'closed');
    assert.equal(errors.length, 1);
    assert.throws(() => client.watch('job-2'), /closed/);
    assert.equal(server.sockets.length, 1, 'no reconnect');
  });

  it('reconnects at once with a new token when the old one expired', async () => {
    const server = fakeServer();
    const { client, tokenCalls } = clientOf(server);
    client.watch('job-1');
    (await server.socket(0)).accept();
    server.sockets[0]?.drop(4002, 'token expired');
    const second = await server.socket(1);
    assert.equal(tokenCalls(), 2);
    assert.equal(new URL(second.url).searchParams.get('access_token'), 't2');
    await client.close();
  });

  it('pings, and treats two silent ping intervals as a dead connection', async () => {
    const server = fakeServer();
    const { client } = clientOf(server);
    client.watch('job-1');
    const first = await server.socket(0);
    first.accept({ pingIntervalMs: 20 });
    const second = await server.socket(1);
    assert.ok(
      first.sent.some((frame) => frame.type === 'ping'),
      'sent a ping before giving up',
    );
    assert.equal(first.readyState, 3, 'the dead socket was closed');
    second.accept();
    assert.equal(second.subscribes().length, 1);
    await client.close();
  });

  it('refreshes the token shortly before it expires', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 1_000_000 });
    const server = fakeServer();
    const { client } = clientOf(server);
    client.watch('job-1');
    await flush();
    const socket = server.sockets[0];
    assert.ok(socket);
    // 100 s to live: the refresh goes 10 s (10 % of the lifetime, less than 30 s) before expiry. No heartbeat,
    // since this fake server answers no pings.
    socket.accept({ expiresAt: 1_000 + 100, pingIntervalMs: 0 });
    t.mock.timers.tick(89_999);
    await flush();
    assert.equal(socket.sent.filter((f) => f.type === 'refresh').length, 0);
    t.mock.timers.tick(1);
    await flush();
    assert.deepEqual(
      socket.sent.filter((f) => f.type === 'refresh'),
      [{ type: 'refresh', token: 't2' }],
    );
    socket.receive({ type: 'refreshed', expiresAt: 1_000 + 100 + 3600 });
    // The new expiry is 3610 s away: the next refresh goes 30 s before it.
    t.mock.timers.tick(3_580_000 - 1);
    await flush();
    assert.equal(socket.sent.filter((f) => f.type === 'refresh').length, 1);
    t.mock.timers.tick(1);
    await flush();
    assert.equal(socket.sent.filter((f) => f.type === 'refresh').length, 2);
    await client.close();
  });

  it('refuses a second watch of the same job and bad arguments', async () => {
    const server = fakeServer();
    const { client } = clientOf(server);
    const watch = client.watch('job-1');
    assert.throws(() => client.watch('job-1'), /already watched/);
    assert.throws(() => client.watch(''), TypeError);
    assert.throws(() => client.watch('job-2', { since: -1 }), TypeError);
    assert.throws(() => client.watch('job-2', { level: 'loud' as 'detail' }), TypeError);
    watch.close();
    client.watch('job-1').close();
    await client.close();
  });
});
