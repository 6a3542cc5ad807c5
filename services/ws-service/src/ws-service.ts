import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { TOPICS, WS_CLOSE_CODES } from '@jobtrack/contracts';
import {
  closeServer,
  type Health,
  type Logger,
  listen,
  type Messaging,
  type Principal,
  type Running,
  serveOperational,
  type TokenVerifier,
} from '@jobtrack/platform';
import { type WebSocket, WebSocketServer } from 'ws';
import { Connection } from './connection.ts';
import { eventFromUpdate } from './frames.ts';
import type { JobLookup } from './job-lookup.ts';
import { LocalIndex } from './local-index.ts';
import { wsAuthFailures } from './metrics.ts';
import type { SocketRegistry } from './socket-registry.ts';
import { authorizeUpgrade, refuseUpgrade } from './upgrade.ts';

export interface WsServiceDeps {
  messaging: Messaging;
  registry: SocketRegistry;
  verifier: TokenVerifier;
  jobs: JobLookup;
  logger: Logger;
  health: Health;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Names this replica in the registry and in its consumer group; unique per process. */
  instanceId: string;
  /** Origins a browser may connect from; when unset, any. */
  allowedOrigins?: string[];
  /** Largest client frame accepted; a larger one closes the socket with 1009. Default 64 KiB. */
  maxPayloadBytes?: number;
  /** Default 25 s; a socket that has not answered the previous ping by the next one is dropped. */
  pingIntervalMs?: number;
  /** Bytes a socket may have queued unsent before it is closed as a slow consumer. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Default 100. */
  maxSubscriptions?: number;
  /** How long shutdown waits for clients to complete the closing handshake. Default 3 s. */
  closeTimeoutMs?: number;
}

export const WS_PATH = '/ws';

const DRAINING = { status: 503, reason: 'draining', detail: 'the server is shutting down' };

/**
 * The WebSocket service: authenticates upgrades on /ws, serves /healthz /readyz /metrics on the same port,
 * and pushes job updates to the sockets subscribed to them.
 */
export async function startWsService(deps: WsServiceDeps): Promise<Running & { port: number }> {
  const settings = {
    maxPayloadBytes: deps.maxPayloadBytes ?? 64 * 1024,
    pingIntervalMs: deps.pingIntervalMs ?? 25_000,
    maxBufferedBytes: deps.maxBufferedBytes ?? 1024 * 1024,
    maxSubscriptions: deps.maxSubscriptions ?? 100,
    closeTimeoutMs: deps.closeTimeoutMs ?? 3000,
  };
  const log = deps.logger.child({ component: 'ws-service', instance: deps.instanceId });
  const index = new LocalIndex<Connection>();
  const connections = new Set<Connection>();
  let stopping = false;

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: settings.maxPayloadBytes,
    clientTracking: false,
  });

  const accept = (socket: WebSocket, principal: Principal) => {
    const connection = new Connection({
      socket,
      id: randomUUID(),
      user: principal.subject,
      expiresAt: principal.expiresAt,
      instance: deps.instanceId,
      jobs: deps.jobs,
      index,
      registry: deps.registry,
      logger: log,
      maxBufferedBytes: settings.maxBufferedBytes,
      maxSubscriptions: settings.maxSubscriptions,
      onClose: (closed) => connections.delete(closed),
    });
    connections.add(connection);
  };

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
    const url = new URL(request.url ?? '/', 'http://ws.invalid');
    if (url.pathname !== WS_PATH) {
      refuseUpgrade(socket, {
        status: 404,
        reason: 'not_found',
        detail: `WebSockets are served on ${WS_PATH}`,
      });
      return;
    }
    if (stopping) {
      refuseUpgrade(socket, DRAINING);
      return;
    }
    authorizeUpgrade(request, url, { verifier: deps.verifier, allowedOrigins: deps.allowedOrigins }).then(
      (decision) => {
        if (!decision.ok) {
          wsAuthFailures.inc({ reason: decision.reason });
          // The path only: the query may carry the token.
          log.info(
            { path: url.pathname, status: decision.status, reason: decision.reason },
            'upgrade refused',
          );
          refuseUpgrade(socket, decision);
          return;
        }
        if (socket.destroyed) return;
        if (stopping) {
          refuseUpgrade(socket, DRAINING);
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => accept(ws, decision.principal));
      },
      (error: unknown) => {
        wsAuthFailures.inc({ reason: 'unavailable' });
        log.error({ err: error, path: url.pathname }, 'token verification failed');
        refuseUpgrade(socket, {
          status: 503,
          reason: 'unavailable',
          detail: 'cannot verify tokens right now',
        });
      },
    );
  };

  const server = createServer((request, response) => {
    serveOperational(deps.health, request, response).then(
      (served) => {
        if (served) return;
        const onWsPath = (request.url ?? '').split('?')[0] === WS_PATH;
        const status = onWsPath ? 426 : 404;
        const title = onWsPath ? 'Upgrade Required' : 'Not Found';
        response.writeHead(status, {
          'content-type': 'application/problem+json',
          ...(onWsPath ? { upgrade: 'websocket', connection: 'Upgrade' } : {}),
        });
        response.end(JSON.stringify({ type: 'about:blank', title, status }));
      },
      (error: unknown) => {
        log.error({ err: error }, 'operational endpoint failed');
        response.writeHead(500).end();
      },
    );
  });
  server.on('upgrade', upgrade);

  // Each replica reads every update in a group of its own and pushes to the sockets it holds. A later issue
  // replaces this with fan-out routed through the Redis registry to only the replicas holding subscribers.
  const consumer = await deps.messaging.consume({
    groupId: `ws-service.${deps.instanceId}`,
    topic: TOPICS.jobUpdates,
    fromBeginning: false,
    handle: async (update, meta) => {
      const event = eventFromUpdate(update, meta.traceId);
      if (!event) {
        log.warn({ jobId: update.jobId, status: update.status }, 'update without a status, not pushed');
        return;
      }
      index.deliver(event);
    },
  });

  let port: number;
  try {
    port = await listen(server, deps.port, deps.host);
  } catch (error) {
    await consumer.stop();
    throw error;
  }

  const pinger = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
  }, settings.pingIntervalMs);
  let refreshing = false;
  const registryHeartbeat = setInterval(
    () => {
      if (refreshing || connections.size === 0) return;
      refreshing = true;
      deps.registry
        .refresh([...connections].map((connection) => connection.state()))
        .catch((error: unknown) => log.warn({ err: error }, 'socket registry refresh failed'))
        .finally(() => {
          refreshing = false;
        });
    },
    Math.max(1, Math.floor(deps.registry.ttlMs / 3)),
  );
  log.info({ port, path: WS_PATH }, 'ws-service listening');

  return {
    port,
    async stop() {
      if (stopping) return;
      stopping = true;
      deps.health.startDraining();
      clearInterval(pinger);
      clearInterval(registryHeartbeat);
      await consumer.stop();
      const open = [...connections];
      for (const connection of open) {
        connection.close(WS_CLOSE_CODES.serverShutdown, 'shutdown', 'server shutting down');
      }
      const allClosed = Promise.all(open.map((connection) => connection.closed));
      await settledWithin(allClosed, settings.closeTimeoutMs);
      for (const connection of connections) connection.terminate();
      await allClosed;
      wss.close();
      await closeServer(server);
      log.info('ws-service stopped');
    },
  };
}

/** Waits for the promise, but no longer than `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
