import {
  idempotencyKeySchema,
  JOB_STATUSES,
  JOB_TYPES,
  type JobTypeDefinition,
  jobIdSchema,
  jobTypeSchema,
} from '@jobtrack/contracts';
import { ALL_PERMISSIONS } from '@jobtrack/platform';
import { z } from 'zod';

/**
 * What requests may carry. Each schema here is the one that validates a request and the one the OpenAPI
 * document is generated from, so the two cannot drift.
 */

function submitBranch(definition: JobTypeDefinition) {
  return z
    .strictObject({
      type: z.literal(definition.type),
      input: definition.input,
    })
    .describe(definition.description);
}

const branches = Object.values(JOB_TYPES).map(submitBranch);
const [firstBranch, ...otherBranches] = branches;
if (!firstBranch) throw new Error('JOB_TYPES registers no job type');

/** One branch per registered job type, chosen by `type`: adding a domain to JOB_TYPES adds it here. */
export const submitJobBody = z.discriminatedUnion('type', [firstBranch, ...otherBranches], {
  error: (issue) =>
    issue.code === 'invalid_union' ? `expected one of: ${Object.keys(JOB_TYPES).join(', ')}` : undefined,
});

export const jobId = jobIdSchema;

export const jobStatus = z.enum(JOB_STATUSES);

/** A whole number in a query string, written in plain digits: "1.0" or "1e3" are not what the document promises. */
function queryInteger(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

export const listJobsQuery = z.strictObject({
  status: jobStatus.optional().describe('Only jobs in this status.'),
  // Not limited to the registry: jobs of a type since unregistered stay listable until they expire.
  type: jobTypeSchema.optional().describe('Only jobs of this type, e.g. "order.place".'),
  page_size: queryInteger(1, 200).default(50).describe('Jobs per page.'),
  // The job service's tokens are base64url; anything else could only fail there, or overflow a URL first.
  page_token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,512}$/, 'a page token as returned in nextPageToken')
    .optional()
    .describe('The nextPageToken of the previous page, sent with the same filters.'),
});

export const jobEventsQuery = z.strictObject({
  since_seq: queryInteger(0, Number.MAX_SAFE_INTEGER).default(0).describe('Only updates with a greater seq.'),
});

/** SSE resume point: the browser sends back the id of the last event it saw. */
export const lastEventIdHeader = z
  .string()
  .regex(/^\d{1,15}$/, 'a job update seq')
  .transform(Number);

export const idempotencyKeyHeader = idempotencyKeySchema;

export const devTokenBody = z.strictObject({
  sub: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ -'),
  permissions: z
    .array(z.enum(ALL_PERMISSIONS))
    .max(ALL_PERMISSIONS.length)
    .optional()
    .describe('A subset of the permissions to grant; all of them when absent.'),
});
