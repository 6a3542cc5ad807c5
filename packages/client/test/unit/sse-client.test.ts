import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JobtrackClient } from '../../src/client.ts';
import type { JobUpdate } from '../../src/types.ts';
import { update } from './updates.ts';

interface Request {
  url: string;
  headers: Record<string, string>;
}

const sse = (...blocks: string[]) => `retry: 2000\n\n: heartbeat\n\n${blocks.join('')}`;
const updateBlock = (u: JobUpdate) => `id: ${u.seq}\nevent: job.update\ndata: ${JSON.stringify(u)}\n\n`;

/** A fetch answering each request with the next canned response, in chunks to exercise the parser. */
function fakeFetch(responses: Array<() => Response>) {
  const requests: Request[] = [];
  const fetch = async (input: string | URL | globalThis.Request, init?: RequestInit) => {
    requests.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    const next = responses.shift();
    if (!next) return new Promise<Response>(() => {});
    return next();
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

function streamOf(text: string): Response {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 17) controller.enqueue(bytes.slice(at, at + 17));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

function clientOf(fetch: typeof globalThis.fetch) {
  return new JobtrackClient({
    wsUrl: 'ws://unused.test/ws',
    gatewayUrl: 'http://gateway.test/api',
    token: () => 'tok',
    transport: 'sse',
    fetch,
    reconnect: { initialDelayMs: 1, maxDelayMs: 2 },
  });
}

describe('JobtrackClient over SSE (fake gateway)', () => {
  it('streams a job, resumes a dropped stream from Last-Event-ID, and filters by level', async () => {
    const { fetch, requests } = fakeFetch([
      () => streamOf(sse(updateBlock(update(1, 'RUNNING', 0)), updateBlock(update(2, 'RUNNING', 0)))),
      () =>
        streamOf(
          sse(
            updateBlock(update(2, 'RUNNING', 0)),
            updateBlock(update(3, 'RUNNING', 50)),
            updateBlock(update(4, 'SUCCEEDED', 100)),
          ),
        ),
    ]);
    const client = clientOf(fetch);
    const watch = client.watch('job-1', { level: 'progress' });
    assert.equal(client.transport, 'sse');
    const recovered: boolean[] = [];
    watch.on('recovered', (value) => recovered.push(value));
    const seqs: number[] = [];
    for await (const u of watch) seqs.push(u.seq);
    assert.deepEqual(seqs, [1, 3, 4], 'seq 2 only repeats the status and percent of seq 1');
    assert.deepEqual(recovered, [true]);
    assert.equal(requests[0]?.url, 'http://gateway.test/api/v1/jobs/job-1/events');
    assert.equal(requests[0]?.headers.authorization, 'Bearer tok');
    assert.equal(requests[0]?.headers.accept, 'text/event-stream');
    assert.equal(requests[0]?.headers['last-event-id'], undefined);
    assert.equal(requests[1]?.headers['last-event-id'], '2', 'resumes after the last update read');
    assert.equal(requests.length, 2);
    await client.close();
  });

  it('reports a truncated history as not recovered', async () => {
    const { fetch } = fakeFetch([
      () =>
        streamOf(
          sse(
            'event: job.truncated\ndata: {"jobId":"job-1","sinceSeq":3}\n\n',
            updateBlock(update(9, 'FAILED')),
          ),
        ),
    ]);
    const client = clientOf(fetch);
    const watch = client.watch('job-1', { since: 3 });
    const recovered: boolean[] = [];
    watch.on('recovered', (value) => recovered.push(value));
    assert.equal((await watch.done).seq, 9);
    assert.deepEqual(recovered, [false]);
    await client.close();
  });

  it('ends on 204 with the terminal state read from the job', async () => {
    const job = { ...update(5, 'COMPENSATED'), jobId: undefined, id: 'job-1', type: 'order.place' };
    const { fetch, requests } = fakeFetch([
      () => new Response(null, { status: 204 }),
      () => Response.json(job),
    ]);
    const client = clientOf(fetch);
    const watch = client.watch('job-1', { since: 5 });
    const done = await watch.done;
    assert.equal(done.jobId, 'job-1');
    assert.equal(done.status, 'COMPENSATED');
    assert.equal(requests[0]?.headers['last-event-id'], '5');
    assert.equal(requests[1]?.url, 'http://gateway.test/api/v1/jobs/job-1');
    await client.close();
  });

  it('fails the watch of a job the gateway does not know', async () => {
    const { fetch } = fakeFetch([
      () => Response.json({ title: 'Not Found', status: 404, detail: 'no job nope' }, { status: 404 }),
    ]);
    const client = clientOf(fetch);
    const watch = client.watch('nope');
    await assert.rejects(watch.done, (error: Error & { code?: string }) => {
      assert.equal(error.code, 'NOT_FOUND');
      assert.match(error.message, /no job nope/);
      return true;
    });
    await client.close();
  });

  it('retries a refused token once with a fresh one, then gives up', async () => {
    const refused = () => new Response(null, { status: 401 });
    const { fetch, requests } = fakeFetch([refused, refused]);
    const client = clientOf(fetch);
    await assert.rejects(client.watch('job-1').done, (error: Error & { code?: string }) => {
      return error.code === 'UNAUTHORIZED';
    });
    assert.equal(requests.length, 2);
    await client.close();
  });
});
