import type { JobWatchState, WatchEnd } from './job-watch.ts';
import type { ClientLogger, ClientState } from './types.ts';

/** How the client reaches the server for its watches: one WebSocket for all of them, or an SSE stream each. */
export interface Transport {
  /** Starts delivering updates to a new watch. */
  add(watch: JobWatchState): void;
  /** Stops delivering to a watch that ended. */
  remove(watch: JobWatchState, reason: WatchEnd): void;
  close(): Promise<void>;
}

/** What a transport tells the client that owns it. */
export interface TransportHooks {
  setState(state: ClientState): void;
  /** Something that does not end the client, such as a rejected token refresh. */
  reportError(error: Error): void;
  /** Something the transport cannot recover from: the client fails every watch and closes. */
  fatal(error: Error): void;
  logger: ClientLogger;
}
