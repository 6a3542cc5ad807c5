import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildService {
  readonly name: string;
  readonly child: ChildProcess;
  /** The last lines the process wrote, for an error message. */
  output(): string;
  stop(): Promise<void>;
}

const KEEP_OUTPUT_CHARS = 20_000;

/**
 * Starts a TypeScript entry point as its own Node process, as production runs it (`--conditions=source`), and
 * resolves once its `readyUrl` answers 200. Extra Node flags (e.g. `--cpu-prof`) go in `nodeArgs`.
 */
export async function startChild(options: {
  name: string;
  entry: string;
  env: Record<string, string>;
  readyUrl: string;
  nodeArgs?: string[];
  timeoutMs?: number;
}): Promise<ChildService> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--conditions=source', options.entry], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit');
  const service: ChildService = {
    name: options.name,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitReady(options.readyUrl, options.timeoutMs ?? 60_000, () => child.exitCode !== null);
  } catch (error) {
    await service.stop();
    throw new Error(`${options.name} did not become ready: ${(error as Error).message}\n${output}`);
  }
  return service;
}

async function waitReady(url: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('it exited');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    // Polling is the only signal available: the services log nothing at LOG_LEVEL=warn.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${last})`);
}
