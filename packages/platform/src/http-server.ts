import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Health, serveOperational } from './health.ts';

/** Listens and resolves with the bound port (0 picks a free one, which tests rely on). */
export async function listen(server: Server, port: number, host = '0.0.0.0'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops accepting, lets in-flight requests finish, then drops idle keep-alive sockets. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
}

/** The operational server of a service with no HTTP API of its own: health and metrics only. */
export function createOperationalServer(health: Health, fallback?: RequestListener): Server {
  return createServer((request, response) => {
    serveOperational(health, request, response).then(
      (served) => {
        if (served) return;
        if (fallback) return fallback(request, response);
        response.writeHead(404, { 'content-type': 'application/problem+json' });
        response.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
      },
      () => response.writeHead(500).end(),
    );
  });
}
