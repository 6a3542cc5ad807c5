import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { type JobServiceHandlers, jobServiceProto } from '@jobtrack/contracts';
import { grpcRequestDuration, grpcRequests, type Logger } from '@jobtrack/platform';
import { trace } from '@opentelemetry/api';
import { JobServiceError, type JobServiceErrorKind, notFound } from './errors.ts';
import { toJobUpdate, toProtoJob } from './job.ts';
import type { Jobs } from './jobs.ts';
import { activeWatches } from './metrics.ts';
import * as requests from './requests.ts';
import type { JobStore } from './store/port.ts';
import { watchJob } from './watch.ts';

const STATUS_OF: Record<JobServiceErrorKind, grpc.status> = {
  invalid_argument: grpc.status.INVALID_ARGUMENT,
  not_found: grpc.status.NOT_FOUND,
  already_exists: grpc.status.ALREADY_EXISTS,
  failed_precondition: grpc.status.FAILED_PRECONDITION,
  resource_exhausted: grpc.status.RESOURCE_EXHAUSTED,
};

/** Domain errors become their status codes; anything else is UNAVAILABLE (logged, not leaked): retry later. */
function toServiceError(error: unknown, method: string, logger: Logger): Partial<grpc.StatusObject> {
  if (error instanceof JobServiceError) return { code: STATUS_OF[error.kind], details: error.message };
  logger.error({ err: error, method }, 'job service call failed');
  return { code: grpc.status.UNAVAILABLE, details: 'the job store or the message bus is unavailable' };
}

function unary<Req, Res>(
  method: string,
  logger: Logger,
  handle: (request: Req) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const timed = grpcRequestDuration.startTimer({ method });
    handle(call.request).then(
      (response) => {
        timed();
        grpcRequests.inc({ method, code: grpc.status[grpc.status.OK] });
        callback(null, response);
      },
      (error: unknown) => {
        timed();
        const status = toServiceError(error, method, logger);
        grpcRequests.inc({ method, code: grpc.status[status.code ?? grpc.status.UNKNOWN] });
        callback(status);
      },
    );
  };
}

export interface JobServiceHandlerDeps {
  jobs: Jobs;
  store: JobStore;
  logger: Logger;
  watch: { limit: number; pollIntervalMs: number };
}

export function jobServiceHandlers(deps: JobServiceHandlerDeps): JobServiceHandlers {
  const { jobs, logger } = deps;
  let watching = 0;
  return {
    CreateJob: unary('CreateJob', logger, async (request) => {
      const definition = requests.jobType(request.type);
      const { job, replayed } = await jobs.create({
        type: definition.type,
        owner: requests.owner(request.owner),
        inputJson: requests.jobInput(definition, request.inputJson),
        idempotencyKey: requests.idempotencyKey(request.idempotencyKey),
        traceId: trace.getActiveSpan()?.spanContext().traceId ?? '',
      });
      return { job: toProtoJob(job), replayed };
    }),

    GetJob: unary('GetJob', logger, async (request) => {
      const id = requests.jobId(request.id);
      const job = await jobs.get(id, requests.owner(request.owner));
      if (!job) throw notFound(id);
      return { job: toProtoJob(job) };
    }),

    ListJobs: unary('ListJobs', logger, async (request) => {
      const { jobs: page, nextPageToken } = await jobs.list({
        owner: requests.owner(request.owner),
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        status: requests.statusFilter(request.status),
        type: requests.typeFilter(request.type),
      });
      return { jobs: page.map(toProtoJob), nextPageToken };
    }),

    CancelJob: unary('CancelJob', logger, async (request) => {
      const job = await jobs.cancel(requests.jobId(request.id), requests.owner(request.owner));
      return { job: toProtoJob(job) };
    }),

    GetJobEvents: unary('GetJobEvents', logger, async (request) => {
      const { job, entries, truncated } = await jobs.events(
        requests.jobId(request.id),
        requests.owner(request.owner),
        requests.sinceSeq(request.sinceSeq),
      );
      return { updates: entries.map((entry) => toJobUpdate(job, entry)), truncated };
    }),

    WatchJob: (call) => {
      const method = 'WatchJob';
      const finish = (status: Partial<grpc.StatusObject> | undefined) => {
        grpcRequests.inc({ method, code: grpc.status[status?.code ?? grpc.status.OK] });
        // grpc-js turns an 'error' on a server stream into the call's status, then ends it.
        if (status) call.emit('error', status);
        else call.end();
      };
      if (watching >= deps.watch.limit) {
        finish({
          code: grpc.status.RESOURCE_EXHAUSTED,
          details: 'too many watches on this server; retry later',
        });
        return;
      }
      const abort = new AbortController();
      call.on('cancelled', () => abort.abort());
      watching++;
      activeWatches.inc();
      (async () => {
        const updates = watchJob({
          jobs,
          store: deps.store,
          id: requests.jobId(call.request.id),
          owner: requests.owner(call.request.owner),
          sinceSeq: requests.sinceSeq(call.request.sinceSeq),
          pollIntervalMs: deps.watch.pollIntervalMs,
          signal: abort.signal,
        });
        for await (const { job, entry, truncated } of updates) {
          if (!call.write({ update: toJobUpdate(job, entry), truncated })) {
            await Promise.race([once(call, 'drain'), once(abort.signal, 'abort')]);
          }
          if (abort.signal.aborted) break;
        }
      })()
        .then(
          () =>
            finish(abort.signal.aborted ? { code: grpc.status.CANCELLED, details: 'cancelled' } : undefined),
          (error: unknown) => finish(toServiceError(error, method, logger)),
        )
        .finally(() => {
          watching--;
          activeWatches.dec();
        });
    },

    FailJob: unary('FailJob', logger, async (request) => {
      const id = requests.jobId(request.id);
      const owner = requests.owner(request.owner);
      const error = request.error?.code ? request.error : { code: 'FAILED', message: 'failed by the caller' };
      const outcome = await jobs.failPending(id, owner, error);
      if (!outcome.applied) {
        if (outcome.reason === 'unknown_job' || outcome.job?.owner !== owner) throw notFound(id);
        throw new JobServiceError('failed_precondition', outcome.detail);
      }
      // Best effort: this is called when the bus is failing, and the stored state is what GET answers from.
      jobs
        .publishUpdate(outcome.job)
        .catch((publishError: unknown) =>
          logger.warn({ err: publishError, jobId: id }, 'update of failed job not published'),
        );
      return { job: toProtoJob(outcome.job) };
    }),
  };
}

export function jobServiceDefinition(): grpc.ServiceDefinition {
  return jobServiceProto().jobtrack.jobs.v1.JobService.service;
}
