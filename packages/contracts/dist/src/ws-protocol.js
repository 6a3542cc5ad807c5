import { z } from 'zod';
/** WebSocket protocol (JSON text frames), documented in docs/websocket-protocol.md. */
export const SUBSCRIPTION_LEVELS = ['status', 'progress', 'detail'];
const jobId = z.string().min(1).max(128);
export const clientFrame = z.discriminatedUnion('type', [
    z.strictObject({
        type: z.literal('subscribe'),
        jobId,
        level: z.enum(SUBSCRIPTION_LEVELS).default('progress'),
    }),
    z.strictObject({ type: z.literal('unsubscribe'), jobId }),
]);
export const WS_ERROR_CODES = [
    'BAD_FRAME',
    'UNKNOWN_TYPE',
    'INVALID_FIELD',
    'NOT_FOUND',
    'TOO_MANY_SUBSCRIPTIONS',
    'INTERNAL',
];
/** Close codes in the 4000-4999 range that RFC 6455 leaves to applications. */
export const WS_CLOSE_CODES = {
    authFailed: 4001,
    tokenExpired: 4002,
    slowConsumer: 4008,
    policyViolation: 1008,
    serverShutdown: 1001,
};
//# sourceMappingURL=ws-protocol.js.map