/** What the end-to-end bench needs of a stack under test: jobtrack, or the BullMQ + Socket.IO baseline. */

/** What a client learns from one frame about one job. */
export interface WatchedFrame {
  jobId: string;
  status: string;
  terminal: boolean;
  /** The job's sequence number (jobtrack's frames carry one; the baseline's do not). */
  seq?: number;
  /** The publish time a stamped progress report carries (epoch ms), in the progress scenario. */
  sentAt?: number;
}

/** One user's open socket, receiving every frame of that user's jobs. */
export interface Watcher {
  close(): void;
}

/** Drives the full-path progress scenario: progress reports published at a rate, each stamped. */
export interface ProgressSource {
  /** Submits the jobs that will report progress, one per owner token, and waits until they can. */
  prepare(tokens: readonly string[], ratePerS: number, durationS: number): Promise<void>;
  /** Publishes the reports: `ratePerS` for `durationS`, resolving with how many were sent. */
  run(ratePerS: number, durationS: number): Promise<number>;
}

export interface StackUnderTest {
  /** As the report names it. */
  name: string;
  /** Where a job is submitted: POST with a bearer token and a { type, input } JSON body. */
  submitUrl: string;
  /** Connects a socket as the token's user and subscribes it to all of that user's jobs. */
  watch(token: string, onFrame: (frame: WatchedFrame) => void): Promise<Watcher>;
  progress: ProgressSource;
  /** The stack's processes, by name, for the CPU each uses. */
  pids(): Record<string, number>;
  stop(): Promise<void>;
}

export const TERMINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED']);
