export { JobtrackClient } from './client.ts';
export type {
  ClientLogger,
  ClientState,
  JobtrackClientOptions,
  JobUpdate,
  JobWatch,
  ReconnectOptions,
  WatchOptions,
  WebSocketConstructorLike,
  WebSocketLike,
} from './types.ts';
