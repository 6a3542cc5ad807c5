import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  fromProtoStatus,
  isTerminal,
  type Job,
  type JobServiceApi,
  type JobUpdate,
} from '@jobtrack/contracts';
import { type Logger, PERMISSIONS } from '@jobtrack/platform';
import { type Request, type Response, Router } from 'express';
import { principalOf, requirePermission } from '../auth.ts';
import { isServiceError, problemFromGrpc, rethrowGrpc } from '../grpc-errors.ts';
import { renderUpdate } from '../job-json.ts';
import { HttpProblem, parseRequest } from '../problem.ts';
import { jobEventsQuery, lastEventIdHeader } from '../schemas.ts';
import type { EventStreams } from '../sse.ts';
import { jobIdOf } from './jobs.ts';
import { allowOnly } from './methods.ts';

export interface EventRoutesDeps {
  jobService: JobServiceApi;
  streams: EventStreams;
  logger: Logger;
}

const JSON_TYPE = 'application/json';
const SSE_TYPE = 'text/event-stream';

/** SSE event names; documented in the OpenAPI description of the route. */
export const SSE_EVENTS = {
  update: 'job.update',
  truncated: 'job.truncated',
  error: 'stream.error',
} as const;

/**
 * Where to resume: a reconnecting EventSource sends Last-Event-ID and repeats the URL of its first request, so
 * the header wins over since_seq. Read the same way for JSON, so the two representations never disagree.
 */
function resumeSeq(request: Request, sinceSeq: number): number {
  const lastEventId = request.get('last-event-id');
  if (lastEventId === undefined) return sinceSeq;
  return parseRequest(lastEventIdHeader, lastEventId, { root: 'Last-Event-ID' });
}

export function eventRoutes(deps: EventRoutesDeps): Router {
  const { jobService, streams, logger } = deps;
  const router = Router();

  async function stream(response: Response, id: string, owner: string, sinceSeq: number) {
    const found = await jobService.getJob({ id, owner }).catch(rethrowGrpc({ notFound: `no job ${id}` }));
    const job = found.job as Job;
    const status = fromProtoStatus(job.status);
    // A browser's EventSource reconnects whenever a stream ends; 204 is the one answer that stops it.
    if (status && isTerminal(status) && sinceSeq >= Number(job.seq)) {
      response.status(204).end();
      return;
    }
    const sse = streams.open(owner, response);
    const watch = jobService.watchJob({ id, owner, sinceSeq: String(sinceSeq) });
    let over = false;
    /** Tells the client why the stream ends early; it reconnects and resumes from its last event id. */
    const fail = (error: unknown) => {
      const problem = problemFromGrpc(error, { notFound: `no job ${id}` });
      logger.warn({ err: error, jobId: id }, 'job event stream failed');
      if (!over) watch.cancel();
      sse.send({
        event: SSE_EVENTS.error,
        data: {
          title: problem?.title ?? 'Bad Gateway',
          status: problem?.status ?? 502,
          detail: problem?.message,
        },
      });
      sse.end();
    };
    sse.onClose(() => {
      // The client left or the server is stopping: stop the job service's work for this stream too.
      if (!over) watch.cancel();
    });
    watch.on('data', (message: { update: JobUpdate | null; truncated: boolean }) => {
      if (message.truncated) {
        sse.send({ event: SSE_EVENTS.truncated, data: { jobId: id, sinceSeq } });
      }
      if (!message.update) return;
      let update: ReturnType<typeof renderUpdate>;
      try {
        update = renderUpdate(message.update);
      } catch (error) {
        // The job service broke its contract; end this stream rather than the process.
        fail(error);
        return;
      }
      const writable = sse.send({ id: String(update.seq), event: SSE_EVENTS.update, data: update });
      if (!writable) {
        // A slow reader: hold the watch instead of buffering its updates without bound.
        watch.pause();
        sse.onDrain(() => watch.resume());
      }
    });
    watch.on('end', () => {
      over = true;
      sse.end();
    });
    watch.on('error', (error: unknown) => {
      over = true;
      if (isServiceError(error) && error.code === GrpcStatus.CANCELLED) return;
      fail(error);
    });
  }

  router.get(
    '/v1/jobs/:id/events',
    requirePermission(PERMISSIONS.jobsRead),
    async (request: Request, response: Response) => {
      const id = jobIdOf(request);
      const query = parseRequest(jobEventsQuery, request.query, { root: '(query)' });
      const sinceSeq = resumeSeq(request, query.since_seq);
      const owner = principalOf(response).subject;
      const type = request.accepts([JSON_TYPE, SSE_TYPE]);
      // HEAD has no body to stream into, so it describes the JSON representation.
      if (type === SSE_TYPE && request.method === 'GET') {
        await stream(response, id, owner, sinceSeq);
        return;
      }
      if (type !== JSON_TYPE) {
        throw new HttpProblem(406, 'Not Acceptable', `this resource is ${JSON_TYPE} or ${SSE_TYPE}`);
      }
      const events = await jobService
        .getJobEvents({ id, owner, sinceSeq: String(sinceSeq) })
        .catch(rethrowGrpc({ notFound: `no job ${id}` }));
      response.json({ updates: events.updates.map(renderUpdate), truncated: events.truncated });
    },
  );
  allowOnly(router, '/v1/jobs/:id/events', ['GET']);

  return router;
}
