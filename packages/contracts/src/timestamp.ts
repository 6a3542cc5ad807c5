import type { Timestamp, Timestamp__Output } from './generated/google/protobuf/Timestamp.ts';

export function timestampFromMillis(ms: number): Timestamp {
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

export function millisFromTimestamp(ts: Timestamp__Output | null | undefined): number | undefined {
  if (!ts) return undefined;
  return Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
}
