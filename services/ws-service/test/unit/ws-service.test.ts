import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WS_CLOSE_CODES } from '@jobtrack/contracts';
import { startTelemetry } from '@jobtrack/platform/telemetry';
import { eventually } from '@jobtrack/platform/testing';
import { trace } from '@opentelemetry/api';
import {
  jobOf,
  MapJobLookup,
  refusedUpgrade,
  type Stack,
  startStack,
  TestClient,
} from '../support/harness.ts';

// Real span ids, so a frame's traceId can be checked against the producer's trace.
const telemetry = startTelemetry('ws-service-test', { OTEL_SDK_DISABLED: 'true' });
after(() => telemetry.shutdown());

describe('ws-service', () => {
  let stack: Stack;
  const clients: TestClient[] = [];
  const connect = async (user: string) => {
    const client = await TestClient.withToken(stack.url, await stack.token(user));
    clients.push(client);
    return client;
  };

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    for (const client of clients) client.socket.terminate();
    await stack.stop();
  });

  it('pushes the live updates of an own job, with the trace of their producer', async () => {
    const client = await connect('alice');
    const job = stack.jobs.put(jobOf('alice'));
    assert.deepEqual(await client.subscribe(job.id), {
      type: 'subscribed',
      jobId: job.id,
      level: 'progress',
    });

    const producerTrace = await trace.getTracer('test').startActiveSpan('submit', async (span) => {
      await stack.publish(job, { seq: 1, percent: 10, step: 'reserve_inventory', message: 'reserving' });
      span.end();
      return span.spanContext().traceId;
    });
    await stack.publish(job, {
      seq: 2,
      status: 'SUCCEEDED',
      percent: 100,
      step: 'done',
      resultJson: '{"orderId":"o-1"}',
    });

    const first = await client.next();
    assert.ok(first.type === 'event');
    assert.match(first.updatedAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(first, {
      type: 'event',
      jobId: job.id,
      seq: 1,
      status: 'RUNNING',
      done: false,
      progress: { percent: 10, step: 'reserve_inventory', message: 'reserving', stepsDone: 0, stepsTotal: 0 },
      cancelRequested: false,
      updatedAt: first.updatedAt,
      traceId: producerTrace,
    });
    const second = await client.next();
    assert.equal(second.type, 'event');
    if (second.type !== 'event') return;
    assert.deepEqual(
      { seq: second.seq, status: second.status, done: second.done, result: second.result },
      { seq: 2, status: 'SUCCEEDED', done: true, result: { orderId: 'o-1' } },
    );
    assert.match(second.traceId ?? '', /^[0-9a-f]{32}$/);
    assert.notEqual(second.traceId, producerTrace);
  });

  it('carries a failed job’s error', async () => {
    const client = await connect('alice');
    const job = stack.jobs.put(jobOf('alice'));
    await client.subscribe(job.id);
    await stack.publish(job, {
      seq: 1,
      status: 'FAILED',
      error: { code: 'PAYMENT_DECLINED', message: 'no funds' },
    });
    const frame = await client.next();
    assert.equal(frame.type, 'event');
    assert.deepEqual(frame.type === 'event' && frame.error, {
      code: 'PAYMENT_DECLINED',
      message: 'no funds',
    });
  });

  it('answers NOT_FOUND for another user’s job, as for a missing one, and never pushes it', async () => {
    const alice = await connect('alice');
    const mallory = await connect('mallory');
    const job = stack.jobs.put(jobOf('alice'));
    await alice.subscribe(job.id);

    const stolen = await mallory.subscribe(job.id);
    const missing = await mallory.subscribe('job-that-does-not-exist');
    assert.deepEqual(stolen, { type: 'error', code: 'NOT_FOUND', message: 'no such job', jobId: job.id });
    assert.deepEqual(
      { ...missing, jobId: job.id },
      stolen,
      'the answer does not tell someone else’s job from a missing one',
    );

    await stack.publish(job, { seq: 1, percent: 5 });
    assert.equal((await alice.next()).type, 'event');
    assert.deepEqual(await mallory.barrier(), [], 'mallory got nothing of alice’s job');
  });

  it('refuses an upgrade without a valid token with 401 and never opens the socket', async () => {
    const missing = await refusedUpgrade(stack.url);
    assert.equal(missing.status, 401);
    assert.equal(missing.contentType, 'application/problem+json');
    assert.equal(JSON.parse(missing.body).status, 401);

    const forged = await refusedUpgrade(stack.url, { headers: { authorization: 'Bearer not.a.jwt' } });
    assert.equal(forged.status, 401);

    // Two minutes past its expiry: beyond the verifier's clock tolerance.
    const { token: expiredToken } = await stack.issuer.mint('alice', -120);
    const expired = await refusedUpgrade(`${stack.url}?access_token=${expiredToken}`);
    assert.equal(expired.status, 401);
    assert.match(JSON.parse(expired.body).detail, /expired/);

    const otherIssuer = await startStack();
    try {
      const foreign = await refusedUpgrade(stack.url, {
        headers: { authorization: `Bearer ${await otherIssuer.token('alice')}` },
      });
      assert.equal(foreign.status, 401);
    } finally {
      await otherIssuer.stop();
    }
  });

  it('accepts the token in the access_token query parameter, for browsers', async () => {
    const token = await stack.token('alice');
    const client = await TestClient.connect(`${stack.url}?access_token=${encodeURIComponent(token)}`);
    clients.push(client);
    const job = stack.jobs.put(jobOf('alice'));
    assert.equal((await client.subscribe(job.id)).type, 'subscribed');
  });

  it('answers malformed frames with an error frame and keeps the socket usable', async () => {
    const client = await connect('alice');
    client.send('{not json');
    assert.deepEqual(await client.next(), {
      type: 'error',
      code: 'BAD_FRAME',
      message: 'a frame must be a JSON text',
    });
    client.send({ type: 'teleport' });
    assert.deepEqual(await client.next(), {
      type: 'error',
      code: 'UNKNOWN_TYPE',
      message: 'unknown frame type "teleport"',
    });
    client.send({ type: 'subscribe' });
    const invalid = await client.next();
    assert.equal(invalid.type, 'error');
    assert.equal(invalid.type === 'error' && invalid.code, 'INVALID_FIELD');
    assert.match(invalid.type === 'error' ? invalid.message : '', /jobId/);
    client.send({ type: 'subscribe', jobId: 'j', level: 'everything' });
    const badLevel = await client.next();
    assert.match(
      badLevel.type === 'error' ? `${badLevel.code} ${badLevel.message}` : '',
      /INVALID_FIELD .*level/,
    );
    client.send({ type: 'unsubscribe', jobId: 'j', extra: 1 });
    const extra = await client.next();
    assert.match(extra.type === 'error' ? `${extra.code} ${extra.message}` : '', /INVALID_FIELD .*extra/);
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    const binary = await client.next();
    assert.equal(binary.type === 'error' && binary.code, 'BAD_FRAME');

    const job = stack.jobs.put(jobOf('alice'));
    assert.equal((await client.subscribe(job.id)).type, 'subscribed');
    await stack.publish(job, { seq: 1 });
    assert.equal((await client.next()).type, 'event');
  });

  it('sends each seq of a job once, however often the update is consumed', async () => {
    const client = await connect('alice');
    const job = stack.jobs.put(jobOf('alice'));
    await client.subscribe(job.id);
    for (const seq of [1, 2, 1, 2, 3, 3]) await stack.publish(job, { seq, percent: seq * 10 });
    const events = [await client.next(), await client.next(), await client.next()];
    assert.deepEqual(
      events.map((frame) => frame.type === 'event' && frame.seq),
      [1, 2, 3],
    );
    assert.deepEqual(await client.barrier(), []);
  });

  it('sends the current state on subscribe, then only what is newer', async () => {
    const client = await connect('alice');
    const job = stack.jobs.put(jobOf('alice', { seq: 3, status: 'RUNNING', percent: 40 }));
    assert.equal((await client.subscribe(job.id)).type, 'subscribed');
    const snapshot = await client.next();
    assert.deepEqual(
      snapshot.type === 'event' && [snapshot.seq, snapshot.status, snapshot.progress.percent],
      [3, 'RUNNING', 40],
    );
    await stack.publish(job, { seq: 3, percent: 40 });
    await stack.publish(job, { seq: 4, percent: 60 });
    const next = await client.next();
    assert.equal(next.type === 'event' && next.seq, 4);
  });

  it('holds the updates that arrive while a subscription is checked, so none is lost', async () => {
    const witness = await connect('alice');
    const late = await connect('alice');
    const job = stack.jobs.put(jobOf('alice'));
    await witness.subscribe(job.id);
    const lookup = stack.jobs.stall();
    late.send({ type: 'subscribe', jobId: job.id });
    await lookup.entered;
    await stack.publish(job, { seq: 1, percent: 20 });
    assert.equal(
      (await witness.next()).type,
      'event',
      'the update was delivered while the check was pending',
    );
    lookup.release();
    assert.equal((await late.next()).type, 'subscribed');
    const held = await late.next();
    assert.equal(held.type === 'event' && held.seq, 1);
  });

  it('at level status, sends only changes of status', async () => {
    const client = await connect('alice');
    const job = stack.jobs.put(jobOf('alice'));
    assert.deepEqual(await client.subscribe(job.id, 'status'), {
      type: 'subscribed',
      jobId: job.id,
      level: 'status',
    });
    await stack.publish(job, { seq: 1, status: 'RUNNING', percent: 10 });
    await stack.publish(job, { seq: 2, status: 'RUNNING', percent: 50 });
    await stack.publish(job, { seq: 3, status: 'SUCCEEDED', percent: 100 });
    const events = [await client.next(), await client.next()];
    assert.deepEqual(
      events.map((frame) => frame.type === 'event' && [frame.seq, frame.status]),
      [
        [1, 'RUNNING'],
        [3, 'SUCCEEDED'],
      ],
    );
    assert.deepEqual(await client.barrier(), []);
  });

  it('stops pushing a job after unsubscribe', async () => {
    const client = await connect('alice');
    const job = stack.jobs.put(jobOf('alice'));
    await client.subscribe(job.id);
    await stack.publish(job, { seq: 1 });
    assert.equal((await client.next()).type, 'event');
    client.send({ type: 'unsubscribe', jobId: job.id });
    assert.deepEqual(await client.next(), { type: 'unsubscribed', jobId: job.id });

    const watcher = await connect('alice');
    await watcher.subscribe(job.id);
    await stack.publish(job, { seq: 2 });
    assert.equal((await watcher.next()).type, 'event');
    assert.deepEqual(await client.barrier(), []);
  });

  it('counts a socket in the registry under its user, and removes it on close', async () => {
    const client = await connect('registry-user');
    await eventually(
      () => stack.registry.socketsOfUser('registry-user'),
      (sockets) => sockets.length === 1,
    );
    await client.close();
    await eventually(
      () => stack.registry.socketsOfUser('registry-user'),
      (sockets) => sockets.length === 0,
    );
  });

  it('serves health and metrics on the same port, and asks plain HTTP on /ws to upgrade', async () => {
    assert.equal((await fetch(`${stack.httpUrl}/healthz`)).status, 200);
    const metrics = await (await fetch(`${stack.httpUrl}/metrics`)).text();
    assert.match(metrics, /^jobtrack_ws_connections \d+/m);
    assert.match(metrics, /^jobtrack_ws_messages_sent_total\{type="event"\} \d+/m);
    assert.match(metrics, /^jobtrack_ws_frames_rejected_total\{reason="BAD_FRAME"\} \d+/m);
    assert.match(metrics, /^jobtrack_ws_auth_failures_total\{reason="missing"\} \d+/m);
    assert.equal((await fetch(`${stack.httpUrl}/ws`)).status, 426);
    assert.equal((await fetch(`${stack.httpUrl}/elsewhere`)).status, 404);
  });
});

