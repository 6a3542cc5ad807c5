import { performance } from 'node:perf_hooks';

/**
 * Open loop at a fixed rate: `fire(n)` is called at n / rate seconds whether or not earlier sends completed, so
 * a system that falls behind shows as latency rather than as a lower offered rate. Resolves once the last send
 * was fired and every send settled; a send that rejects is counted, not thrown.
 */
export async function runPaced(options: {
  ratePerS: number;
  durationS: number;
  fire: (n: number) => Promise<unknown>;
}): Promise<{ sent: number; failed: number; sendingMs: number }> {
  const total = Math.round(options.ratePerS * options.durationS);
  const intervalMs = 1000 / options.ratePerS;
  const pending: Array<Promise<unknown>> = [];
  let failed = 0;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
    for (; sent < due; sent++) {
      pending.push(
        options.fire(sent).catch(() => {
          failed++;
        }),
      );
    }
    const wait = start + sent * intervalMs - performance.now();
    if (sent < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
  const sendingMs = performance.now() - start + intervalMs;
  await Promise.all(pending);
  return { sent, failed, sendingMs };
}
