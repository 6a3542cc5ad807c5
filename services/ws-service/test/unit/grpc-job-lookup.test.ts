import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import {
  createJobServiceApi,
  type JobServiceApi,
  type JobServiceHandlers,
  jobServiceProto,
} from '@jobtrack/contracts';
import { GrpcJobLookup } from '../../src/job-lookup/grpc-job-lookup.ts';
import { jobOf } from '../support/harness.ts';

/** A job service stand-in over real gRPC: GetJob answers its owner, NOT_FOUND to anyone else, UNAVAILABLE on cue. */
describe('GrpcJobLookup', () => {
  const job = jobOf('alice', { seq: 2, status: 'RUNNING', percent: 30 });
  const server = new grpc.Server();
  let api: JobServiceApi;
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<never>) =>
    callback({ code: grpc.status.UNIMPLEMENTED });

  before(async () => {
    const handlers: JobServiceHandlers = {
      CreateJob: unimplemented,
      FailJob: unimplemented,
      ListJobs: unimplemented,
      CancelJob: unimplemented,
      GetJobEvents: unimplemented,
      WatchJob: (call) => call.emit('error', { code: grpc.status.UNIMPLEMENTED }),
      GetJob: (call, callback) => {
        if (call.request.id === 'broken') return callback({ code: grpc.status.UNAVAILABLE, details: 'down' });
        if (call.request.id === job.id && call.request.owner === job.owner) return callback(null, { job });
        callback({ code: grpc.status.NOT_FOUND, details: 'no such job' });
      },
    };
    server.addService(jobServiceProto().jobtrack.jobs.v1.JobService.service, handlers);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    api = createJobServiceApi(`127.0.0.1:${port}`, 2000);
  });
  after(async () => {
    api.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  });

  it('returns the job to its owner', async () => {
    const found = await new GrpcJobLookup(api).get(job.id, 'alice');
    assert.equal(found?.id, job.id);
    assert.equal(found?.seq, '2');
    assert.equal(found?.status, 'JOB_STATUS_RUNNING');
  });

  it('maps NOT_FOUND, for a missing job or someone else’s, to undefined', async () => {
    const lookup = new GrpcJobLookup(api);
    assert.equal(await lookup.get(job.id, 'mallory'), undefined);
    assert.equal(await lookup.get('missing', 'alice'), undefined);
  });

  it('lets other failures through', async () => {
    await assert.rejects(new GrpcJobLookup(api).get('broken', 'alice'), { code: grpc.status.UNAVAILABLE });
  });
});