describe('ws-service limits', () => {
  it('refuses a subscription over the per-socket limit', async () => {
    const stack = await startStack({ limits: { maxSubscriptions: 2 } });
    try {
      const client = await TestClient.withToken(stack.url, await stack.token('alice'));
      const jobs = [1, 2, 3].map(() => stack.jobs.put(jobOf('alice')));
      assert.equal((await client.subscribe(jobs[0]?.id as string)).type, 'subscribed');
      assert.equal((await client.subscribe(jobs[1]?.id as string)).type, 'subscribed');
      const refused = await client.subscribe(jobs[2]?.id as string);
      assert.equal(refused.type === 'error' && refused.code, 'TOO_MANY_SUBSCRIPTIONS');
      client.send({ type: 'unsubscribe', jobId: jobs[0]?.id });
      await client.next();
      assert.equal((await client.subscribe(jobs[2]?.id as string)).type, 'subscribed');
      await client.close();
    } finally {
      await stack.stop();
    }
  });

  it('answers INTERNAL when the job service cannot be asked, and the socket stays usable', async () => {
    const jobs = new MapJobLookup();
    const stack = await startStack({
      jobs: {
        get: (id, owner) =>
          id === 'unreachable' ? Promise.reject(new Error('UNAVAILABLE')) : jobs.get(id, owner),
        events: (id, owner, since) => jobs.events(id, owner, since),
      },
    });
    try {
      const client = await TestClient.withToken(stack.url, await stack.token('alice'));
      assert.deepEqual(await client.subscribe('unreachable'), {
        type: 'error',
        code: 'INTERNAL',
        message: 'the request failed; try again',
        jobId: 'unreachable',
      });
      const job = jobs.put(jobOf('alice'));
      assert.equal((await client.subscribe(job.id)).type, 'subscribed');
      await client.close();
    } finally {
      await stack.stop();
    }
  });

  it('refuses a browser from an origin that is not allowed with 403', async () => {
    const stack = await startStack({ allowedOrigins: ['https://app.example.com'] });
    try {
      const token = await stack.token('alice');
      const headers = { authorization: `Bearer ${token}` };
      const refused = await refusedUpgrade(stack.url, { headers, origin: 'https://evil.example.com' });
      assert.equal(refused.status, 403);
      const client = await TestClient.connect(stack.url, { headers, origin: 'https://app.example.com' });
      await client.close();
    } finally {
      await stack.stop();
    }
  });

  it('closes a socket when its token expires', async () => {
    const stack = await startStack();
    try {
      const client = await TestClient.withToken(stack.url, await stack.token('alice', 1));
      assert.deepEqual(await client.closed, { code: WS_CLOSE_CODES.tokenExpired, reason: 'token expired' });
    } finally {
      await stack.stop();
    }
  });

  it('drops a socket that stops answering pings', async () => {
    const stack = await startStack({ limits: { pingIntervalMs: 50 } });
    try {
      const token = await stack.token('alice');
      const silent = await TestClient.withToken(stack.url, token, { autoPong: false });
      const healthy = await TestClient.withToken(stack.url, token);
      assert.equal((await silent.closed).code, 1006);
      const job = stack.jobs.put(jobOf('alice'));
      assert.equal((await healthy.subscribe(job.id)).type, 'subscribed', 'a socket that pongs stays');
      await healthy.close();
    } finally {
      await stack.stop();
    }
  });

  it('closes every socket with 1001 on shutdown and forgets them', async () => {
    const stack = await startStack();
    const client = await TestClient.withToken(stack.url, await stack.token('leaving'));
    const job = stack.jobs.put(jobOf('leaving'));
    await client.subscribe(job.id);
    await stack.stop();
    assert.deepEqual(await client.closed, {
      code: WS_CLOSE_CODES.serverShutdown,
      reason: 'server shutting down',
    });
    assert.deepEqual(await stack.registry.socketsOfUser('leaving'), []);
  });
});
