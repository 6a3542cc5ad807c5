export interface Telemetry {
    shutdown(): Promise<void>;
}
/**
 * Starts tracing for the process. Call it before the modules that http and gRPC instrumentation patch are
 * loaded, which is why each service's main.ts imports its instrument.ts first. Spans always get real ids, so
 * trace ids reach logs and WebSocket frames even when nothing is exported.
 */
export declare function startTelemetry(serviceName: string, env?: NodeJS.ProcessEnv): Telemetry;
