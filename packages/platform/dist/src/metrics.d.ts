import { Counter, Histogram, Registry } from 'prom-client';
/**
 * One registry per process. In the embedded runner every service shares it, so the metric objects are
 * module singletons rather than per-service instances.
 */
export declare const metricsRegistry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
export declare const httpRequests: Counter<"method" | "route" | "status">;
export declare const httpRequestDuration: Histogram<"method" | "route">;
export declare const grpcRequests: Counter<"method" | "code">;
export declare const messagesProduced: Counter<"topic">;
export declare const messagesConsumed: Counter<"topic" | "group" | "outcome">;
export declare const errorsTotal: Counter<"component" | "kind">;
