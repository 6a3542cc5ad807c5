import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { WS_CLOSE_CODES } from '@jobtrack/contracts';
import WebSocket from 'ws';
import { devToken, submitOrder, validOrder } from './support/platform-client.ts';
import { type Stack, startStack } from './support/stack.ts';
import { connectWs, type Frame, untilTerminal } from './support/ws-client.ts';

type Client = Awaited<ReturnType<typeof connectWs>>;

/** Sends a frame and resolves with the first later frame that matches. */
async function request(client: Client, frame: object, match: (frame: Frame) => boolean): Promise<Frame> {
  const seen = client.frames.items.length;
  client.socket.send(JSON.stringify(frame));
  for (let count = seen + 1; ; count++) {
    const frames = await client.frames.waitFor(count);
    const found = frames.slice(seen).find(match);
    if (found) return found;
  }
}

const subscribedAll = (frame: Frame) => frame.type === 'subscribed' && 'all' in frame;

/** Every event a socket got, per job, in arrival order. */
function seqsByJob(client: Client): Map<string, number[]> {
  const byJob = new Map<string, number[]>();
  for (const frame of client.frames.items) {
    if (frame.type !== 'event' || !frame.jobId) continue;
    byJob.set(frame.jobId, [...(byJob.get(frame.jobId) ?? []), frame.seq ?? 0]);
  }
  return byJob;
}

function assertGapFree(seqs: readonly number[], from: number, what: string): void {
  assert.deepEqual(
    seqs,
    seqs.map((_, index) => from + index),
    `${what}: seq grows by one from ${from}, without gaps or repeats`,
  );
}

async function refusedStatus(url: string): Promise<number> {
  const socket = new WebSocket(url);
  socket.on('error', () => {});
  return new Promise((resolve, reject) => {
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
  });
}

