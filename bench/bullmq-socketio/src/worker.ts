/** The baseline's worker: BullMQ runs the three steps of each job (steps.ts), `concurrency` at a time. */
import { createServer } from 'node:http';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAME, settingsFromEnv } from './settings.ts';
import { runJob } from './steps.ts';

const settings = settingsFromEnv();
const worker = new Worker(QUEUE_NAME, runJob, {
  connection: new Redis(settings.redisUrl, { maxRetriesPerRequest: null }),
  prefix: settings.keyPrefix,
  concurrency: settings.concurrency,
});
worker.on('failed', (job, error) => process.stderr.write(`job ${job?.id} failed: ${error.message}\n`));

// The bench knows the worker is ready when it answers here: BullMQ has no readiness endpoint of its own.
await worker.waitUntilReady();
createServer((_request, response) => response.end('ready')).listen(settings.port, '127.0.0.1');

const stop = async () => {
  await worker.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
