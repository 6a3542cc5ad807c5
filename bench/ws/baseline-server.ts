/**
 * The baseline: a bare `ws` WebSocketServer (perMessageDeflate off, as the ws-service runs it) with no auth,
 * protocol, subscriptions, Kafka or Redis. It holds idle sockets, broadcasts one pre-serialised event frame to
 * all of them as fast as they take it, or sends frames at a fixed rate (time-stamped, or the same bytes to a group
 * of sockets per event). Its own process, started by
 * bench/ws/main.ts with BENCH_WS_BASELINE_PORT; driven over HTTP on the same port.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type WebSocket, WebSocketServer } from 'ws';
import { stampMessage } from './clock.ts';
import { sampleEventFrame } from './event-frame.ts';

const port = Number(process.env.BENCH_WS_BASELINE_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('BENCH_WS_BASELINE_PORT must be a port number');

/** A socket with more than this queued in user space is skipped by a broadcast round until it drains. */
const SKIP_ABOVE_BYTES = 64 * 1024;

const sockets = new Set<WebSocket>();
const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://baseline.invalid');
  const numberParam = (name: string) => Number(url.searchParams.get(name) ?? Number.NaN);
  const reply = (body: unknown) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (url.pathname === '/readyz') return reply({ sockets: sockets.size });
  if (request.method === 'POST' && url.pathname === '/broadcast') {
    return answer(response, broadcast(numberParam('ms')));
  }
  if (request.method === 'POST' && url.pathname === '/paced') {
    const fanOut = Number(url.searchParams.get('fanOut') ?? 1);
    const stamped = url.searchParams.get('stamped') !== 'false';
    return answer(response, paced(numberParam('rate'), numberParam('ms'), fanOut, stamped));
  }
  response.writeHead(404).end();
});
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, clientTracking: false });
wss.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  // A subscribe frame, like every client frame, is read and dropped: the baseline keeps no state per client.
  socket.on('message', () => undefined);
});

function answer(response: ServerResponse, work: Promise<unknown>): void {
  work.then(
    (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
    (error: unknown) => response.writeHead(500).end(String(error)),
  );
}

/**
 * Sends the same bytes to every socket, round after round, for `ms`: serialised once, as a broadcast should be.
 * Each round yields to the event loop so the sockets' writes complete, and a socket whose queue is full misses a
 * round rather than buffering without bound; the fleet counts what actually arrives.
 */
async function broadcast(ms: number): Promise<{ rounds: number; sent: number; skipped: number }> {
  const frame = Buffer.from(sampleEventFrame('00000000-0000-4000-8000-000000000000', 1, stampMessage()));
  const deadline = performance.now() + ms;
  let rounds = 0;
  let sent = 0;
  let skipped = 0;
  while (performance.now() < deadline) {
    for (const socket of sockets) {
      if (socket.bufferedAmount > SKIP_ABOVE_BYTES) skipped++;
      else {
        socket.send(frame, { binary: false });
        sent++;
      }
    }
    rounds++;
    await nextTurn();
  }
  return { rounds, sent, skipped };
}

/**
 * `rate` frames a second for `ms` (open loop), round robin over the sockets: each event goes to the next `fanOut`
 * sockets. Stamped frames are serialised per send with the time they leave; unstamped ones are one frame serialised
 * once, as a delivery run's would be.
 */
async function paced(rate: number, ms: number, fanOut: number, stamped: boolean): Promise<{ sent: number }> {
  const all = [...sockets];
  const events = Math.round((rate * ms) / 1000 / fanOut);
  const intervalMs = (1000 * fanOut) / rate;
  const shared = Buffer.from(sampleEventFrame('00000000-0000-4000-8000-000000000000', 1, stampMessage()));
  const start = performance.now();
  let event = 0;
  let sent = 0;
  while (event < events && all.length) {
    const due = Math.min(events, Math.floor((performance.now() - start) / intervalMs) + 1);
    for (; event < due; event++) {
      for (let copy = 0; copy < fanOut; copy++, sent++) {
        const socket = all[sent % all.length] as WebSocket;
        // One job per socket, its seq counting that socket's frames: what the fleet checks for order and gaps.
        const seq = Math.floor(sent / all.length) + 1;
        if (stamped) socket.send(sampleEventFrame(`job-${sent % all.length}`, seq, stampMessage()));
        else socket.send(shared, { binary: false });
      }
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, start + event * intervalMs - performance.now())),
    );
  }
  return { sent };
}

server.listen(port, '127.0.0.1');
await once(server, 'listening');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    for (const socket of sockets) socket.terminate();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