describe('ws-service replicas on real Kafka and Redis', () => {
  let stack: Stack;
  const sockets: WebSocket[] = [];
  const connect = async (replica: number, token: string) => {
    const client = await connectWs(stack.wsUrls[replica] as string, token);
    sockets.push(client.socket);
    return client;
  };

  before(async () => {
    stack = await startStack({ wsReplicas: 2, env: { 'ws-service': { WS_MAX_CONNECTIONS_PER_USER: '4' } } });
  });
  after(async () => {
    for (const socket of sockets) socket.terminate();
    await stack?.stop();
  });

  it('routes each user’s events to that user’s sockets on both replicas, and to no one else', async () => {
    const [alice, bob] = await Promise.all([
      devToken(stack.baseUrl, 'alice'),
      devToken(stack.baseUrl, 'bob'),
    ]);
    const watchers = {
      aliceOn1: await connect(0, alice),
      aliceOn2: await connect(1, alice),
      bobOn1: await connect(0, bob),
      bobOn2: await connect(1, bob),
    };
    for (const client of Object.values(watchers)) {
      await request(client, { type: 'subscribe', all: true, level: 'detail' }, subscribedAll);
    }
    const failing = { ...validOrder, simulate: { authorize_payment: { failAttempts: 1000 } } };
    const jobsOf = {
      alice: await Promise.all(
        [validOrder, failing, validOrder].map((input) => submitOrder(stack.baseUrl, alice, input)),
      ),
      bob: await Promise.all([validOrder, failing].map((input) => submitOrder(stack.baseUrl, bob, input))),
    };
    for (const [name, client] of Object.entries(watchers)) {
      const owned = name.startsWith('alice') ? jobsOf.alice : jobsOf.bob;
      for (const job of owned) await untilTerminal(client.frames, job.id);
    }

    for (const [name, client] of Object.entries(watchers)) {
      const owned = new Set((name.startsWith('alice') ? jobsOf.alice : jobsOf.bob).map((job) => job.id));
      const byJob = seqsByJob(client);
      assert.deepEqual(new Set(byJob.keys()), owned, `${name} got events of exactly its own jobs`);
      for (const [jobId, seqs] of byJob) assertGapFree(seqs, 1, `${name}, job ${jobId}`);
    }
    assert.deepEqual(
      seqsByJob(watchers.aliceOn1),
      seqsByJob(watchers.aliceOn2),
      'both replicas sent the same',
    );
    assert.deepEqual(seqsByJob(watchers.bobOn1), seqsByJob(watchers.bobOn2), 'both replicas sent the same');
  });

  it('keeps other users’ jobs out of reach, and refuses bad tokens, foreign refreshes and extra sockets', async () => {
    const [alice, bob] = await Promise.all([
      devToken(stack.baseUrl, 'alice'),
      devToken(stack.baseUrl, 'bob'),
    ]);
    const job = await submitOrder(stack.baseUrl, alice);
    const mallory = await connect(1, bob);

    const stolen = await request(mallory, { type: 'subscribe', jobId: job.id }, (f) => f.type === 'error');
    const missing = await request(
      mallory,
      { type: 'subscribe', jobId: randomUUID() },
      (f) => f.type === 'error',
    );
    assert.equal(stolen.code, 'NOT_FOUND');
    assert.deepEqual({ ...missing, jobId: job.id }, stolen, 'another user’s job reads as a missing one');

    const resumed = await request(
      mallory,
      { type: 'subscribe', all: true, since: { [job.id]: 0 } },
      subscribedAll,
    );
    assert.deepEqual(resumed, {
      type: 'subscribed',
      all: true,
      level: 'progress',
      recovered: { [job.id]: false },
    });
    const owner = await connect(0, alice);
    await request(
      owner,
      { type: 'subscribe', jobId: job.id, level: 'detail' },
      (f) => f.type === 'subscribed',
    );
    await untilTerminal(owner.frames, job.id);
    await request(mallory, { type: 'ping', id: 'after' }, (f) => f.type === 'pong');
    assert.ok(
      mallory.frames.items.every((frame) => frame.type !== 'event'),
      'nothing of alice’s job reached bob',
    );

    assert.equal(await refusedStatus(`${stack.wsUrls[0]}?access_token=not.a.jwt`), 401);
    assert.equal(await refusedStatus(stack.wsUrls[1] as string), 401);

    mallory.socket.send(JSON.stringify({ type: 'refresh', token: alice }));
    const [code] = (await once(mallory.socket, 'close')) as [number];
    assert.equal(code, WS_CLOSE_CODES.authFailed, 'a refresh with someone else’s token ends the socket');

    const carol = await devToken(stack.baseUrl, 'carol');
    for (let n = 0; n < 4; n++) await connect(n % 2, carol);
    assert.equal(await refusedStatus(`${stack.wsUrls[1]}?access_token=${carol}`), 429);
  });

  it('after a replica is killed, its clients resume on the other one within 3 s, without losing an event', async (t) => {
    const token = await devToken(stack.baseUrl, 'dora');
    // Steps far apart, so the kill falls between two events and the next one is produced after it.
    const slowSteps = {
      reserve_stock: { delayMs: 700 },
      authorize_payment: { delayMs: 700 },
      schedule_shipping: { delayMs: 700 },
    };
    const job = await submitOrder(stack.baseUrl, token, { ...validOrder, simulate: slowSteps });
    const before = await connect(0, token);
    await request(
      before,
      { type: 'subscribe', jobId: job.id, level: 'detail' },
      (f) => f.type === 'subscribed',
    );
    await before.frames.waitFor(3);
    const killed = stack.wsReplicas[0];
    assert.ok(killed);
    const killedAt = performance.now();
    await killed.stop('SIGKILL');
    const seen = (seqsByJob(before).get(job.id) ?? []).slice();
    const lastSeq = seen.at(-1) ?? 0;
    assert.ok(lastSeq >= 1, 'the job had moved before the kill');

    const after = await connect(1, token);
    const resumed = await request(
      after,
      { type: 'subscribe', jobId: job.id, level: 'detail', since: lastSeq },
      (f) => f.type === 'subscribed',
    );
    assert.equal((resumed as { recovered?: boolean }).recovered, true);
    for (let count = 1; ; count++) {
      const frames = await after.frames.waitFor(count);
      if (frames.some((f) => f.type === 'event' && f.jobId === job.id && (f.seq ?? 0) > lastSeq)) break;
    }
    const untilNextEventMs = performance.now() - killedAt;
    t.diagnostic(
      `the next event reached the resumed client ${untilNextEventMs.toFixed(0)} ms after the kill`,
    );
    assert.ok(
      untilNextEventMs < 3000,
      `the next event reached the client ${untilNextEventMs.toFixed(0)} ms after the kill`,
    );
    const events = await untilTerminal(after.frames, job.id, 90_000);
    assert.equal(events.at(-1)?.status, 'SUCCEEDED');
    assertGapFree([...seen, ...events.map((event) => event.seq ?? 0)], seen[0] ?? 1, 'across the kill');
  });
});
