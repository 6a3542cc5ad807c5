import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '@jobtrack/platform/testing';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every live process below `root`, read from /proc (the parent of each process is field 4 of its stat). */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // The process ended while the table was read.
    }
  }
  const found: number[] = [];
  for (let queue = [root]; queue.length > 0; ) {
    const next = children.get(queue.shift() as number) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/status`, 'utf8').includes('State:\tZ');
  } catch {
    return false;
  }
}

describe('the README’s main command, ./npmw start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`passes ${signal} on, exits once the platform has stopped, and leaves no process behind`, async () => {
      const [http, ws, grpc] = await Promise.all([freePort(), freePort(), freePort()]);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HTTP_PORT: String(http),
        WS_PORT: String(ws),
        GRPC_PORT: String(grpc),
      };
      delete env.KAFKA_BROKERS;
      delete env.REDIS_URL;
      const command = spawn('./npmw', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const exited = once(command, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      try {
        await new Promise<void>((resolve, reject) => {
          const onData = (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('"msg":"started"')) resolve();
          };
          command.stdout.on('data', onData);
          command.stderr.on('data', onData);
          command.once('exit', () => reject(new Error(`./npmw start exited before starting:\n${output}`)));
        });
        const tree = descendantsOf(command.pid as number);
        assert.ok(tree.length > 0, 'the platform runs as a child of the command');
        command.kill(signal);
        const [code] = await exited;
        assert.equal(code, 0, output.slice(-2000));
        assert.match(output, /"msg":"stopped"/, 'the platform drained and stopped before the command exited');
        assert.deepEqual(tree.filter(alive), [], 'no process of the platform outlives the command');
      } finally {
        for (const pid of [command.pid as number, ...descendantsOf(command.pid as number)]) {
          if (alive(pid)) process.kill(pid, 'SIGKILL');
        }
      }
    });
  }
});
