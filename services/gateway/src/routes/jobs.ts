import { findJobType, type Job, type JobServiceApi } from '@jobtrack/contracts';
import type { Logger, Messaging } from '@jobtrack/platform';
import { type Request, type Response, Router } from 'express';
import { principalOf } from '../auth.ts';
import { problemFromGrpc } from '../grpc-errors.ts';
import { renderJob } from '../job-json.ts';
import { fieldErrors, HttpProblem, invalidRequest } from '../problem.ts';
import { jobIdParam, submitJobBody } from '../schemas.ts';

export interface JobRoutesDeps {
  jobService: JobServiceApi;
  messaging: Messaging;
  logger: Logger;
}

function requireJson(request: Request): void {
  if (!request.is('application/json')) {
    throw new HttpProblem(415, 'Unsupported Media Type', 'send the body as application/json');
  }
}

export function jobRoutes(deps: JobRoutesDeps): Router {
  const { jobService, messaging, logger } = deps;
  const router = Router();

  router.post('/v1/jobs', async (request: Request, response: Response) => {
    requireJson(request);
    const body = submitJobBody.safeParse(request.body);
    if (!body.success) throw invalidRequest(fieldErrors(body.error));
    const jobType = findJobType(body.data.type);
    if (!jobType) throw invalidRequest([{ field: 'type', message: `unknown job type "${body.data.type}"` }]);
    const input = jobType.input.safeParse(body.data.input);
    if (!input.success) throw invalidRequest(fieldErrors(input.error, 'input'));

    const owner = principalOf(response).subject;
    const created = await jobService.createJob({ type: jobType.type, owner }).catch((error: unknown) => {
      throw problemFromGrpc(error, 'job not found') ?? error;
    });
    const job = created.job as Job;
    try {
      await messaging.publish(
        jobType.commandTopic,
        job.id,
        { jobId: job.id, type: job.type, owner, inputJson: JSON.stringify(input.data) },
        { id: `${job.id}:start` },
      );
    } catch (error) {
      logger.error({ err: error, jobId: job.id }, 'command dispatch failed; failing the job');
      const reason = {
        code: 'DISPATCH_FAILED',
        message: 'the command could not be delivered to its orchestrator',
      };
      await jobService
        .failJob({ id: job.id, owner, error: reason })
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
    response
      .status(202)
      .location(`/v1/jobs/${encodeURIComponent(job.id)}`)
      .json(renderJob(job));
  });

  router.get('/v1/jobs/:id', async (request: Request, response: Response) => {
    const id = jobIdParam.safeParse(request.params.id);
    if (!id.success) throw invalidRequest(fieldErrors(id.error, 'id'));
    const owner = principalOf(response).subject;
    const found = await jobService.getJob({ id: id.data, owner }).catch((error: unknown) => {
      throw problemFromGrpc(error, `no job ${id.data}`) ?? error;
    });
    const job = renderJob(found.job as Job);
    response.json(job);
  });

  return router;
}
