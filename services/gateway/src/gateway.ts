import { createServer } from 'node:http';
import { ALL_TOPICS } from '@jobtrack/contracts';
import { closeServer, listen, type Running } from '@jobtrack/platform';
import { createGatewayApp, type GatewayAppDeps } from './app.ts';

/** Serves the REST API until stopped; stopping drains: readiness fails first, in-flight requests finish. */
export async function startGateway(
  deps: GatewayAppDeps & { port: number },
): Promise<Running & { port: number }> {
  await deps.messaging.createTopics(ALL_TOPICS).catch((error: unknown) => {
    // The bus may be down at start; the gateway still answers (503 for submissions) and readiness says so.
    deps.logger.warn({ err: error }, 'could not ensure topics at start-up');
  });
  deps.health.addCheck('message_bus', () => deps.messaging.bus.isHealthy());
  const server = createServer(createGatewayApp(deps));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  const port = await listen(server, deps.port);
  deps.logger.info({ port }, 'gateway listening');
  return {
    port,
    async stop() {
      deps.health.startDraining();
      await closeServer(server);
    },
  };
}
