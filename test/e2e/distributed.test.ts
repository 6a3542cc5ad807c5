import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually, freePort, requireEnv } from '@jobtrack/platform/testing';
import { Redis } from 'ioredis';
import { OtlpReceiver } from './support/otlp-receiver.ts';
import { devToken, getJob, submitOrder, validOrder } from './support/platform-client.ts';
import { type ServiceProcess, startService } from './support/processes.ts';
import { connectWs, untilTerminal } from './support/ws-client.ts';

const SERVICES = ['gateway', 'job-service', 'order-orchestrator', 'participants', 'ws-service'];

describe('distributed: each service its own OS process, on real Kafka and Redis', () => {
  const processes: ServiceProcess[] = [];
  const receiver = new OtlpReceiver();
  const topicPrefix = `e2e-${randomUUID().slice(0, 8)}.`;
  const keyPrefix = `${topicPrefix}`;
  let baseUrl = '';
  let wsUrl = '';
  let redis: Redis;

  before(async () => {
    const otlp = await receiver.start();
    const [http, grpc, ws, ...metrics] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    baseUrl = `http://127.0.0.1:${http}`;
    wsUrl = `ws://127.0.0.1:${ws}/ws`;
    const common = {
      KAFKA_BROKERS: requireEnv('KAFKA_BROKERS'),
      REDIS_URL: requireEnv('REDIS_URL'),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      REDIS_KEY_PREFIX: keyPrefix,
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      JOB_SERVICE_ADDRESS: `127.0.0.1:${grpc}`,
    };
    processes.push(
      await startService('job-service', 'services/job-service/src/main.ts', {
        ...common,
        GRPC_PORT: String(grpc),
        METRICS_PORT: String(metrics[0]),
      }),
    );
    const started = await Promise.all([
      startService('order', 'services/order/src/main.ts', { ...common, METRICS_PORT: String(metrics[1]) }),
      startService('media', 'services/media/src/main.ts', { ...common, METRICS_PORT: String(metrics[3]) }),
      startService('participants', 'services/participants/src/main.ts', {
        ...common,
        METRICS_PORT: String(metrics[2]),
        // Long enough that the test's subscription (a few ms after the POST) precedes the first step's end.
        PARTICIPANT_LATENCY_MS: '100',
      }),
      startService('gateway', 'services/gateway/src/main.ts', {
        ...common,
        HTTP_PORT: String(http),
        DEV_AUTH: 'true',
      }),
      startService('ws-service', 'services/ws-service/src/main.ts', {
        ...common,
        WS_PORT: String(ws),
        AUTH_JWKS_URL: `${baseUrl}/.well-known/jwks.json`,
      }),
    ]);
    processes.push(...started);
    redis = new Redis(requireEnv('REDIS_URL'));
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    redis?.disconnect();
    await receiver.stop();
  });

  it('runs an order to SUCCEEDED, pushed live over WebSocket, with one trace id across every hop', async (t) => {
    const token = await devToken(baseUrl, 'alice');
    const { socket, frames } = await connectWs(wsUrl, token);
    const submittedAt = performance.now();
    const job = await submitOrder(baseUrl, token);
    socket.send(JSON.stringify({ type: 'subscribe', jobId: job.id, level: 'detail' }));
    const events = await untilTerminal(frames, job.id);
    const latencyMs = performance.now() - submittedAt;
    t.diagnostic(`POST to terminal WebSocket event: ${latencyMs.toFixed(1)} ms`);
    socket.close();

    assert.equal(job.status, 'PENDING');
    const last = events.at(-1);
    assert.equal(last?.status, 'SUCCEEDED');
    assert.equal(last?.progress?.percent, 100);
    const seqs = events.map((e) => e.seq ?? 0);
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => (seqs[0] ?? 0) + i),
      'seq grows by one without gaps',
    );
    const percents = events.map((e) => e.progress?.percent ?? 0);
    assert.deepEqual(
      percents,
      percents.toSorted((a, b) => a - b),
      'progress never goes back',
    );
    assert.ok(
      events.every((e) => e.traceId === job.traceId),
      'every frame carries the request trace id',
    );

    const stored = await getJob(baseUrl, token, job.id);
    assert.equal(stored.status, 'SUCCEEDED');
    assert.equal(stored.seq, last?.seq, 'GET agrees with the last pushed event');

    const ttl = await redis.pttl(`${keyPrefix}job:${job.id}`);
    assert.ok(ttl > 0, `the job key has a TTL (got ${ttl})`);

    const traced = await eventually(
      () => [...receiver.servicesInTrace(job.traceId)].toSorted(),
      (services) => SERVICES.every((s) => services.includes(s)),
    );
    assert.deepEqual(traced, SERVICES.toSorted());
  });

  it('undoes the stock reservation when payment is declined, and the client sees COMPENSATED', async () => {
    const token = await devToken(baseUrl, 'alice');
    const { socket, frames } = await connectWs(wsUrl, token);
    const job = await submitOrder(baseUrl, token, {
      ...validOrder,
      simulate: { authorize_payment: { failAttempts: 1000 } },
    });
    socket.send(JSON.stringify({ type: 'subscribe', jobId: job.id, level: 'detail' }));
    const events = await untilTerminal(frames, job.id);
    socket.close();
    assert.equal(events.at(-1)?.status, 'COMPENSATED');
    assert.ok(events.some((e) => e.status === 'COMPENSATING' && e.progress?.step === 'reserve_stock'));
    assert.equal((await getJob(baseUrl, token, job.id)).status, 'COMPENSATED');
  });

  it('never pushes one user’s job to another user', async () => {
    const alice = await devToken(baseUrl, 'alice');
    const bob = await devToken(baseUrl, 'bob');
    const bobSocket = await connectWs(wsUrl, bob);
    const aliceSocket = await connectWs(wsUrl, alice);
    const job = await submitOrder(baseUrl, alice);
    bobSocket.socket.send(JSON.stringify({ type: 'subscribe', jobId: job.id, level: 'detail' }));
    aliceSocket.socket.send(JSON.stringify({ type: 'subscribe', jobId: job.id, level: 'detail' }));
    const [refusal] = await bobSocket.frames.waitFor(1);
    assert.equal(refusal?.type, 'error');
    assert.equal(refusal?.code, 'NOT_FOUND');
    await untilTerminal(aliceSocket.frames, job.id);
    // Bob's socket is still open and answering, and got nothing about the job.
    bobSocket.socket.send(JSON.stringify({ type: 'ping' }));
    await bobSocket.frames.waitFor(2);
    assert.ok(bobSocket.frames.items.every((f) => f.type !== 'event'));
    bobSocket.socket.close();
    aliceSocket.socket.close();
  });

  it('keeps a token sent in the URL out of every exported span', async () => {
    const token = await devToken(baseUrl, 'alice');
    const response = await fetch(`${wsUrl.replace('ws:', 'http:')}?access_token=${token}`);
    assert.equal(response.status, 426, 'a plain GET on /ws is asked to upgrade');
    await eventually(() => receiver.bodies.some((body) => body.includes('access_token=REDACTED')), Boolean);
    assert.ok(
      receiver.bodies.every((body) => !body.includes(token)),
      'no span carries the token',
    );
  });

  it('stops every service on SIGTERM, each exiting by itself with no handle left open', async () => {
    // runMain never forces the exit of a clean stop: a process still holding a handle 2 s later logs it and exits 1.
    const codes = await Promise.all(processes.map((p) => p.stop('SIGTERM')));
    assert.deepEqual(
      codes,
      processes.map(() => 0),
      processes.map((p) => `${p.name}: ${p.output().slice(-500)}`).join('\n'),
    );
  });
});
