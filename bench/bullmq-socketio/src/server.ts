/**
 * The baseline's front: an express POST that queues the job on BullMQ, and Socket.IO (Redis streams adapter, a
 * room per user) pushing what QueueEvents reports to the job's owner. Both verify the caller's JWT (a bearer
 * header on POST, `auth.token` on connect) against the same key set as jobtrack's services in the bench.
 */
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Queue, QueueEvents } from 'bullmq';
import express from 'express';
import { Redis } from 'ioredis';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Server } from 'socket.io';
import { type JobFrame, type JobReport, QUEUE_NAME, settingsFromEnv } from './settings.ts';
import type { QueuedJob } from './steps.ts';

const settings = settingsFromEnv();
const keySet = createRemoteJWKSet(new URL(settings.jwksUrl));

async function userOf(token: unknown): Promise<string> {
  if (typeof token !== 'string' || !token) throw new Error('no token');
  const { payload } = await jwtVerify(token, keySet, {
    issuer: settings.issuer,
    audience: settings.audience,
  });
  if (!payload.sub) throw new Error('token without subject');
  return payload.sub;
}

const roomOf = (user: string) => `user:${user}`;
const redisOptions = { maxRetriesPerRequest: null };
const queue = new Queue<QueuedJob>(QUEUE_NAME, {
  connection: new Redis(settings.redisUrl, redisOptions),
  prefix: settings.keyPrefix,
});

const app = express();
app.use(express.json({ limit: '64kb' }));
app.get('/readyz', (_request, response) => void response.json({ ready: true }));
app.post('/jobs', async (request, response) => {
  let owner: string;
  try {
    owner = await userOf(request.headers.authorization?.replace(/^Bearer /, ''));
  } catch {
    response.status(401).json({ error: 'unauthorized' });
    return;
  }
  const { type, input } = (request.body ?? {}) as { type?: unknown; input?: unknown };
  if (typeof type !== 'string' || typeof input !== 'object' || input === null) {
    response.status(400).json({ error: 'type (string) and input (object) are required' });
    return;
  }
  const job = await queue.add(
    type,
    { owner, input: input as Record<string, unknown> },
    { removeOnComplete: true, removeOnFail: true },
  );
  response.status(202).json({ id: job.id });
});

const http = createServer(app);
const io = new Server(http, {
  adapter: createAdapter(new Redis(settings.redisUrl, redisOptions), {
    streamName: `${settings.keyPrefix}socket.io`,
  }),
  transports: ['websocket'],
});
io.use((socket, next) => {
  userOf(socket.handshake.auth.token).then(
    (user) => {
      socket.data.user = user;
      next();
    },
    () => next(new Error('unauthorized')),
  );
});
io.on('connection', (socket) => socket.join(roomOf(socket.data.user as string)));

const forward = (jobId: string, report: JobReport) => {
  io.to(roomOf(report.owner)).emit('job', { jobId, ...report } satisfies JobFrame);
};
const events = new QueueEvents(QUEUE_NAME, {
  connection: new Redis(settings.redisUrl, redisOptions),
  prefix: settings.keyPrefix,
});
events.on('progress', ({ jobId, data }) => forward(jobId, data as JobReport));
events.on('completed', ({ jobId, returnvalue }) => {
  // Depending on the BullMQ version the return value arrives parsed or as its JSON.
  const report = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as JobReport;
  forward(jobId, report);
});
events.on('failed', ({ jobId, failedReason }) => {
  process.stderr.write(`job ${jobId} failed: ${failedReason}\n`);
});

await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
http.listen(settings.port, '127.0.0.1');

const stop = async () => {
  io.close();
  await Promise.all([events.close(), queue.close()]);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
