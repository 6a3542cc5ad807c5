import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsRegistry } from './metrics.ts';

export type ReadinessCheck = () => boolean | Promise<boolean>;

/**
 * Liveness says the process works; readiness says it should get traffic now: its dependencies answer and it
 * is not draining. They differ so that a Kafka outage takes a pod out of rotation without restarting it.
 */
export class Health {
  readonly #checks = new Map<string, ReadinessCheck>();
  #draining = false;

  addCheck(name: string, check: ReadinessCheck): void {
    this.#checks.set(name, check);
  }

  startDraining(): void {
    this.#draining = true;
  }

  async readiness(): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
    const checks: Record<string, boolean> = { draining: !this.#draining };
    for (const [name, check] of this.#checks) {
      try {
        checks[name] = await check();
      } catch {
        checks[name] = false;
      }
    }
    return { ready: Object.values(checks).every(Boolean), checks };
  }
}

/** Serves /healthz, /readyz and /metrics; returns false for any other path so the caller can route it. */
export async function serveOperational(
  health: Health,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const path = (request.url ?? '').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (path === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return true;
  }
  if (path === '/readyz') {
    const result = await health.readiness();
    response
      .writeHead(result.ready ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: result.ready ? 'ready' : 'not_ready', checks: result.checks }));
    return true;
  }
  if (path === '/metrics') {
    const body = await metricsRegistry.metrics();
    response.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body);
    return true;
  }
  return false;
}
