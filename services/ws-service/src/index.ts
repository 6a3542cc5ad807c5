export { GrpcJobLookup } from './grpc-job-lookup.ts';
export type { JobLookup } from './job-lookup.ts';
export { MemorySocketRegistry } from './memory-socket-registry.ts';
export { RedisSocketRegistry } from './redis-socket-registry.ts';
export type { SocketEntry, SocketRegistry, SocketState } from './socket-registry.ts';
export { startWsService, WS_PATH, type WsServiceDeps } from './ws-service.ts';
