export * from "./auth.js";
export { KafkaBus } from "./bus/kafka-bus.js";
export { MemoryBus } from "./bus/memory-bus.js";
export * from "./bus/port.js";
export * from "./config.js";
export * from "./health.js";
export * from "./http-server.js";
export * from "./lifecycle.js";
export * from "./logger.js";
export * from "./messaging.js";
export * from "./metrics.js";
export * from "./redis.js";
//# sourceMappingURL=index.js.map