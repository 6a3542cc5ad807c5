import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';

const KAFKA_SCRIPT = fileURLToPath(new URL('../../../../scripts/infra/kafka.sh', import.meta.url));

export interface ScratchBroker {
  /** host:port of its listener. */
  brokers: string;
  /** What scripts/infra/kafka.sh printed, for a failing test's message. */
  output(): string;
  /** Starts it (again, on the same storage and ports); resolves once the script has started the JVM. */
  start(): ChildProcess;
  /** Resolves once a running start has finished, ready or not. */
  started(): Promise<void>;
  /** Stops it; its storage stays, for a start again. */
  stop(): Promise<void>;
  /** Stops it and removes its storage. */
  remove(): Promise<void>;
}

/**
 * A Kafka broker of a test's own, on freshly formatted storage in a temporary directory and ports of its own,
 * through the project's scripts/infra/kafka.sh. Nothing waits for it to be ready: the code under test must.
 */
export async function scratchBroker(): Promise<ScratchBroker> {
  const dir = await mkdtemp(join(tmpdir(), 'jobtrack-scratch-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    JOBTRACK_INFRA_DIR: dir,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
  };
  let output = '';
  const run = (command: string): ChildProcess => {
    const child = spawn('bash', [KAFKA_SCRIPT, command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
    return child;
  };
  let starting: ChildProcess | undefined;
  const started = async () => {
    if (starting && starting.exitCode === null && starting.signalCode === null) await once(starting, 'exit');
  };
  const stop = async () => {
    await started();
    await once(run('stop'), 'exit');
  };
  return {
    brokers: `127.0.0.1:${port}`,
    output: () => output,
    start() {
      starting = run('start');
      return starting;
    },
    started,
    stop,
    async remove() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
