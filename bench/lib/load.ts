import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { type LoadResult, Recorder } from './recorder.ts';

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What one connection (autocannon) or one request (fixed rate) sends; `onBody` sees each 2xx answer. */
export interface RequestSource {
  /** The next request for connection `connection` (autocannon) or for the n-th request (fixed rate). */
  next(connection: number): BenchRequest;
  onBody?(connection: number, body: string): void;
}

/** Closed-loop maximum throughput: `connections` keep-alive connections, each sending as fast as answered. */
export async function runMax(options: {
  url: string;
  connections: number;
  durationS: number;
  source: RequestSource;
}): Promise<LoadResult> {
  const { source } = options;
  const recorder = new Recorder();
  let connection = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationS,
        timeout: 10,
        setupClient(client) {
          const index = connection++;
          client.setRequests([
            {
              ...source.next(index),
              // A request with setupRequest is rebuilt before each send, so a connection can walk a list of ids.
              setupRequest: (request) => ({ ...request, ...source.next(index) }),
              onResponse: (status, body) => {
                if (status >= 200 && status < 300) source.onBody?.(index, body);
              },
            },
          ]);
        },
      },
      (error: unknown, done) => (error ? reject(error) : resolve(done)),
    );
    // Exact sub-millisecond latencies: autocannon's own histogram keeps whole milliseconds only.
    instance.on('response', (_client, status, _bytes, responseTimeMs) =>
      recorder.record(responseTimeMs, status),
    );
    instance.on('reqError', () => {
      recorder.errors++;
    });
  });
  return recorder.summary(result.duration);
}

/**
 * Open-loop fixed rate: request n is sent at n / rate seconds whether or not earlier ones were answered (an
 * idle socket from a large pool, or a new one), and its latency runs from that moment to the end of its
 * response. So a slow server shows as latency rather than as a lower rate (no coordinated omission), and the
 * arrivals are spread evenly over each second instead of autocannon's per-connection burst at its start.
 */
export async function runAtRate(options: {
  url: string;
  ratePerS: number;
  durationS: number;
  source: RequestSource;
  maxSockets?: number;
}): Promise<LoadResult> {
  const { source } = options;
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const recorder = new Recorder();
  const total = Math.round(options.ratePerS * options.durationS);
  const intervalMs = 1000 / options.ratePerS;
  let sent = 0;
  let settled = 0;
  let lastSentAt = 0;
  const start = performance.now();

  await new Promise<void>((resolve) => {
    const settle = () => {
      if (++settled === total) resolve();
    };
    const send = (n: number) => {
      const spec = source.next(n);
      const sentAt = performance.now();
      lastSentAt = sentAt;
      const outgoing = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: spec.method,
          path: spec.path,
          headers: spec.body
            ? { ...spec.headers, 'content-length': Buffer.byteLength(spec.body) }
            : spec.headers,
          timeout: 10_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            recorder.record(performance.now() - sentAt, status);
            if (status >= 200 && status < 300) source.onBody?.(n, Buffer.concat(chunks).toString());
            settle();
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
      outgoing.on('error', () => {
        recorder.errors++;
        settle();
      });
      outgoing.end(spec.body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) send(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
  agent.destroy();
  // The rate achieved is over the sending window: the last responses' latency is not part of it.
  return recorder.summary((lastSentAt - start + intervalMs) / 1000);
}
