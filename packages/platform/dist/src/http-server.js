import { createServer } from 'node:http';
import { serveOperational } from "./health.js";
/** Listens and resolves with the bound port (0 picks a free one, which tests rely on). */
export async function listen(server, port, host = '0.0.0.0') {
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    return server.address().port;
}
/** Stops accepting, lets in-flight requests finish, then drops idle keep-alive sockets. */
export async function closeServer(server) {
    if (!server.listening)
        return;
    const closed = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
}
/** The operational server of a service with no HTTP API of its own: health and metrics only. */
export function createOperationalServer(health, fallback) {
    return createServer((request, response) => {
        serveOperational(health, request, response).then((served) => {
            if (served)
                return;
            if (fallback)
                return fallback(request, response);
            response.writeHead(404, { 'content-type': 'application/problem+json' });
            response.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
        }, () => response.writeHead(500).end());
    });
}
//# sourceMappingURL=http-server.js.map