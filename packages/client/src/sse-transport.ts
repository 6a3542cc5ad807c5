import { Backoff } from './backoff.ts';
import { type JobtrackError, jobtrackError } from './errors.ts';
import type { JobWatchState } from './job-watch.ts';
import { levelFilter } from './level-filter.ts';
import { type SseMessage, SseParser } from './sse-parser.ts';
import type { Transport, TransportHooks } from './transport.ts';
import type { JobUpdate, ReconnectOptions } from './types.ts';
import { SilenceWatchdog } from './watchdog.ts';

/** The gateway sends a heartbeat comment every 15 s; three missed ones mean the stream is dead. */
const SILENCE_MS = 45_000;

/** The gateway's SSE event names. */
const EVENTS = { update: 'job.update', truncated: 'job.truncated', error: 'stream.error' } as const;

export interface SseTransportOptions {
  gatewayUrl: string;
  token: () => string | Promise<string>;
  fetch: typeof fetch;
  reconnect: ReconnectOptions;
}

/** How one stream attempt ended: the watch is over, or the stream should be opened again (after a delay). */
type Attempt = 'over' | 'retry' | 'retry-now';

/**
 * The fallback where no WebSocket exists: one stream of the gateway's GET /v1/jobs/{id}/events per watch, read
 * through fetch (EventSource cannot send an Authorization header), resumed with Last-Event-ID after a drop.
 */
export class SseTransport implements Transport {
  readonly #options: SseTransportOptions;
  readonly #hooks: TransportHooks;
  readonly #streams = new Map<JobWatchState, AbortController>();
  #live = 0;
  #everOpen = false;

  constructor(options: SseTransportOptions, hooks: TransportHooks) {
    this.#options = options;
    this.#hooks = hooks;
  }

