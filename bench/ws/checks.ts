import type { FleetStats } from './fleet-protocol.ts';
import type { WsFigures } from './report.ts';

const int = (value: number) => value.toLocaleString('en-US');

function closes(stats: FleetStats): string {
  const byCode = Object.entries(stats.closes).map(([code, n]) => `${int(n)} with ${code}`);
  return byCode.join(', ') || 'none';
}

/**
 * What the run must have done for its figures to count: every socket connected, every frame sent arrived, every
 * stamped event arrived in order without a gap, and the server closed no socket while measured.
 */
export function checkRun(
  f: WsFigures,
  closed: { oneSocketPerUser: FleetStats; fanOut: FleetStats },
): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  let ok = true;
  const check = (passed: boolean, line: string) => {
    if (!passed) ok = false;
    lines.push(passed ? line : `**${line}**`);
  };
  for (const reading of [f.heapRaw, f.heapService, f.heapServiceFanOut]) {
    const failures = Object.entries(reading.sockets.failures).map(([why, n]) => `${int(n)} ${why}`);
    check(
      reading.sockets.failed === 0,
      `${reading.label}: ${int(reading.sockets.ready)} sockets ready${failures.length ? `, failed: ${failures.join(', ')}` : ''}.`,
    );
  }
  for (const run of [f.broadcast, f.pacedDeliveries, f.deliveriesOne, f.deliveriesFanOut]) {
    check(
      run.received === run.expected,
      `${run.label}: ${int(run.received)} frames received of ${int(run.expected)} sent over the whole run.`,
    );
  }
  for (const run of [f.rawWs, f.serviceLeg, ...f.fullPath]) {
    check(
      run.latency.count === run.sent && run.failedSends === 0 && run.outOfOrder === 0 && run.gaps === 0,
      `${run.label}: ${int(run.latency.count)} stamped events received of ${int(run.sent)} sent (${run.failedSends} sends failed); per socket and job, ${run.outOfOrder} out of order and ${run.gaps} gaps in seq; ${int(run.unstamped)} other event frames.`,
    );
  }
  check(
    f.rawKafka.latency.count === f.rawKafka.sent,
    `Raw Kafka hop: ${int(f.rawKafka.latency.count)} of ${int(f.rawKafka.sent)} messages arrived.`,
  );
  const { oneSocketPerUser, fanOut } = closed;
  check(
    Object.keys(oneSocketPerUser.closes).length === 0 && Object.keys(fanOut.closes).length === 0,
    `Sockets the server closed while measured: ${closes(oneSocketPerUser)} (1 socket per user, full path included); ${closes(fanOut)} (several per user).`,
  );
  return { ok, lines };
}
