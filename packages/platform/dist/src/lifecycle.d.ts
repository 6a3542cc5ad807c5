import type { Logger } from 'pino';
export interface Running {
    stop(): Promise<void>;
}
/**
 * Runs a service's main: a bad configuration exits 1 with a readable message; SIGTERM or SIGINT drains and stops
 * within the timeout, then exits. A stray rejection is logged and counted rather than taking the process down.
 */
export declare function runMain(options: {
    logger: Logger;
    shutdownTimeoutMs: number;
    start(): Promise<Running>;
}): Promise<void>;
