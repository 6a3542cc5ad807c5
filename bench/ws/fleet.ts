import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FleetMessage, FleetReply, FleetRequest, FleetResults } from './fleet-protocol.ts';

const ENTRY = fileURLToPath(new URL('./client-fleet.ts', import.meta.url));

/** The bench's side of the client process: each request answered once the fleet has done it. */
export class ClientFleet {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #next = 0;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (reply: FleetReply) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.result);
      else waiting?.reject(new Error(`client fleet: ${reply.error}`));
    });
    child.on('exit', (code, signal) => {
      for (const waiting of this.#waiting.values()) {
        waiting.reject(new Error(`client fleet exited (${code ?? signal})`));
      }
      this.#waiting.clear();
    });
  }

  /** Starts the fleet process; structured-clone IPC so latency samples cross as one typed array. */
  static async start(): Promise<ClientFleet> {
    const child = fork(ENTRY, [], {
      execArgv: ['--conditions=source'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await once(child, 'spawn');
    return new ClientFleet(child);
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  request<Op extends FleetRequest['op']>(
    request: Extract<FleetRequest, { op: Op }>,
  ): Promise<FleetResults[Op]> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const message: FleetMessage = { id, request };
      this.#child.send(message, (error) => {
        if (!error) return;
        this.#waiting.delete(id);
        reject(error);
      });
    });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
