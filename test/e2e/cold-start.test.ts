import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, scratchBroker } from '@jobtrack/platform/testing';
import { devToken, submitOrder, validOrder } from './support/platform-client.ts';
import { startStack } from './support/stack.ts';
import { connectWs, untilTerminal } from './support/ws-client.ts';

const ROUNDS = 5;

describe('a cold start: broker and every service started at the same moment', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: every service becomes ready, and a job runs to its end`, async () => {
      const broker = await scratchBroker();
      broker.start();
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
        await broker.remove();
      }
    });
  }
});
