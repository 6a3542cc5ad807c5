import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually, freePort } from '@jobtrack/platform/testing';
import { devToken, submitOrder, validOrder } from './support/platform-client.ts';
import { startStack } from './support/stack.ts';
import { connectWs, untilTerminal } from './support/ws-client.ts';

const KAFKA_SCRIPT = fileURLToPath(new URL('../../scripts/infra/kafka.sh', import.meta.url));
const ROUNDS = 5;

/** A broker of its own, on fresh storage in a temporary directory; `start` returns at once, as a pod would. */
async function freshBroker() {
  const dir = await mkdtemp(join(tmpdir(), 'jobtrack-cold-start-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    JOBTRACK_INFRA_DIR: dir,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
  };
  const run = (command: string): ChildProcess =>
    spawn('bash', [KAFKA_SCRIPT, command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const starting = run('start');
  starting.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  starting.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  return {
    brokers: `127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (starting.exitCode === null) await once(starting, 'exit');
      const stopping = run('stop');
      await once(stopping, 'exit');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe('a cold start: broker and every service started at the same moment', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: every service becomes ready, and a job runs to its end`, async () => {
      const broker = await freshBroker();
      try {
        const stack = await startStack({
          together: true,
          env: Object.fromEntries(
            (['job-service', 'order', 'media', 'participants', 'gateway', 'ws-service'] as const).map(
              (service) => [service, { KAFKA_BROKERS: broker.brokers }],
            ),
          ),
        });
        try {
          for (const [name, metrics] of Object.entries(stack.metricsUrls)) {
            const readyz = metrics.replace(/\/metrics$/, '/readyz');
            await eventually(
              () => fetch(readyz).then((response) => response.status),
              (status) => status === 200,
              30_000,
            ).catch((error: Error) => {
              throw new Error(`${name} did not become ready: ${error.message}`);
            });
          }
          const token = await devToken(stack.baseUrl, 'cold');
          const watcher = await connectWs(stack.wsUrls[0] as string, token);
          try {
            watcher.socket.send(JSON.stringify({ type: 'subscribe', all: true, level: 'status' }));
            assert.equal((await watcher.frames.waitFor(1))[0]?.type, 'subscribed');
            const job = await submitOrder(stack.baseUrl, token, validOrder);
            const events = await untilTerminal(watcher.frames, job.id, 60_000);
            assert.equal(events.at(-1)?.status, 'SUCCEEDED');
          } finally {
            watcher.socket.terminate();
          }
        } finally {
          await stack.stop();
        }
      } catch (error) {
        throw new Error(`${(error as Error).message}\nbroker: ${broker.output()}`, { cause: error });
      } finally {
        await broker.stop();
      }
    });
  }
});
