import { isTerminal } from '@jobtrack/contracts';
import { historyEntry, type JobHistoryEntry, type JobRecord } from './job.ts';
import type { Jobs } from './jobs.ts';
import type { JobStore } from './store/port.ts';

export interface WatchedUpdate {
  job: JobRecord;
  entry: JobHistoryEntry;
  /** Set on the first update when the history cap dropped updates after the requested seq. */
  truncated: boolean;
}

/** Live commits buffered per watch before it falls back to re-reading the history. */
const BUFFER_LIMIT = 64;

/**
 * A job's updates after `sinceSeq`: first from its history, then live, ending after the terminal one. It
 * subscribes before it reads the history, so nothing committed in between is missed; a gap in what arrives
 * live (a lost notification, an overflowing buffer) is filled from the history again, and a periodic check
 * covers notifications lost for good, e.g. while Redis reconnected.
 */
export async function* watchJob(deps: {
  jobs: Jobs;
  store: JobStore;
  id: string;
  owner: string;
  sinceSeq: number;
  pollIntervalMs: number;
  signal: AbortSignal;
}): AsyncGenerator<WatchedUpdate> {
  const { jobs, store, id, owner, signal } = deps;
  const arrived: JobRecord[] = [];
  let overflowed = false;
  let wake: () => void = () => undefined;
  const unsubscribe = await store.watch(id, (job) => {
    if (arrived.length < BUFFER_LIMIT) arrived.push(job);
    else overflowed = true;
    wake();
  });
  try {
    let cursor = deps.sinceSeq;
    let first = true;
    let readHistory = true;
    while (!signal.aborted) {
      if (readHistory || overflowed) {
        readHistory = false;
        overflowed = false;
        arrived.length = 0;
        const { job, entries, truncated } = await jobs.events(id, owner, cursor).catch((error: unknown) => {
          if (!first) return { job: undefined, entries: [], truncated: false };
          throw error;
        });
        // Gone while watched: its TTL ran out; there is nothing more to say.
        if (!job) return;
        for (const entry of entries) {
          yield { job, entry, truncated: first && truncated };
          first = false;
          cursor = entry.seq;
          if (isTerminal(entry.status)) return;
        }
        if (isTerminal(job.status) && cursor >= job.seq) return;
      }
      for (const job of arrived.splice(0)) {
        if (job.seq <= cursor) continue;
        if (job.seq !== cursor + 1) {
          readHistory = true;
          break;
        }
        yield { job, entry: historyEntry(job), truncated: false };
        first = false;
        cursor = job.seq;
        if (isTerminal(job.status)) return;
      }
      if (readHistory || overflowed || arrived.length > 0) continue;
      const polled = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), deps.pollIntervalMs);
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve(false);
        };
        wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
      wake = () => undefined;
      if (polled) {
        const job = await jobs.get(id, owner);
        if (!job) return;
        readHistory = job.seq > cursor;
      }
    }
  } finally {
    await unsubscribe();
  }
}
