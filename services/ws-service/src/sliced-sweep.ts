/** One slice of the items is visited this often. */
const SLICE_MS = 1000;

/**
 * Visits every item about once per period, a slice each second instead of all at once: a replica holding ten
 * thousand sockets that pings, or re-registers, them in one loop stalls its event loop for a few hundred
 * milliseconds, which every event in flight pays as latency. An item whose position moves while others come and
 * go may wait up to one more period; none is visited twice within a slice. A visit still running when the next
 * slice is due makes that slice wait for the next tick.
 */
export function startSlicedSweep<T>(options: {
  periodMs: number;
  items: () => Iterable<T>;
  visit(slice: T[]): void | Promise<void>;
}): { stop(): void } {
  const slices = Math.max(1, Math.floor(options.periodMs / SLICE_MS));
  let slice = 0;
  let busy = false;
  const timer = setInterval(
    () => {
      if (busy) return;
      const all = [...options.items()];
      const size = Math.ceil(all.length / slices);
      const part = all.slice(slice * size, (slice + 1) * size);
      slice = (slice + 1) % slices;
      if (part.length === 0) return;
      const visiting = options.visit(part);
      if (!visiting) return;
      busy = true;
      void visiting.finally(() => {
        busy = false;
      });
    },
    Math.max(1, Math.floor(options.periodMs / slices)),
  );
  return { stop: () => clearInterval(timer) };
}
