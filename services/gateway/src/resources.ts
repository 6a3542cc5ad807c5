import { jobUpdateViewSchema } from '@jobtrack/contracts';
import { z } from 'zod';
import { jobStatus } from './schemas.ts';

/**
 * What responses carry. job-json.ts renders to these types, the OpenAPI document is generated from them, and
 * the tests parse every response with them. Strict, so a field added to a response without being documented
 * here fails the tests.
 */

const timestamp = z.iso.datetime({ offset: true });

// Fields every transport shares (REST, SSE, WebSocket) are defined once, in the contracts.
const shared = jobUpdateViewSchema.shape;

export const jobResource = z.strictObject({
  id: z.string(),
  type: z.string(),
  owner: z.string().describe('The subject of the token that submitted the job.'),
  status: jobStatus,
  done: shared.done,
  progress: shared.progress,
  seq: z.int().min(0).describe('The seq of the latest update applied to the job.'),
  result: shared.result,
  error: shared.error,
  cancelRequested: shared.cancelRequested,
  createdAt: timestamp,
  updatedAt: timestamp,
  expiresAt: timestamp.describe('When the job stops being readable: 24 h after it ends, by default.'),
  traceId: z.string().describe('W3C trace id of the request that created the job.'),
  links: z.strictObject({
    self: z.string(),
    events: z.string(),
    cancel: z
      .string()
      .optional()
      .describe('Present until the job is done: cancelling is possible until then.'),
  }),
});
export type JobResource = z.infer<typeof jobResource>;

export const jobUpdateResource = jobUpdateViewSchema;
export type JobUpdateResource = z.infer<typeof jobUpdateResource>;

export const jobList = z.strictObject({
  jobs: z.array(jobResource).describe('Newest first.'),
  nextPageToken: z
    .string()
    .optional()
    .describe(
      'Absent on the last page. A page may hold fewer jobs than page_size and still have a next one.',
    ),
});

export const jobEvents = z.strictObject({
  updates: z.array(jobUpdateResource),
  truncated: z
    .boolean()
    .describe('Updates after since_seq were dropped by the history cap before the first one returned.'),
});

export const devToken = z.strictObject({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresAt: timestamp,
});

export const problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    instance: z.string(),
    errors: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .describe('One entry per invalid field, named as the client wrote it: "input.items[0].sku".'),
  })
  .describe('RFC 9457 problem details; extension members such as jobId may be present.');
