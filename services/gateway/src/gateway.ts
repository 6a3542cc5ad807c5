import { createServer } from 'node:http';
import { ALL_TOPICS } from '@jobtrack/contracts';
import { closeServer, listen, type Running } from '@jobtrack/platform';
import { createGatewayApp, type GatewayAppDeps } from './app.ts';
import { answerClientErrors } from './client-errors.ts';
import { EventStreams, type SseLimits } from './sse.ts';

export type GatewayDeps = Omit<GatewayAppDeps, 'streams'> & { port: number; sse: SseLimits };

/**
 * Serves the REST API until stopped. Stopping drains: readiness fails first, open event streams end (their
 * clients reconnect elsewhere and resume), then in-flight requests finish.
 */
export async function startGateway(deps: GatewayDeps): Promise<Running & { port: number }> {
  // The bus may still be starting, or down: the gateway answers meanwhile (503 for submissions), not ready until
  // its topics exist. createTopics waits for the cluster; it gives up only on what no retry fixes, or on close.
  let topicsReady = false;
  deps.messaging.createTopics(ALL_TOPICS).then(
    () => {
      topicsReady = true;
    },
    (error: unknown) => deps.logger.error({ err: error }, 'could not ensure the Kafka topics'),
  );
  deps.health.addCheck('topics', () => topicsReady);
  deps.health.addCheck('message_bus', () => deps.messaging.bus.isHealthy());
  const streams = new EventStreams(deps.sse);
  const server = createServer(createGatewayApp({ ...deps, streams }));
  answerClientErrors(server);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Bounds receiving a request, not answering it, so event streams may outlive it.
  server.requestTimeout = 30_000;
  let inFlight = 0;
  let drained = () => {};
  server.on('request', (_request, response) => {
    inFlight++;
    response.once('close', () => {
      inFlight--;
      if (inFlight === 0) drained();
    });
  });
  const port = await listen(server, deps.port);
  deps.logger.info({ port }, 'gateway listening');
  return {
    port,
    async stop() {
      deps.health.startDraining();
      await streams.closeAll();
      const closed = closeServer(server);
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      // What is left holds no request: idle keep-alives, or sockets a client opened ahead and never used, which
      // would otherwise hold the close until they time out.
      server.closeAllConnections();
      await closed;
    },
  };
}