  add(watch: JobWatchState): void {
    const controller = new AbortController();
    this.#streams.set(watch, controller);
    if (this.#live === 0) this.#hooks.setState(this.#everOpen ? 'reconnecting' : 'connecting');
    void this.#follow(watch, controller.signal);
  }

  remove(watch: JobWatchState): void {
    this.#streams.get(watch)?.abort();
    this.#streams.delete(watch);
  }

  async close(): Promise<void> {
    for (const controller of this.#streams.values()) controller.abort();
    this.#streams.clear();
  }

  async #follow(watch: JobWatchState, signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.#options.reconnect);
    const stream = { filter: levelFilter(watch.level), seen: watch.lastSeq, unauthorized: 0 };
    while (watch.active && !signal.aborted) {
      let attempt: Attempt;
      try {
        attempt = await this.#attempt(watch, stream, backoff, signal);
      } catch (error) {
        if (signal.aborted) return;
        this.#hooks.logger.warn(`jobtrack: the event stream of job ${watch.jobId} failed; resuming`, error);
        attempt = 'retry';
      }
      if (attempt === 'over' || !watch.active) return;
      const delayMs = attempt === 'retry-now' ? 0 : backoff.next();
      await sleep(delayMs, signal);
    }
  }

  async #attempt(
    watch: JobWatchState,
    stream: { filter: (update: JobUpdate) => boolean; seen: number; unauthorized: number },
    backoff: Backoff,
    signal: AbortSignal,
  ): Promise<Attempt> {
    const token = await this.#options.token();
    const since = Math.max(stream.seen, watch.lastSeq);
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
    if (since > 0) headers['last-event-id'] = String(since);
    const attempt = new AbortController();
    const abort = () => attempt.abort();
    signal.addEventListener('abort', abort, { once: true });
    const watchdog = new SilenceWatchdog(abort);
    try {
      watchdog.start(SILENCE_MS);
      const response = await this.#options.fetch(this.#url(watch.jobId, '/events'), {
        headers,
        signal: attempt.signal,
      });
      if (response.status === 204) return await this.#ended(watch, token, signal);
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        // The first refusal may be a token that just expired: ask the provider for a new one at once.
        stream.unauthorized++;
        if (stream.unauthorized === 1) return 'retry-now';
        watch.fail(jobtrackError('UNAUTHORIZED', `the gateway refused the token (${response.status})`));
        return 'over';
      }
      if (!response.ok || !response.body) return await this.#refused(watch, response);
      stream.unauthorized = 0;
      this.#opened();
      try {
        return await this.#read(watch, response.body, stream, since > 0, backoff, watchdog);
      } finally {
        this.#lost();
      }
    } finally {
      watchdog.stop();
      signal.removeEventListener('abort', abort);
    }
  }

  async #read(
    watch: JobWatchState,
    body: ReadableStream<Uint8Array>,
    stream: { filter: (update: JobUpdate) => boolean; seen: number },
    resuming: boolean,
    backoff: Backoff,
    watchdog: SilenceWatchdog,
  ): Promise<Attempt> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    let told = !resuming;
    const tell = (recovered: boolean) => {
      if (!told) watch.resumed(recovered);
      told = true;
    };
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'retry';
        watchdog.heard();
        for (const message of parser.feed(decoder.decode(value, { stream: true }))) {
          const outcome = this.#message(watch, message, stream, tell);
          if (outcome === 'delivered') backoff.reset();
          if (outcome === 'failed' || !watch.active) return 'over';
        }
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  #message(
    watch: JobWatchState,
    message: SseMessage,
    stream: { filter: (update: JobUpdate) => boolean; seen: number },
    tell: (recovered: boolean) => void,
  ): 'delivered' | 'failed' | 'other' {
    switch (message.event) {
      case EVENTS.truncated:
        tell(false);
        return 'other';
      case EVENTS.update: {
        const update = JSON.parse(message.data) as JobUpdate;
        tell(true);
        if (update.seq <= stream.seen) return 'other';
        stream.seen = update.seq;
        if (stream.filter(update)) watch.deliver(update);
        return 'delivered';
      }
      case EVENTS.error: {
        const problem = JSON.parse(message.data) as { status?: number; detail?: string; title?: string };
        if (problem.status !== 404) return 'other';
        watch.fail(jobtrackError('NOT_FOUND', problem.detail ?? `no job ${watch.jobId}`));
        return 'failed';
      }
      default:
        return 'other';
    }
  }

  /** 204: the job ended at or before the seq this watch resumes from; its terminal state comes from the job. */
  async #ended(watch: JobWatchState, token: string, signal: AbortSignal): Promise<Attempt> {
    const response = await this.#options.fetch(this.#url(watch.jobId, ''), {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      signal,
    });
    if (!response.ok) return await this.#refused(watch, response);
    watch.finish(updateOfJob((await response.json()) as JobResource));
    return 'over';
  }

  /** An error answer: retried when the server may recover (429, 5xx), the end of the watch otherwise. */
  async #refused(watch: JobWatchState, response: Response): Promise<Attempt> {
    const detail = await problemDetail(response);
    if (response.status === 429 || response.status >= 500) {
      this.#hooks.logger.warn(`jobtrack: the gateway answered ${response.status} (${detail}); retrying`);
      return 'retry';
    }
    watch.fail(errorOfStatus(response.status, detail));
    return 'over';
  }

  #opened(): void {
    this.#live++;
    this.#everOpen = true;
    this.#hooks.setState('open');
  }

  #lost(): void {
    this.#live--;
    if (this.#live > 0) return;
    this.#hooks.setState(this.#streams.size > 0 ? 'reconnecting' : 'idle');
  }

  #url(jobId: string, suffix: string): string {
    return new URL(
      `v1/jobs/${encodeURIComponent(jobId)}${suffix}`,
      withSlash(this.#options.gatewayUrl),
    ).toString();
  }
}

interface JobResource extends Omit<JobUpdate, 'jobId'> {
  id: string;
}

function updateOfJob(job: JobResource): JobUpdate {
  const { id, seq, status, done, progress, result, error, cancelRequested, updatedAt, traceId } = job;
  return {
    jobId: id,
    seq,
    status,
    done,
    progress,
    ...(result === undefined ? {} : { result }),
    ...(error === undefined ? {} : { error }),
    cancelRequested,
    updatedAt,
    ...(traceId ? { traceId } : {}),
  };
}

function errorOfStatus(status: number, detail: string): JobtrackError {
  const code = status === 404 ? 'NOT_FOUND' : `HTTP_${status}`;
  return jobtrackError(code, `the gateway answered ${status}: ${detail}`);
}

async function problemDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as { detail?: string; title?: string };
    return problem.detail ?? problem.title ?? response.statusText;
  } catch {
    return response.statusText;
  }
}

/** A base URL without a trailing slash would lose its last path segment when the job path is resolved on it. */
function withSlash(url: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  return new URL(url.endsWith('/') ? url : `${url}/`, base).toString();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
