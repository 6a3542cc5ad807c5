import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { JobtrackClient, type JobUpdate } from '@jobtrack/client';
import { Collector } from '@jobtrack/platform/testing';
import { devToken, getJob, submitOrder, validOrder } from './support/platform-client.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * A TCP proxy in front of the ws-service replicas, standing in for a load balancer: each new connection goes to
 * the first replica that accepts one. The SDK keeps one URL while the replica behind it changes.
 */
class FailoverProxy {
  readonly #server: Server;
  readonly #ports: number[];
  readonly #open = new Set<{ client: Socket; upstream: Socket }>();
  /** Per accepted connection: the index of the replica it went to and when. */
  readonly connections = new Collector<{ replica: number; at: number }>();

  constructor(ports: number[]) {
    this.#ports = ports;
    this.#server = createServer((client) => void this.#accept(client));
  }

  async listen(): Promise<string> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    const address = this.#server.address();
    assert.ok(address && typeof address === 'object');
    return `ws://127.0.0.1:${address.port}/ws`;
  }

  /** Drops every connection at once, as a network failure would, with both replicas still up. */
  cutAll(): void {
    for (const { client, upstream } of this.#open) {
      client.destroy();
      upstream.destroy();
    }
  }

  async close(): Promise<void> {
    this.cutAll();
    this.#server.close();
    await once(this.#server, 'close');
  }

  async #accept(client: Socket): Promise<void> {
    client.pause();
    client.on('error', () => client.destroy());
    for (const [replica, port] of this.#ports.entries()) {
      const upstream = await reach(port);
      if (!upstream) continue;
      const pair = { client, upstream };
      this.#open.add(pair);
      const end = () => {
        this.#open.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', end).on('close', end);
      client.on('close', end);
      client.pipe(upstream).pipe(client);
      client.resume();
      this.connections.push({ replica, at: Date.now() });
      return;
    }
    client.destroy();
  }
}

function reach(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

const portOf = (url: string) => Number(new URL(url).port);

/** An order whose participant steps each answer late, so the job is still running when its watcher is cut off. */
const slowOrder = (orderId: string) => ({
  ...validOrder,
  orderId,
  simulate: {
    reserve_stock: { delayMs: 700 },
    authorize_payment: { delayMs: 700 },
    schedule_shipping: { delayMs: 700 },
  },
});

interface Followed {
  updates: JobUpdate[];
  /** The longest time from an update being made to the watch yielding it. */
  maxDelayMs: number;
  final: JobUpdate;
  recovered: boolean[];
  errors: Error[];
}

/**
 * Watches a job through the SDK at detail level, calling `interrupt` once on the first update of a job that is
 * still running, and collects everything the watch yields.
 */
async function follow(
  url: string,
  baseUrl: string,
  user: string,
  jobId: string,
  interrupt: () => Promise<void>,
): Promise<Followed> {
  const client = new JobtrackClient({
    wsUrl: url,
    token: () => devToken(baseUrl, user),
    // Slow enough that the job moves on while the client is away: the resume must replay what it missed.
    reconnect: { initialDelayMs: 1500, jitter: 0 },
  });
  const errors: Error[] = [];
  client.on('error', (error) => errors.push(error));
  const watch = client.watch(jobId, { level: 'detail' });
  const recovered: boolean[] = [];
  watch.on('recovered', (value) => recovered.push(value));
  const updates: JobUpdate[] = [];
  let maxDelayMs = 0;
  let interrupted = false;
  try {
    for await (const update of watch) {
      updates.push(update);
      maxDelayMs = Math.max(maxDelayMs, Date.now() - Date.parse(update.updatedAt));
      if (!interrupted && !update.done) {
        interrupted = true;
        await interrupt();
      }
    }
    return { updates, maxDelayMs, final: await watch.done, recovered, errors };
  } finally {
    await client.close();
  }
}

/** Asserts the watch saw every update once and in order, and returns how many were made while it was away. */
function assertGapFree(followed: Followed, disconnectedAt: number, reconnectedAt: number): number {
  const seqs = followed.updates.map((u) => u.seq);
  const first = seqs[0] ?? 0;
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => first + i),
    'strictly increasing by one: no gap, no duplicate',
  );
  assert.equal(followed.final.status, 'SUCCEEDED');
  assert.equal(followed.final.seq, seqs.at(-1), 'the iterator ended with the terminal update');
  assert.deepEqual(followed.recovered, [true], 'one resume, with every missed update');
  assert.deepEqual(followed.errors, []);
  const missed = followed.updates.filter((u) => {
    const madeAt = Date.parse(u.updatedAt);
    return madeAt > disconnectedAt && madeAt < reconnectedAt;
  });
  assert.ok(missed.length > 0, 'some updates were made while the client was away, and were replayed');
  return missed.length;
}

describe("the SDK's reconnect and resume, against two ws-service replicas", () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ wsReplicas: 2 });
  });

  after(async () => {
    await stack?.stop();
  });

  it('resumes without loss after the proxy drops the connection while the job advances', async (t) => {
    const proxy = new FailoverProxy(stack.wsUrls.map(portOf));
    const url = await proxy.listen();
    try {
      const token = await devToken(stack.baseUrl, 'sdk-cut');
      const job = await submitOrder(stack.baseUrl, token, slowOrder('o-sdk-cut'));
      let cutAt = 0;
      const followed = await follow(url, stack.baseUrl, 'sdk-cut', job.id, async () => {
        await proxy.connections.waitFor(1);
        cutAt = Date.now();
        proxy.cutAll();
      });
      const connections = proxy.connections.items;
      assert.equal(connections.length, 2, 'one reconnect');
      const missed = assertGapFree(followed, cutAt, connections[1]?.at ?? 0);
      t.diagnostic(`${missed} of ${followed.updates.length} updates were made while the connection was down`);
      t.diagnostic(`longest delay from an update to its delivery: ${followed.maxDelayMs} ms`);
      assert.equal((await getJob(stack.baseUrl, token, job.id)).seq, followed.final.seq);
    } finally {
      await proxy.close();
    }
  });

  it('resumes gap-free on the other replica after the one holding the socket is killed', async (t) => {
    const proxy = new FailoverProxy(stack.wsUrls.map(portOf));
    const url = await proxy.listen();
    try {
      const token = await devToken(stack.baseUrl, 'sdk-kill');
      const job = await submitOrder(stack.baseUrl, token, slowOrder('o-sdk-kill'));
      let killedAt = 0;
      const followed = await follow(url, stack.baseUrl, 'sdk-kill', job.id, async () => {
        const [holder] = await proxy.connections.waitFor(1);
        const replica = stack.wsReplicas[holder?.replica ?? -1];
        assert.ok(replica, 'the proxy knows the replica holding the socket');
        killedAt = Date.now();
        await replica.stop('SIGKILL');
      });
      assert.deepEqual(
        proxy.connections.items.map((c) => c.replica),
        [0, 1],
        'connected to the first replica, then to the survivor',
      );
      const missed = assertGapFree(followed, killedAt, proxy.connections.items[1]?.at ?? 0);
      t.diagnostic(
        `${missed} of ${followed.updates.length} updates were made while no replica held the socket`,
      );
      t.diagnostic(`longest delay from an update to its delivery: ${followed.maxDelayMs} ms`);
      assert.equal((await getJob(stack.baseUrl, token, job.id)).seq, followed.final.seq);
    } finally {
      await proxy.close();
    }
  });
});
