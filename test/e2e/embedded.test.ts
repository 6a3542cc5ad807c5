import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { createJobServiceApi, JOB_ID } from '@jobtrack/contracts';
import { freePort } from '@jobtrack/platform/testing';
import { devToken, getJob, submitOrder, validOrder } from './support/platform-client.ts';
import { type ServiceProcess, startService } from './support/processes.ts';
import { connectWs, untilTerminal } from './support/ws-client.ts';

describe('embedded default: the main command with neither KAFKA_BROKERS nor REDIS_URL', () => {
  let platform: ServiceProcess;
  let baseUrl = '';
  let wsUrl = '';
  let grpcAddress = '';

  before(async () => {
    const [http, ws, grpc] = await Promise.all([freePort(), freePort(), freePort()]);
    baseUrl = `http://127.0.0.1:${http}`;
    wsUrl = `ws://127.0.0.1:${ws}/ws`;
    grpcAddress = `127.0.0.1:${grpc}`;
    platform = await startService('embedded', 'services/embedded/src/main.ts', {
      KAFKA_BROKERS: undefined,
      REDIS_URL: undefined,
      HTTP_PORT: String(http),
      WS_PORT: String(ws),
      GRPC_PORT: String(grpc),
      // Long enough that the test's subscription (a few ms after the POST) precedes the first step's end.
      PARTICIPANT_LATENCY_MS: '100',
    });
    assert.match(platform.output(), /"mode":"in-memory"/);
  });

  after(async () => {
    assert.equal(await platform.stop('SIGTERM'), 0, platform.output().slice(-2000));
  });

  it('runs an order to SUCCEEDED and pushes its progress over WebSocket', async () => {
    const token = await devToken(baseUrl, 'alice');
    const { socket, frames } = await connectWs(wsUrl, token);
    const job = await submitOrder(baseUrl, token);
    socket.send(JSON.stringify({ type: 'subscribe', jobId: job.id, level: 'progress' }));
    const events = await untilTerminal(frames, job.id);
    socket.close();
    assert.equal(events.at(-1)?.status, 'SUCCEEDED');
    assert.equal(events.at(-1)?.progress?.percent, 100);
    assert.ok(events.every((e) => e.traceId === job.traceId));
    const stored = await getJob(baseUrl, token, job.id);
    assert.equal(stored.seq, events.at(-1)?.seq);
  });

  it('undoes the stock reservation when payment is declined, and shows COMPENSATED', async () => {
    const token = await devToken(baseUrl, 'bob');
    const { socket, frames } = await connectWs(wsUrl, token);
    const job = await submitOrder(baseUrl, token, {
      ...validOrder,
      simulate: { authorize_payment: { failAttempts: 1000 } },
    });
    socket.send(JSON.stringify({ type: 'subscribe', jobId: job.id, level: 'detail' }));
    const events = await untilTerminal(frames, job.id);
    socket.close();
    const compensated = events.filter((e) => e.status === 'COMPENSATING').map((e) => e.progress?.step);
    assert.deepEqual(
      compensated,
      ['reserve_stock'],
      'the pivot failed, so only the step before it is undone',
    );
    assert.equal(events.at(-1)?.status, 'COMPENSATED');
  });

  it('refuses the same invalid job id over REST, gRPC and WebSocket with the same rule', async () => {
    const invalid = 'not a job id!';
    const token = await devToken(baseUrl, 'carol');

    const response = await fetch(`${baseUrl}/v1/jobs/${encodeURIComponent(invalid)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { errors?: Array<{ message: string }> };
    assert.deepEqual(
      problem.errors?.map((error) => error.message),
      [JOB_ID.rule],
    );

    const api = createJobServiceApi(grpcAddress);
    try {
      await assert.rejects(
        api.getJob({ id: invalid, owner: 'carol' }),
        (error: { code: number; details: string }) => {
          assert.equal(error.code, status.INVALID_ARGUMENT);
          assert.equal(error.details, `id must be ${JOB_ID.rule}`);
          return true;
        },
      );
    } finally {
      api.close();
    }

    const { socket, frames } = await connectWs(wsUrl, token);
    try {
      socket.send(JSON.stringify({ type: 'subscribe', jobId: invalid }));
      const [refusal] = await frames.waitFor(1);
      assert.equal(refusal?.type, 'error');
      assert.equal(refusal?.code, 'INVALID_FIELD');
      assert.equal(refusal?.message, `field "jobId": ${JOB_ID.rule}`);
    } finally {
      socket.close();
    }
  });
});
