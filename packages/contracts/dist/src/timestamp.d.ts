import type { Timestamp, Timestamp__Output } from './generated/google/protobuf/Timestamp.ts';
export declare function timestampFromMillis(ms: number): Timestamp;
export declare function millisFromTimestamp(ts: Timestamp__Output | null | undefined): number | undefined;
