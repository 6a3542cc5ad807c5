export { MemoryBroker, MemoryBrokerNetwork } from './broker/memory-broker.ts';
export type { Broker, BrokerListener, EventBroker } from './broker/port.ts';
export { GrpcJobLookup } from './job-lookup/grpc-job-lookup.ts';
export type { JobHistory, JobLookup } from './job-lookup/port.ts';
export { MemorySocketRegistry } from './registry/memory-registry.ts';
export { type RegisteredSocket, SOCKET_REGISTRY_TTL_MS, type SocketRegistry } from './registry/port.ts';
export { RedisSocketRegistry } from './registry/redis-registry.ts';
export { DEFAULT_LIMITS, startWsService, type WsServiceDeps } from './ws-service.ts';
