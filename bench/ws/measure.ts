import { setTimeout as delay } from 'node:timers/promises';
import { type CpuShares, startCpuMeter } from '../lib/cpu-usage.ts';
import type { Hop } from '../sagas/hops.ts';
import { type Percentiles, percentiles } from '../sagas/stats.ts';
import { epochMs } from './clock.ts';
import type { ClientFleet } from './fleet.ts';
import type { ConnectOptions, ConnectResult } from './fleet-protocol.ts';
import { type MemoryUsage, withInspector } from './inspector.ts';
import { runPaced } from './paced.ts';

export interface HeapReading {
  label: string;
  sockets: ConnectResult;
  before: MemoryUsage;
  after: MemoryUsage;
}

/** Bytes per ready socket between two readings. */
export const perSocket = (reading: HeapReading, field: keyof MemoryUsage): number =>
  reading.sockets.ready ? (reading.after[field] - reading.before[field]) / reading.sockets.ready : 0;

/**
 * Memory of a server process before and after the fleet opens its sockets, each reading taken after full
 * collections (through the inspector), so the difference is what the open sockets keep alive.
 */
export async function measureHeap(options: {
  label: string;
  inspectorPort: number;
  fleet: ClientFleet;
  connect: ConnectOptions;
  /** Runs at each reading while the heap is collected (e.g. heap snapshots in a profiled run). */
  onReading?: (moment: 'before' | 'after') => Promise<void>;
}): Promise<HeapReading> {
  const read = (moment: 'before' | 'after') =>
    withInspector(options.inspectorPort, async (session) => {
      const memory = await session.memoryAfterGc();
      await options.onReading?.(moment);
      return memory;
    });
  const before = await read('before');
  const sockets = await options.fleet.request({ op: 'connect', options: options.connect });
  const after = await read('after');
  return { label: options.label, sockets, before, after };
}

export interface DeliveryRun {
  label: string;
  /** Sockets that receive each update (or each broadcast round). */
  fanOut: number;
  sockets: number;
  frames: number;
  windowMs: number;
  perS: number;
  cpu: CpuShares | undefined;
  /** Frames the fleet received over the whole run (warm-up and drain included) and how many were sent. */
  received: number;
  expected: number;
}

/**
 * Frames per second the fleet receives while `produce` keeps the server busy: counted over `windowMs` after
 * `warmupMs`, then `produce` is told to stop and the run waits (bounded) for what was sent to arrive.
 */
export async function measureDeliveries(options: {
  label: string;
  fanOut: number;
  sockets: number;
  fleet: ClientFleet;
  pids: Record<string, number>;
  warmupMs: number;
  windowMs: number;
  /** Starts producing; `running()` turns false when the window is over. Resolves with the frames sent. */
  produce: (running: () => boolean) => Promise<number>;
  onWindow?: (edge: 'start' | 'end') => Promise<void>;
}): Promise<DeliveryRun> {
  const { fleet } = options;
  await fleet.request({ op: 'count-start' });
  let running = true;
  const produced = options.produce(() => running);
  await delay(options.warmupMs);
  await options.onWindow?.('start');
  const meter = startCpuMeter(options.pids);
  const first = await fleet.request({ op: 'count-peek' });
  await delay(options.windowMs);
  const last = await fleet.request({ op: 'count-peek' });
  const cpu = meter.stop();
  await options.onWindow?.('end');
  running = false;
  const expected = await produced;
  const received = await awaitCount(fleet, 'frames', expected);
  const windowMs = last.at - first.at;
  const frames = last.frames - first.frames;
  return {
    label: options.label,
    fanOut: options.fanOut,
    sockets: options.sockets,
    frames,
    windowMs,
    perS: (frames * 1000) / windowMs,
    cpu,
    received,
    expected,
  };
}

/** A run stops waiting for frames still in flight once none arrived for this long, or after the longer bound. */
const QUIET_MS = 3000;
const DRAIN_MAX_MS = 30_000;

/**
 * Waits until the fleet has counted `expected` frames (all, or stamped ones), or none more arrived for QUIET_MS,
 * or DRAIN_MAX_MS passed; resolves with the count. Polled: the fleet is another process.
 */
async function awaitCount(fleet: ClientFleet, what: 'frames' | 'stamped', expected: number): Promise<number> {
  const started = epochMs();
  let last = -1;
  let lastChange = started;
  for (;;) {
    const snapshot = await fleet.request({ op: 'count-peek' });
    const frames = snapshot[what];
    const { at } = snapshot;
    if (frames >= expected) return frames;
    if (frames !== last) {
      last = frames;
      lastChange = at;
    }
    if (at - lastChange > QUIET_MS || at - started > DRAIN_MAX_MS) return frames;
    await delay(100);
  }
}

