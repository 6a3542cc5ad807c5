export { createGatewayApp, type GatewayAppDeps } from './app.ts';
export { type GatewayConfig, gatewayEnv } from './config.ts';
export { type GatewayDeps, startGateway } from './gateway.ts';
export { buildOpenApiDocument } from './openapi.ts';
export {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  type RateLimiter,
  type RatePolicies,
  ratePolicies,
} from './rate-limit.ts';
export type { SseLimits } from './sse.ts';
