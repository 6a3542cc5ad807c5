import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { WS_CLOSE_CODES, WS_PATH } from '@jobtrack/contracts';
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
import type { EventBroker } from './broker/port.ts';
import { WS_DEFAULTS, wsLimits } from './config.ts';
import { Connection, type ConnectionContext, type ConnectionLimits } from './connection.ts';
import { connectionEventPublisher } from './connection-events.ts';
import { Hub } from './hub.ts';
import type { JobLookup } from './job-lookup/port.ts';
import { wsConnections } from './metrics.ts';
import type { SocketRegistry } from './registry/port.ts';
import { startRelay } from './relay.ts';
import { startSlicedSweep } from './sliced-sweep.ts';
import { answerPlainRequest, upgradeListener } from './upgrade.ts';

export interface WsServiceDeps {
  messaging: Messaging;
  registry: SocketRegistry;
  /** Hands this replica's relayed events to its sockets, by user. */
  broker: EventBroker;
  verifier: TokenVerifier;
  jobs: JobLookup;
  logger: Logger;
  health: Health;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Names this replica in the registry and in connection events; unique per process. */
  instanceId: string;
  /** Prefix of the Kafka consumer group each replica reads job updates in (WS_CONSUMER_GROUP's default when unset), followed by its instance id. */
  consumerGroup?: string;
  /** Origins a browser may connect from; when unset, any. */
  allowedOrigins?: string[];
  /** Sockets one user may hold across all replicas; WS_MAX_CONNECTIONS_PER_USER's default when unset. */
  maxConnectionsPerUser?: number;
  limits?: Partial<ConnectionLimits>;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  ...wsLimits(WS_DEFAULTS),
  maxViolations: 10,
  closeTimeoutMs: 3000,
};

/**
 * The WebSocket service: authenticates upgrades on /ws, serves /healthz /readyz /metrics on the same port,
 * relays job updates from Kafka to the broker, and pushes what the broker brings to the sockets subscribed.
 */
export async function startWsService(deps: WsServiceDeps): Promise<Running & { port: number }> {
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const maxPerUser = deps.maxConnectionsPerUser ?? WS_DEFAULTS.WS_MAX_CONNECTIONS_PER_USER;
  const log = deps.logger.child({ component: 'ws-service', instance: deps.instanceId });
  const hub = new Hub<Connection>(deps.broker, log);
  const connections = new Set<Connection>();
  const publishConnectionEvent = connectionEventPublisher(deps.messaging, deps.instanceId, log);
  let stopping = false;

  const context: ConnectionContext = {
    jobs: deps.jobs,
    registry: deps.registry,
    verifier: deps.verifier,
    logger: log,
    hub,
    limits,
    onOpen(connection) {
      publishConnectionEvent({ connectionId: connection.id, user: connection.user, kind: 'CONNECTED' });
    },
    onClose(connection, reason, code) {
      connections.delete(connection);
      hub.remove(connection);
      wsConnections.dec();
      publishConnectionEvent({
        connectionId: connection.id,
        user: connection.user,
        kind: 'DISCONNECTED',
        reason,
        closeCode: code,
      });
    },
  };

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: limits.maxPayloadBytes,
    clientTracking: false,
  });

  const accept = (socket: WebSocket, principal: Principal) => {
    const connection = new Connection(socket, randomUUID(), principal, context);
    connections.add(connection);
    wsConnections.inc();
  };

  const server = createServer((request, response) => {
    serveOperational(deps.health, request, response).then(
      (served) => {
        if (!served) answerPlainRequest(request, response);
      },
      (error: unknown) => {
        log.error({ err: error }, 'operational endpoint failed');
        response.writeHead(500).end();
      },
    );
  });
  server.on(
    'upgrade',
    upgradeListener({
      verifier: deps.verifier,
      allowedOrigins: deps.allowedOrigins,
      maxPerUser,
      logger: log,
      draining: () => stopping,
      // Across replicas, as the registry counts; this replica's own count covers sockets not registered yet.
      overUserLimit: async (user) =>
        hub.countOf(user) >= maxPerUser || (await deps.registry.socketsOfUser(user)).length >= maxPerUser,
      open: (request, socket, head, principal) =>
        wss.handleUpgrade(request, socket, head, (ws) => accept(ws, principal)),
    }),
  );

  const relay = await startRelay({
    messaging: deps.messaging,
    broker: deps.broker,
    groupId: `${deps.consumerGroup ?? WS_DEFAULTS.WS_CONSUMER_GROUP}.${deps.instanceId}`,
    holdsUser: (user) => hub.countOf(user) > 0,
    logger: log,
  });

  let port: number;
  try {
    port = await listen(server, deps.port, deps.host);
  } catch (error) {
    await relay.stop();
    throw error;
  }

  const pinger = startSlicedSweep({
    periodMs: limits.pingIntervalMs,
    items: () => connections,
    visit: (slice) => {
      for (const connection of slice) connection.heartbeat();
    },
  });
  const registryHeartbeat = startSlicedSweep({
    periodMs: Math.max(1, Math.floor(deps.registry.ttlMs / 3)),
    items: () => connections,
    visit: (slice) =>
      deps.registry
        .refresh(slice.map((connection) => connection.registered()))
        .catch((error: unknown) => log.warn({ err: error }, 'socket registry refresh failed')),
  });
  log.info({ port, path: WS_PATH }, 'ws-service listening');

  return {
    port,
    async stop() {
      if (stopping) return;
      stopping = true;
      deps.health.startDraining();
      pinger.stop();
      registryHeartbeat.stop();
      await relay.stop();
      const open = [...connections];
      for (const connection of open) {
        connection.close(WS_CLOSE_CODES.serverShutdown, 'shutdown', 'server shutting down');
      }
      const allClosed = Promise.all(open.map((connection) => connection.closed));
      await settledWithin(allClosed, limits.closeTimeoutMs);
      for (const connection of connections) connection.terminate();
      await allClosed;
      wss.close();
      await deps.broker.close();
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
