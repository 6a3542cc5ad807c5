import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryJobStore } from '@jobtrack/job-service';
import { MemoryBus, metricsRegistry } from '@jobtrack/platform';
import { eventually } from '@jobtrack/platform/testing';
import { jobEvents, jobResource, jobUpdateResource } from '../../src/resources.ts';
import { client, expectJson, expectProblem, type SseMessage, SseReader } from '../support/http.ts';
import { type GatewayStack, startGatewayStack, validOrder } from '../support/stack.ts';

const order = { type: 'order.place', input: validOrder };
const SSE = { accept: 'text/event-stream' };

function update(message: SseMessage | undefined) {
  assert.equal(message?.event, 'job.update', `expected a job.update, got ${JSON.stringify(message)}`);
  const parsed = jobUpdateResource.parse(JSON.parse(message?.data ?? 'null'));
  assert.equal(message?.id, String(parsed.seq), 'the event id is the seq, for Last-Event-ID');
  return parsed;
}

async function openStream(response: Response): Promise<SseReader> {
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.equal(response.headers.get('cache-control'), 'no-cache, no-transform');
  const reader = new SseReader(response);
  assert.equal((await reader.next())?.retry, '2000');
  return reader;
}

async function watchers(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('jobtrack_job_watches')?.get();
  return metric?.values.reduce((sum, value) => sum + value.value, 0) ?? 0;
}

