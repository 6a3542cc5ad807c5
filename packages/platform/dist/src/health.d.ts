import type { IncomingMessage, ServerResponse } from 'node:http';
export type ReadinessCheck = () => boolean | Promise<boolean>;
/**
 * Liveness says the process works; readiness says it should get traffic now: its dependencies answer and it
 * is not draining. They differ so that a Kafka outage takes a pod out of rotation without restarting it.
 */
export declare class Health {
    #private;
    addCheck(name: string, check: ReadinessCheck): void;
    startDraining(): void;
    readiness(): Promise<{
        ready: boolean;
        checks: Record<string, boolean>;
    }>;
}
/** Serves /healthz, /readyz and /metrics; returns false for any other path so the caller can route it. */
export declare function serveOperational(health: Health, request: IncomingMessage, response: ServerResponse): Promise<boolean>;
