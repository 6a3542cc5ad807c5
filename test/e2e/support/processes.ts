import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Everything the process logged, for a failing test's message. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts the same service again, with the same environment (and so the same ports), as a supervisor would. */
  restart(): Promise<ServiceProcess>;
}

/**
 * Starts `services/<dir>/src/main.ts` as its own OS process and resolves once it logs that it started (runMain's
 * "started" line), or rejects with its output if it exits or does not start in time (killing it then).
 */
export async function startService(
  name: string,
  entry: string,
  /** Added to this process's environment; an undefined value removes the variable. */
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<ServiceProcess> {
  const childEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  const child = spawn(process.execPath, ['--conditions=source', entry], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"started"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before starting:\n${output}`));
    });
  });
  try {
    await started;
  } catch (error) {
    // A process that did not start in time is still running: it must not outlive the test.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
  return {
    name,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
    restart: () => startService(name, entry, env, timeoutMs),
  };
}
