import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';

/**
 * The baseline: bare express 5 routes that parse the same JSON body and answer with a job of the same shape and
 * size as the gateway's, with no auth, validation, gRPC, Redis or Kafka. What the gateway adds on top of this is
 * what the ratios in RESULTS.md measure.
 */
const port = Number(process.env.PORT);
const sample = JSON.parse(process.env.BASELINE_JOB_JSON ?? '{}') as Record<string, unknown>;

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: 64 * 1024 }));
app.get('/readyz', (_request, response) => {
  response.json({ status: 'ready' });
});
app.post('/v1/jobs', (_request, response) => {
  const id = randomUUID();
  response
    .status(202)
    .location(`/v1/jobs/${id}`)
    .json({ ...sample, id, links: { self: `/v1/jobs/${id}` } });
});
app.get('/v1/jobs/:id', (request, response) => {
  const id = request.params.id;
  response.json({ ...sample, id, links: { self: `/v1/jobs/${id}` } });
});

const server = createServer(app);
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
