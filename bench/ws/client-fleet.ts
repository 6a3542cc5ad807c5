/**
 * The process that holds the bench's client sockets, apart from the servers measured and from the bench itself,
 * so each side's CPU and memory show on their own. Driven over IPC by bench/ws/fleet.ts; exits with its parent.
 */
import WebSocket, { type RawData } from 'ws';
import { epochMs, stampOf } from './clock.ts';
import type {
  ConnectOptions,
  ConnectResult,
  CountSnapshot,
  FleetMessage,
  FleetReply,
  FleetRequest,
  FleetStats,
  LatencyResult,
} from './fleet-protocol.ts';

const sockets = new Set<WebSocket>();
const closes = new Map<string, number>();
let frames = 0;
let latency:
  | {
      samples: number[];
      sentAt: number[];
      unstamped: number;
      outOfOrder: number;
      gaps: number;
      firstAt: number;
      lastAt: number;
    }
  | undefined;
const lastSeq = new WeakMap<WebSocket, Map<string, number>>();

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Only in a latency run are frames parsed: counting deliveries must cost the fleet as little as possible. */
function onFrame(this: WebSocket, data: RawData): void {
  frames++;
  if (!latency) return;
  const receivedAt = epochMs();
  const frame = JSON.parse(String(data)) as {
    type?: string;
    jobId?: string;
    seq?: number;
    progress?: { message?: string };
  };
  if (frame.type !== 'event' || frame.jobId === undefined || frame.seq === undefined) return;
  const seen = lastSeq.get(this) ?? new Map<string, number>();
  lastSeq.set(this, seen);
  const last = seen.get(frame.jobId);
  if (last !== undefined && frame.seq <= last) latency.outOfOrder++;
  else {
    if (last !== undefined && frame.seq > last + 1) latency.gaps++;
    seen.set(frame.jobId, frame.seq);
  }
  const sentAt = stampOf(frame.progress?.message);
  if (sentAt === undefined) latency.unstamped++;
  else {
    latency.samples.push(receivedAt - sentAt);
    latency.sentAt.push(sentAt);
    latency.firstAt ||= receivedAt;
    latency.lastAt = receivedAt;
  }
}

function onClose(this: WebSocket, code: number): void {
  sockets.delete(this);
  bump(closes, String(code));
}

/** Opens one socket and completes its handshake; resolves with undefined when ready, else why it failed. */
function open(options: ConnectOptions, token: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(options.url, {
      perMessageDeflate: false,
      handshakeTimeout: options.timeoutMs,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
    let settled = false;
    const settle = (failure: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      socket.removeAllListeners('close');
      if (failure) socket.terminate();
      else {
        socket.on('message', onFrame);
        socket.on('close', onClose);
        sockets.add(socket);
      }
      resolve(failure);
    };
    const timer = setTimeout(() => settle('timeout'), options.timeoutMs);
    socket.on('error', (error) => {
      const status = /Unexpected server response: (\d+)/.exec(error.message);
      settle(status ? `HTTP ${status[1]}` : error.message);
    });
    socket.on('close', (code: number) => settle(`closed ${code}`));
    socket.on('open', () => {
      if (options.handshake === 'raw') {
        socket.send(options.subscribe);
        settle(undefined);
      }
    });
    if (options.handshake === 'jobtrack') {
      let connected = false;
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type?: string; code?: string };
        if (frame.type === 'error') settle(`error ${frame.code}`);
        else if (!connected && frame.type === 'connected') {
          connected = true;
          socket.send(options.subscribe);
        } else if (connected && frame.type === 'subscribed') settle(undefined);
        else settle(`unexpected ${frame.type} frame`);
      });
    }
  });
}

async function connect(options: ConnectOptions): Promise<ConnectResult> {
  const started = epochMs();
  const failures = new Map<string, number>();
  let next = 0;
  let ready = 0;
  const worker = async () => {
    while (next < options.tokens.length) {
      const failure = await open(options, options.tokens[next++]);
      if (failure) bump(failures, failure);
      else ready++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.tokens.length) }, worker));
  return {
    ready,
    failed: options.tokens.length - ready,
    failures: Object.fromEntries(failures),
    ms: epochMs() - started,
  };
}

async function closeAll(timeoutMs: number): Promise<{ closed: number; ms: number }> {
  const started = epochMs();
  const open = [...sockets];
  const closed = open.map(
    (socket) =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(closed),
    new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  for (const socket of sockets) socket.terminate();
  const count = open.length - sockets.size;
  sockets.clear();
  return { closed: count, ms: epochMs() - started };
}

const snapshot = (): CountSnapshot => ({ frames, stamped: latency?.samples.length ?? 0, at: epochMs() });

async function handle(request: FleetRequest): Promise<unknown> {
  switch (request.op) {
    case 'connect':
      return connect(request.options);
    case 'count-start':
      frames = 0;
      return snapshot();
    case 'count-peek':
      return snapshot();
    case 'latency-start':
      latency = { samples: [], sentAt: [], unstamped: 0, outOfOrder: 0, gaps: 0, firstAt: 0, lastAt: 0 };
      return null;
    case 'latency-stop': {
      const result: LatencyResult = {
        samplesMs: Float64Array.from(latency?.samples ?? []),
        sentAt: Float64Array.from(latency?.sentAt ?? []),
        unstamped: latency?.unstamped ?? 0,
        outOfOrder: latency?.outOfOrder ?? 0,
        gaps: latency?.gaps ?? 0,
        firstAt: latency?.firstAt ?? 0,
        lastAt: latency?.lastAt ?? 0,
      };
      latency = undefined;
      return result;
    }
    case 'close-all': {
      // The fleet's own closes are not the server's doing; the count starts again with the next sockets.
      const result = await closeAll(request.timeoutMs);
      closes.clear();
      return result;
    }
    case 'stats': {
      const stats: FleetStats = { open: sockets.size, closes: Object.fromEntries(closes) };
      return stats;
    }
  }
}

const send = (reply: FleetReply) => process.send?.(reply);
process.on('message', (message: FleetMessage) => {
  handle(message.request).then(
    (result) => send({ id: message.id, ok: true, result }),
    (error: unknown) => send({ id: message.id, ok: false, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
