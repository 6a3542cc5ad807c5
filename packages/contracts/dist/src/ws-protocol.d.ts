import { z } from 'zod';
import type { JobStatusName } from './job-status.ts';
/** WebSocket protocol (JSON text frames), documented in docs/websocket-protocol.md. */
export declare const SUBSCRIPTION_LEVELS: readonly ["status", "progress", "detail"];
export type SubscriptionLevel = (typeof SUBSCRIPTION_LEVELS)[number];
export declare const clientFrame: z.ZodDiscriminatedUnion<[z.ZodObject<{
    type: z.ZodLiteral<"subscribe">;
    jobId: z.ZodString;
    level: z.ZodDefault<z.ZodEnum<{
        status: "status";
        progress: "progress";
        detail: "detail";
    }>>;
}, z.core.$strict>, z.ZodObject<{
    type: z.ZodLiteral<"unsubscribe">;
    jobId: z.ZodString;
}, z.core.$strict>], "type">;
export type ClientFrame = z.infer<typeof clientFrame>;
export interface EventFrame {
    type: 'event';
    jobId: string;
    seq: number;
    status: JobStatusName;
    progress: {
        percent: number;
        step: string;
        message?: string;
    };
    error?: {
        code: string;
        message: string;
    };
    result?: unknown;
    traceId?: string;
}
export type ServerFrame = {
    type: 'subscribed';
    jobId: string;
    level: SubscriptionLevel;
} | {
    type: 'unsubscribed';
    jobId: string;
} | EventFrame | {
    type: 'error';
    code: WsErrorCode;
    message: string;
    jobId?: string;
};
export declare const WS_ERROR_CODES: readonly ["BAD_FRAME", "UNKNOWN_TYPE", "INVALID_FIELD", "NOT_FOUND", "TOO_MANY_SUBSCRIPTIONS", "INTERNAL"];
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];
/** Close codes in the 4000-4999 range that RFC 6455 leaves to applications. */
export declare const WS_CLOSE_CODES: {
    readonly authFailed: 4001;
    readonly tokenExpired: 4002;
    readonly slowConsumer: 4008;
    readonly policyViolation: 1008;
    readonly serverShutdown: 1001;
};
