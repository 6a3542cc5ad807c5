import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { AuthError, bearerToken, PERMISSIONS, type Principal, type TokenVerifier } from '@jobtrack/platform';

export type UpgradeDecision =
  | { ok: true; principal: Principal }
  | { ok: false; status: number; reason: string; detail: string };

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