/** Waits (bounded) until the fleet has counted `expected` frames since its count started. */
export const awaitFrames = (fleet: ClientFleet, expected: number): Promise<number> =>
  awaitCount(fleet, 'frames', expected);

export interface LatencyRun {
  label: string;
  covers: string;
  offeredPerS: number;
  sent: number;
  failedSends: number;
  latency: Percentiles;
  /** Stamped frames received per second, from the first send to the last receipt. */
  deliveredPerS: number;
  unstamped: number;
  outOfOrder: number;
  gaps: number;
  /** Events slower than the threshold, and the seconds of the run (from its start) in which they were sent. */
  slow: { thresholdMs: number; count: number; seconds: number[] };
  cpu: CpuShares | undefined;
}

function slowEvents(samples: Float64Array, sentAt: Float64Array, startedAt: number, thresholdMs: number) {
  const seconds = new Set<number>();
  let count = 0;
  samples.forEach((latency, index) => {
    if (latency <= thresholdMs) return;
    count++;
    seconds.add(Math.floor(((sentAt[index] ?? startedAt) - startedAt) / 1000));
  });
  return { thresholdMs, count, seconds: [...seconds].sort((a, b) => a - b) };
}

/**
 * Publish-to-receipt latency at a fixed rate: `fire(n)` sends update n, stamped with its publish time, at n / rate
 * seconds (open loop); the fleet parses every frame and computes receipt minus stamp. Waits (bounded) for the
 * stamped frames still in flight when sending ends.
 */
export async function measureLatency(options: {
  label: string;
  covers: string;
  fleet: ClientFleet;
  pids: Record<string, number>;
  ratePerS: number;
  durationS: number;
  slowMs: number;
  /** Sends n, or (for a server that paces itself) sends everything and resolves when done. */
  send: { fire: (n: number) => Promise<unknown> } | { all: () => Promise<number> };
}): Promise<LatencyRun> {
  const { fleet } = options;
  await fleet.request({ op: 'count-start' });
  await fleet.request({ op: 'latency-start' });
  const meter = startCpuMeter(options.pids);
  const startedAt = epochMs();
  let sent: number;
  let failedSends = 0;
  if ('fire' in options.send) {
    const result = await runPaced({
      ratePerS: options.ratePerS,
      durationS: options.durationS,
      fire: options.send.fire,
    });
    sent = result.sent;
    failedSends = result.failed;
  } else {
    sent = await options.send.all();
  }
  const cpu = meter.stop();
  await awaitCount(fleet, 'stamped', sent - failedSends);
  const result = await fleet.request({ op: 'latency-stop' });
  const samples = Array.from(result.samplesMs);
  const spanMs = result.lastAt - startedAt;
  return {
    label: options.label,
    covers: options.covers,
    offeredPerS: options.ratePerS,
    sent,
    failedSends,
    latency: percentiles(samples),
    deliveredPerS: spanMs > 0 ? (samples.length * 1000) / spanMs : 0,
    unstamped: result.unstamped,
    outOfOrder: result.outOfOrder,
    gaps: result.gaps,
    slow: slowEvents(result.samplesMs, result.sentAt, startedAt, options.slowMs),
    cpu,
  };
}

/** A hop that did not arrive in this long counts as failed rather than holding up the run. */
const HOP_TIMEOUT_MS = 10_000;

/** Raw Kafka produce → consume latency at a fixed rate (open loop), producer and consumer in this process. */
export async function measureHop(options: {
  label: string;
  covers: string;
  hop: Hop;
  pids: Record<string, number>;
  ratePerS: number;
  durationS: number;
}): Promise<LatencyRun> {
  const samples: number[] = [];
  const meter = startCpuMeter(options.pids);
  const result = await runPaced({
    ratePerS: options.ratePerS,
    durationS: options.durationS,
    fire: async (n) => {
      const latency = await Promise.race([
        options.hop.roundTrip(`${options.label}-${n}`),
        delay(HOP_TIMEOUT_MS, Number.NaN, { ref: false }),
      ]);
      if (Number.isNaN(latency)) throw new Error('hop timed out');
      samples.push(latency);
    },
  });
  const cpu = meter.stop();
  return {
    label: options.label,
    covers: options.covers,
    offeredPerS: options.ratePerS,
    sent: result.sent,
    failedSends: result.failed,
    latency: percentiles(samples),
    deliveredPerS: (samples.length * 1000) / result.sendingMs,
    unstamped: 0,
    outOfOrder: 0,
    gaps: 0,
    slow: { thresholdMs: 0, count: 0, seconds: [] },
    cpu,
  };
}
