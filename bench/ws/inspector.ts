import { once } from 'node:events';
import WebSocket from 'ws';

/** process.memoryUsage() of the inspected process, bytes. */
export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/**
 * A DevTools-protocol session with a child started with `--inspect=127.0.0.1:<port>`: a full garbage collection
 * and a memory reading, a CPU profile over a window, a heap snapshot. Nothing bench-specific runs in the measured
 * process; the inspector is idle between sessions, and a session enables no domain but the one it uses.
 */
export class InspectorSession {
  readonly #socket: WebSocket;
  readonly #waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly #listeners = new Map<string, (params: unknown) => void>();
  #next = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number;
        method?: string;
        params?: unknown;
        result?: unknown;
        error?: { message: string };
      };
      if (message.id === undefined) {
        if (message.method) this.#listeners.get(message.method)?.(message.params);
        return;
      }
      const waiting = this.#waiting.get(message.id);
      this.#waiting.delete(message.id);
      if (message.error) waiting?.reject(new Error(`inspector: ${message.error.message}`));
      else waiting?.resolve(message.result);
    });
  }

  static async open(inspectorPort: number): Promise<InspectorSession> {
    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as Array<{
      webSocketDebuggerUrl: string;
    }>;
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error(`no inspector target on port ${inspectorPort}`);
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 2 ** 30 });
    await once(socket, 'open');
    return new InspectorSession(socket);
  }

  call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  on(method: string, listener: (params: unknown) => void): void {
    this.#listeners.set(method, listener);
  }

  /** Heap after two full collections (the second frees what the first's finalisers released). */
  async memoryAfterGc(): Promise<MemoryUsage> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
    const { result } = await this.call<{ result: { value: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    return JSON.parse(result.value) as MemoryUsage;
  }

  /** Samples the process's CPU from now until the returned function is called; resolves with the profile. */
  async startCpuProfile(samplingIntervalUs = 200): Promise<() => Promise<unknown>> {
    await this.call('Profiler.enable');
    await this.call('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await this.call('Profiler.start');
    return async () => {
      const { profile } = await this.call<{ profile: unknown }>('Profiler.stop');
      await this.call('Profiler.disable');
      return profile;
    };
  }

  /** A heap snapshot, as the JSON text DevTools saves (collects garbage first). */
  async heapSnapshot(): Promise<string> {
    const chunks: string[] = [];
    this.on('HeapProfiler.addHeapSnapshotChunk', (params) =>
      chunks.push((params as { chunk: string }).chunk),
    );
    await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    return chunks.join('');
  }

  async close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return;
    const closed = once(this.#socket, 'close');
    this.#socket.close();
    await closed;
  }
}

/** Runs `work` in a session of its own, closed afterwards so no inspector client stays attached while measuring. */
export async function withInspector<T>(
  port: number,
  work: (session: InspectorSession) => Promise<T>,
): Promise<T> {
  const session = await InspectorSession.open(port);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