describe('REST gateway: job events and Server-Sent Events', () => {
  let stack: GatewayStack;
  let alice: ReturnType<typeof client>;
  before(async () => {
    stack = await startGatewayStack({
      bus: new MemoryBus(),
      store: new MemoryJobStore(),
      sse: { maxPerUser: 2, maxStreams: 3, heartbeatMs: 100 },
    });
    alice = client(stack.baseUrl, await stack.token('alice'));
  });
  after(() => stack.stop());

  const submit = async () => expectJson(await alice.post('/v1/jobs', order), 202, jobResource);

  /** A job that went RUNNING (1), RUNNING (2) and SUCCEEDED (3). */
  async function finishedJob() {
    const job = await submit();
    await stack.report(job.id, 1, 'RUNNING');
    await stack.report(job.id, 2, 'RUNNING');
    await stack.report(job.id, 3, 'SUCCEEDED', { resultJson: '{"ok":true}' });
    await stack.updated(job.id, 3);
    return job;
  }

  it('serves the history as JSON, after since_seq when given', async () => {
    const job = await finishedJob();
    const all = await expectJson(await alice.get(`/v1/jobs/${job.id}/events`), 200, jobEvents);
    assert.deepEqual(
      all.updates.map((u) => [u.seq, u.status, u.done]),
      [
        [1, 'RUNNING', false],
        [2, 'RUNNING', false],
        [3, 'SUCCEEDED', true],
      ],
    );
    assert.equal(all.truncated, false);
    assert.deepEqual(all.updates[2]?.result, { ok: true });
    assert.equal(all.updates[0]?.result, undefined, 'no result before the end');
    assert.equal(all.updates[0]?.jobId, job.id);

    const later = await expectJson(await alice.get(`/v1/jobs/${job.id}/events?since_seq=2`), 200, jobEvents);
    assert.deepEqual(
      later.updates.map((u) => u.seq),
      [3],
    );
    const fromHeader = await expectJson(
      await alice.get(`/v1/jobs/${job.id}/events?since_seq=0`, { 'last-event-id': '1' }),
      200,
      jobEvents,
    );
    assert.deepEqual(
      fromHeader.updates.map((u) => u.seq),
      [2, 3],
      'Last-Event-ID wins over since_seq in JSON too',
    );
  });

  it('answers 400 naming since_seq or Last-Event-ID when they are not sequence numbers, and 406 for other types', async () => {
    const job = await submit();
    const fieldOf = async (response: Response) =>
      (await expectProblem(response, 400)).errors?.map((error) => error.field);
    assert.deepEqual(await fieldOf(await alice.get(`/v1/jobs/${job.id}/events?since_seq=-1`)), ['since_seq']);
    assert.deepEqual(await fieldOf(await alice.get(`/v1/jobs/${job.id}/events?since_seq=x`)), ['since_seq']);
    assert.deepEqual(await fieldOf(await alice.get(`/v1/jobs/${job.id}/events?from=1`)), ['from']);
    for (const accept of [SSE, {}]) {
      assert.deepEqual(
        await fieldOf(await alice.get(`/v1/jobs/${job.id}/events`, { ...accept, 'last-event-id': '-1' })),
        ['Last-Event-ID'],
      );
    }
    await expectProblem(await alice.get(`/v1/jobs/${job.id}/events`, { accept: 'application/xml' }), 406);
  });

  it('streams a job’s updates as they happen and ends the stream after the terminal one', async () => {
    const job = await submit();
    await stack.report(job.id, 1, 'RUNNING');
    await stack.updated(job.id, 1);
    const response = await alice.get(`/v1/jobs/${job.id}/events`, { ...SSE, 'x-request-id': 'sse-1' });
    assert.equal(response.headers.get('x-request-id'), 'sse-1');
    const reader = await openStream(response);
    assert.equal(update(await reader.nextEvent()).seq, 1);

    await stack.report(job.id, 2, 'RUNNING');
    const second = update(await reader.nextEvent());
    assert.equal(second.seq, 2);
    assert.equal(second.progress.stepsDone, 2);
    await stack.report(job.id, 3, 'FAILED', { error: { code: 'OUT_OF_STOCK', message: 'no stock' } });
    const last = update(await reader.nextEvent());
    assert.deepEqual(
      [last.seq, last.status, last.done, last.error?.code],
      [3, 'FAILED', true, 'OUT_OF_STOCK'],
    );
    assert.equal(await reader.next(), undefined, 'the stream ends after the terminal update');
  });

  it('resumes after Last-Event-ID, which wins over since_seq, and answers 204 when nothing is left', async () => {
    const job = await finishedJob();
    const resumed = await openStream(
      await alice.get(`/v1/jobs/${job.id}/events?since_seq=0`, { ...SSE, 'last-event-id': '1' }),
    );
    assert.deepEqual([update(await resumed.nextEvent()).seq, update(await resumed.nextEvent()).seq], [2, 3]);
    assert.equal(await resumed.next(), undefined);

    const fromQuery = await openStream(await alice.get(`/v1/jobs/${job.id}/events?since_seq=2`, SSE));
    assert.equal(update(await fromQuery.nextEvent()).seq, 3);
    assert.equal(await fromQuery.next(), undefined);

    // What an EventSource does after the stream ended: reconnect with the last id. 204 tells it to stop.
    const over = await alice.get(`/v1/jobs/${job.id}/events`, { ...SSE, 'last-event-id': '3' });
    assert.equal(over.status, 204);
  });

  it('says first when updates after the resume point were dropped by the history cap', async () => {
    const capped = await startGatewayStack({
      bus: new MemoryBus(),
      store: new MemoryJobStore(),
      jobPolicy: { historyLimit: 2 },
    });
    try {
      const carol = client(capped.baseUrl, await capped.token('carol'));
      const job = await expectJson(await carol.post('/v1/jobs', order), 202, jobResource);
      for (let seq = 1; seq <= 4; seq++) await capped.report(job.id, seq, 'RUNNING');
      await capped.updated(job.id, 4);
      const history = await expectJson(await carol.get(`/v1/jobs/${job.id}/events`), 200, jobEvents);
      assert.equal(history.truncated, true);
      assert.deepEqual(
        history.updates.map((u) => u.seq),
        [3, 4],
      );

      const stream = await openStream(await carol.get(`/v1/jobs/${job.id}/events`, SSE));
      const notice = await stream.nextEvent();
      assert.equal(notice?.event, 'job.truncated');
      assert.equal(notice?.id, undefined, 'the notice does not move the resume point');
      assert.deepEqual(JSON.parse(notice?.data ?? 'null'), { jobId: job.id, sinceSeq: 0 });
      assert.equal(update(await stream.nextEvent()).seq, 3);
      await stream.cancel();
    } finally {
      await capped.stop();
    }
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const job = await submit();
    const reader = await openStream(await alice.get(`/v1/jobs/${job.id}/events`, SSE));
    let message = await reader.next();
    while (message && message.comments.length === 0) message = await reader.next();
    assert.deepEqual(message?.comments, ['heartbeat']);
    await reader.cancel();
  });

  it('bounds streams per user and per process with 429, and frees a slot and the watch when a client leaves', async () => {
    const bob = client(stack.baseUrl, await stack.token('bob'));
    const carol = client(stack.baseUrl, await stack.token('carol'));
    const job = await submit();
    const bobsJob = await expectJson(await bob.post('/v1/jobs', order), 202, jobResource);
    const carolsJob = await expectJson(await carol.post('/v1/jobs', order), 202, jobResource);
    const path = `/v1/jobs/${job.id}/events`;
    const before = await watchers();

    const first = await openStream(await alice.get(path, SSE));
    const second = await openStream(await alice.get(path, SSE));
    const third = await alice.get(path, SSE);
    const refused = await expectProblem(third, 429);
    assert.match(refused.detail, /this user/);
    assert.ok(Number(third.headers.get('retry-after')) >= 1);

    const bobs = await openStream(await bob.get(`/v1/jobs/${bobsJob.id}/events`, SSE));
    const full = await expectProblem(await carol.get(`/v1/jobs/${carolsJob.id}/events`, SSE), 429);
    assert.match(full.detail, /the server/);
    assert.equal(await watchers(), before + 3);

    await second.cancel();
    await eventually(watchers, (count) => count === before + 2);
    const again = await eventually(
      async () => {
        const response = await alice.get(path, SSE);
        if (response.status !== 200) await response.body?.cancel();
        return response;
      },
      (response) => response.status === 200,
    );
    const reopened = await openStream(again);
    await Promise.all([first.cancel(), reopened.cancel(), bobs.cancel()]);
    await eventually(watchers, (count) => count === before);
  });
});

describe('REST gateway: stopping with open event streams', () => {
  it('ends every open stream so the server can close promptly', async () => {
    const stack = await startGatewayStack({ bus: new MemoryBus(), store: new MemoryJobStore() });
    const alice = client(stack.baseUrl, await stack.token('alice'));
    const job = await expectJson(await alice.post('/v1/jobs', order), 202, jobResource);
    const readers = [
      await openStream(await alice.get(`/v1/jobs/${job.id}/events`, SSE)),
      await openStream(await alice.get(`/v1/jobs/${job.id}/events`, SSE)),
    ];
    const started = Date.now();
    await stack.stop();
    assert.ok(Date.now() - started < 5000, `stop took ${Date.now() - started} ms`);
    for (const reader of readers) assert.equal(await reader.nextEvent(), undefined);
  });
});
