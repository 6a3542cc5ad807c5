import { Collector } from '@jobtrack/platform/testing';
import WebSocket from 'ws';

export interface Frame {
  type: string;
  jobId?: string;
  seq?: number;
  status?: string;
  progress?: { percent: number; step: string; message?: string };
  traceId?: string;
  code?: string;
  /** What an error frame says. */
  message?: string;
}

/** A real WebSocket client that records every frame it receives after the server's `connected` greeting. */
export async function connectWs(
  url: string,
  token: string,
): Promise<{ socket: WebSocket; frames: Collector<Frame> }> {
  const frames = new Collector<Frame>();
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  let greeted: () => void = () => {};
  const greeting = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    if (frame.type === 'connected') greeted();
    else frames.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade answered ${response.statusCode}`)),
    );
  });
  await greeting;
  return { socket, frames };
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED']);

/** Resolves with the job's event frames once a terminal one arrives. */
export async function untilTerminal(
  frames: Collector<Frame>,
  jobId: string,
  timeoutMs = 30_000,
): Promise<Frame[]> {
  const events = () => frames.items.filter((f) => f.type === 'event' && f.jobId === jobId);
  for (let seen = frames.items.length; ; seen = frames.items.length) {
    const done = events().find((f) => TERMINAL.has(f.status ?? ''));
    if (done) return events();
    await frames.waitFor(seen + 1, timeoutMs);
  }
}
