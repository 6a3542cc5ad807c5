import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WS_PATH } from '@jobtrack/contracts';
import {
  AuthError,
  bearerToken,
  type Logger,
  PERMISSIONS,
  type Principal,
  type TokenVerifier,
} from '@jobtrack/platform';
import { wsAuthFailures } from './metrics.ts';

export type UpgradeDecision =
  | { ok: true; principal: Principal }
  | { ok: false; status: number; reason: string; detail: string };

export interface UpgradeGate {
  verifier: TokenVerifier;
  /** Origins a browser may connect from; when unset, any. */
  allowedOrigins: readonly string[] | undefined;
  maxPerUser: number;
  logger: Logger;
  /** True once the service drains: every new socket is refused. */
  draining(): boolean;
  /** Whether the user already holds `maxPerUser` sockets. */
  overUserLimit(user: string): Promise<boolean>;
  /** Completes the handshake of an admitted request. */
  open(request: IncomingMessage, socket: Duplex, head: Buffer, principal: Principal): void;
}

const DRAINING = { status: 503, reason: 'draining', detail: 'the server is shutting down' };

/**
 * The HTTP server's 'upgrade' listener: refuses what is not a WebSocket on /ws, and admits a socket only for a
 * verified token from an allowed origin, within the user's connection limit, while the service is not draining.
 * Every refusal is a plain HTTP answer with a problem body, counted by reason and logged without the query.
 */
export function upgradeListener(
  gate: UpgradeGate,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const log = gate.logger;
  // Defined once, not per upgrade: a listener closing over an upgrade's scope keeps its request alive as long
  // as the socket lives.
  const onUpgradeSocketError = (error: Error) => log.debug({ err: error }, 'upgrade socket error');
  const admit = async (request: IncomingMessage, url: URL): Promise<UpgradeDecision> => {
    const decision = await authorizeUpgrade(request, url, gate);
    if (!decision.ok || !(await gate.overUserLimit(decision.principal.subject))) return decision;
    return {
      ok: false,
      status: 429,
      reason: 'too_many_connections',
      detail: `at most ${gate.maxPerUser} connections per user`,
    };
  };
  return (request, socket, head) => {
    socket.on('error', onUpgradeSocketError);
    const url = new URL(request.url ?? '/', 'http://ws.invalid');
    if (url.pathname !== WS_PATH) {
      refuseUpgrade(socket, {
        status: 404,
        reason: 'not_found',
        detail: `WebSockets are served on ${WS_PATH}`,
      });
      return;
    }
    if (gate.draining()) {
      refuseUpgrade(socket, DRAINING);
      return;
    }
    admit(request, url).then(
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
        if (gate.draining()) {
          refuseUpgrade(socket, DRAINING);
          return;
        }
        gate.open(request, socket, head, decision.principal);
      },
      (error: unknown) => {
        wsAuthFailures.inc({ reason: 'unavailable' });
        log.error({ err: error, path: url.pathname }, 'upgrade check failed');
        refuseUpgrade(socket, {
          status: 503,
          reason: 'unavailable',
          detail: 'cannot verify the connection right now',
        });
      },
    );
  };
}

/** A plain HTTP request that is no operational endpoint: on /ws it is asked to upgrade, elsewhere not found. */
export function answerPlainRequest(request: IncomingMessage, response: ServerResponse): void {
  const onWsPath = (request.url ?? '').split('?')[0] === WS_PATH;
  const status = onWsPath ? 426 : 404;
  const title = onWsPath ? 'Upgrade Required' : 'Not Found';
  response.writeHead(status, {
    'content-type': 'application/problem+json',
    ...(onWsPath ? { upgrade: 'websocket', connection: 'Upgrade' } : {}),
  });
  response.end(JSON.stringify({ type: 'about:blank', title, status }));
}

/**
 * Decides whether an upgrade request may become a socket. The token comes from the Authorization header or,
 * because browsers cannot set headers on a WebSocket handshake, from the `access_token` query parameter
 * (RFC 6750 §2.3). The URL then holds a credential, so nothing here ever logs it.
 */
export async function authorizeUpgrade(
  request: IncomingMessage,
  url: URL,
  options: { verifier: TokenVerifier; allowedOrigins: readonly string[] | undefined },
): Promise<UpgradeDecision> {
  const origin = request.headers.origin;
  // Only browsers send Origin, and only they need guarding from cross-site pages; other clients are let through.
  if (options.allowedOrigins && origin !== undefined && !options.allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, reason: 'origin', detail: 'this origin may not open a WebSocket here' };
  }
  const token =
    bearerToken(request.headers.authorization) ?? url.searchParams.get('access_token') ?? undefined;
  let principal: Principal;
  try {
    principal = await options.verifier.verify(token);
  } catch (error) {
    if (error instanceof AuthError)
      return { ok: false, status: 401, reason: error.reason, detail: error.message };
    throw error;
  }
  // A socket only ever reads job updates, so reading is the one permission it needs.
  if (!principal.permissions.has(PERMISSIONS.jobsRead)) {
    return {
      ok: false,
      status: 403,
      reason: 'forbidden',
      detail: `the token lacks the ${PERMISSIONS.jobsRead} permission`,
    };
  }
  return { ok: true, principal };
}

/** Answers the handshake with a plain HTTP error and drops the connection: a refused socket never opens. */
export function refuseUpgrade(
  socket: Duplex,
  refusal: { status: number; reason: string; detail: string },
): void {
  const { status, reason, detail } = refusal;
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  const headers = [
    `HTTP/1.1 ${status} ${title}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...(status === 401 ? [`WWW-Authenticate: ${challenge(reason)}`] : []),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

/** RFC 6750 §3.1: a request that sent no token gets the bare challenge, one with a bad token an error code. */
function challenge(reason: string): string {
  return reason === 'missing' ? 'Bearer realm="jobtrack"' : 'Bearer realm="jobtrack", error="invalid_token"';
}
