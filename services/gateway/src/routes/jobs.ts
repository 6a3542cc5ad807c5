import {
  findJobType,
  HTTP_HEADERS,
  JOB_ERROR_CODES,
  type Job,
  type JobServiceApi,
  type JobTypeDefinition,
  toProtoStatus,
} from '@jobtrack/contracts';
import { type Logger, type Messaging, PERMISSIONS } from '@jobtrack/platform';
import { type Request, type Response, Router } from 'express';
import { principalOf, requirePermission } from '../auth.ts';
import { rethrowGrpc } from '../grpc-errors.ts';
import { jobPath, renderJob } from '../job-json.ts';
import { HttpProblem, parseRequest, requireJson } from '../problem.ts';
import { idempotencyKeyHeader, jobId, listJobsQuery, submitJobBody } from '../schemas.ts';
import { allowOnly } from './methods.ts';

export interface JobRoutesDeps {
  jobService: JobServiceApi;
  messaging: Messaging;
  logger: Logger;
}

const PENDING = toProtoStatus('PENDING');
const UNSPECIFIED = 'JOB_STATUS_UNSPECIFIED';

export function jobIdOf(request: Request): string {
  return parseRequest(jobId, request.params.id, { root: 'id' });
}

function idempotencyKeyOf(request: Request): string {
  const header = request.get(HTTP_HEADERS.idempotencyKey);
  if (header === undefined) return '';
  return parseRequest(idempotencyKeyHeader, header, { root: 'Idempotency-Key' });
}

const notFound = (id: string) => ({ notFound: `no job ${id}` });

export function jobRoutes(deps: JobRoutesDeps): Router {
  const { jobService, messaging, logger } = deps;
  const router = Router();
  const read = requirePermission(PERMISSIONS.jobsRead);
  const write = requirePermission(PERMISSIONS.jobsWrite);

  /**
   * Sends the start command to the job type's orchestrator. Its message id is derived from the job, so sending
   * it again (a replayed request finding the job still PENDING) is deduplicated by the orchestrator: that closes
   * the window where the gateway crashed after the job was created and before the command left.
   */
  async function dispatch(job: Job, jobType: JobTypeDefinition, inputJson: string): Promise<void> {
    try {
      await messaging.publish(
        jobType.commandTopic,
        job.id,
        { jobId: job.id, type: job.type, owner: job.owner, start: { inputJson } },
        { id: `${job.id}:start` },
      );
    } catch (error) {
      logger.error({ err: error, jobId: job.id }, 'command dispatch failed; failing the job');
      const reason = {
        code: JOB_ERROR_CODES.dispatchFailed,
        message: 'the command could not be delivered to its orchestrator',
      };
      await jobService
        .failJob({ id: job.id, owner: job.owner, error: reason })
        .catch((failError: unknown) =>
          logger.error({ err: failError, jobId: job.id }, 'could not mark the job FAILED'),
        );
      throw new HttpProblem(
        503,
        'Service Unavailable',
        'the job could not be dispatched; it was marked FAILED',
        {
          headers: { 'retry-after': '5' },
          extensions: { jobId: job.id },
        },
      );
    }
  }

  router.post('/v1/jobs', write, async (request: Request, response: Response) => {
    requireJson(request);
    const body = parseRequest(submitJobBody, request.body, { root: '(body)' });
    const idempotencyKey = idempotencyKeyOf(request);
    const jobType = findJobType(body.type) as JobTypeDefinition;
    const inputJson = JSON.stringify(body.input);
    const owner = principalOf(response).subject;
    const created = await jobService
      .createJob({ type: jobType.type, owner, inputJson, idempotencyKey })
      .catch(rethrowGrpc({ notFound: 'job not found' }));
    const job = created.job as Job;
    if (job.status === PENDING) await dispatch(job, jobType, inputJson);
    if (created.replayed) response.set('idempotent-replayed', 'true');
    response.status(202).location(jobPath(job.id)).json(renderJob(job));
  });

  router.get('/v1/jobs', read, async (request: Request, response: Response) => {
    const query = parseRequest(listJobsQuery, request.query, { root: '(query)' });
    const listed = await jobService
      .listJobs({
        owner: principalOf(response).subject,
        pageSize: query.page_size,
        pageToken: query.page_token ?? '',
        status: query.status ? toProtoStatus(query.status) : UNSPECIFIED,
        type: query.type ?? '',
      })
      // Every other parameter was validated here; only the opaque token is the job service's to judge.
      .catch(rethrowGrpc({ notFound: 'no such jobs', invalidField: 'page_token' }));
    response.json({
      jobs: listed.jobs.map(renderJob),
      ...(listed.nextPageToken ? { nextPageToken: listed.nextPageToken } : {}),
    });
  });
  allowOnly(router, '/v1/jobs', ['GET', 'POST']);

  router.post('/v1/jobs/:id\\:cancel', write, async (request: Request, response: Response) => {
    const id = jobIdOf(request);
    const cancelled = await jobService
      .cancelJob({ id, owner: principalOf(response).subject })
      .catch(rethrowGrpc(notFound(id)));
    response.json(renderJob(cancelled.job as Job));
  });
  allowOnly(router, '/v1/jobs/:id\\:cancel', ['POST']);

  router.get('/v1/jobs/:id', read, async (request: Request, response: Response) => {
    const id = jobIdOf(request);
    const found = await jobService
      .getJob({ id, owner: principalOf(response).subject })
      .catch(rethrowGrpc(notFound(id)));
    const job = renderJob(found.job as Job);
    // LRO polling hint: worth asking again in a second while the job runs; a finished job will not change.
    if (!job.done) response.set('retry-after', '1');
    response.json(job);
  });
  allowOnly(router, '/v1/jobs/:id', ['GET']);

  return router;
}
