export { MemoryBroker, MemoryBrokerNetwork } from './broker/memory-broker.ts';
export type { Broker, BrokerListener, EventBroker } from './broker/port.ts';
export { GrpcJobLookup } from './grpc-job-lookup.ts';
export type { JobHistory, JobLookup } from './job-lookup.ts';
export { MemorySocketRegistry } from './memory-socket-registry.ts';
export { RedisSocketRegistry } from './redis-socket-registry.ts';
export {
  SOCKET_REGISTRY_TTL_MS,
  type SocketEntry,
  type SocketRegistry,
  type SocketState,
} from './socket-registry.ts';
export { DEFAULT_LIMITS, startWsService, type WsServiceDeps } from './ws-service.ts';
