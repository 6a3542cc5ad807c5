import { JOB_TYPES } from '@jobtrack/contracts';
import { ALL_PERMISSIONS, PERMISSIONS } from '@jobtrack/platform';
import { z } from 'zod';
import { devToken, jobEvents, jobList, jobResource, jobUpdateResource, problem } from './resources.ts';
import { SSE_EVENTS } from './routes/events.ts';
import {
  devTokenBody,
  idempotencyKeyHeader,
  jobEventsQuery,
  jobId,
  lastEventIdHeader,
  listJobsQuery,
  submitJobBody,
} from './schemas.ts';

type JsonObject = Record<string, unknown>;

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema; the date-time format says what the regex does. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, override: dropDateTimePattern });
  return rest;
}

function dropDateTimePattern(context: { jsonSchema: JsonObject }): void {
  if (context.jsonSchema.format === 'date-time') delete context.jsonSchema.pattern;
}

/** Named schemas, each a component that others point to with $ref. */
function componentSchemas(): JsonObject {
  const named = (io: 'input' | 'output', entries: Record<string, z.ZodType>) => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(entries)) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, {
      io,
      uri: (id) => `#/components/schemas/${id}`,
      override: dropDateTimePattern,
    });
    return Object.fromEntries(
      Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]),
    );
  };
  return {
    ...named('input', { SubmitJobRequest: submitJobBody, DevTokenRequest: devTokenBody }),
    ...named('output', {
      Job: jobResource,
      JobUpdate: jobUpdateResource,
      JobList: jobList,
      JobEvents: jobEvents,
      DevToken: devToken,
      Problem: problem,
    }),
  };
}

/**
 * Query parameters from the strict object that validates the query. A query value is always text; its schema
 * is the value it stands for (an integer parsed from digits), as OpenAPI's form style means it.
 */
function queryParameters(query: z.ZodObject): JsonObject[] {
  return Object.entries(query.shape).map(([name, field]) => {
    const schema = jsonSchema(field as z.ZodType, 'output');
    const { description, ...rest } = schema;
    return {
      name,
      in: 'query',
      required: !(field as z.ZodType).safeParse(undefined).success,
      description,
      schema: rest,
    };
  });
}

const PROBLEMS: Record<string, { description: string; headers?: string[] }> = {
  '400': { description: 'A field is invalid; `errors` names each one.' },
  '401': {
    description: 'The bearer token is missing, malformed, forged or expired.',
    headers: ['WWWAuthenticate'],
  },
  '403': {
    description: 'The token lacks the permission this operation needs.',
    headers: ['WWWAuthenticate'],
  },
  '404': { description: 'No such job, or another user’s: the two are indistinguishable.' },
  '405': { description: 'The path exists; the method does not.', headers: ['Allow'] },
  '406': { description: 'The Accept header allows none of the representations offered.' },
  '409': { description: 'The job has ended and can no longer be cancelled.' },
  '413': { description: 'The body exceeds the size limit.' },
  '415': { description: 'The body is not application/json.' },
  '422': { description: 'This Idempotency-Key was already used with a different request.' },
  '429': {
    description: 'The user’s rate limit or event-stream allowance is spent.',
    headers: ['RetryAfter'],
  },
  '503': {
    description:
      'The job service or message bus is unavailable. When a job was created but its command could not be ' +
      'dispatched, it is marked FAILED and its id is in the `jobId` extension member.',
    headers: ['RetryAfter'],
  },
};

function problemResponses(): JsonObject {
  return Object.fromEntries(
    Object.entries(PROBLEMS).map(([status, { description, headers = [] }]) => [
      `Problem${status}`,
      {
        description,
        headers: Object.fromEntries(headers.map((name) => [headerName(name), ref('headers', name)])),
        content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } },
      },
    ]),
  );
}

const HEADERS: Record<string, { name: string; description: string; schema: JsonObject }> = {
  Location: { name: 'Location', description: 'The job resource.', schema: { type: 'string' } },
  RetryAfter: {
    name: 'Retry-After',
    description: 'Seconds to wait before asking again.',
    schema: { type: 'integer', minimum: 1 },
  },
  RateLimit: {
    name: 'RateLimit',
    description: 'Remaining requests and seconds to reset (draft-ietf-httpapi-ratelimit-headers).',
    schema: { type: 'string' },
  },
  RateLimitPolicy: {
    name: 'RateLimit-Policy',
    description: 'The quota of the budget the request spent: reads or writes, each with a burst allowance.',
    schema: { type: 'string' },
  },
  IdempotentReplayed: {
    name: 'Idempotent-Replayed',
    description: 'Present, "true", when the Idempotency-Key matched an earlier identical request.',
    schema: { type: 'string', enum: ['true'] },
  },
  XRequestId: {
    name: 'X-Request-Id',
    description: 'The caller’s request id when it sent a sane one, otherwise a new one.',
    schema: { type: 'string' },
  },
  Traceparent: {
    name: 'traceparent',
    description: 'W3C trace context of the server span, or the caller’s own when tracing is off.',
    schema: { type: 'string' },
  },
  Allow: { name: 'Allow', description: 'The methods the path supports.', schema: { type: 'string' } },
  WWWAuthenticate: {
    name: 'WWW-Authenticate',
    description: 'RFC 6750 Bearer challenge.',
    schema: { type: 'string' },
  },
};

const headerName = (key: string) => (HEADERS[key] as { name: string }).name;

function headerComponents(): JsonObject {
  return Object.fromEntries(
    Object.entries(HEADERS).map(([key, { description, schema }]) => [key, { description, schema }]),
  );
}

const COMMON_HEADERS = ['XRequestId', 'Traceparent', 'RateLimit', 'RateLimitPolicy'];

function responseHeaders(extra: string[] = []): JsonObject {
  return Object.fromEntries(
    [...COMMON_HEADERS, ...extra].map((key) => [headerName(key), ref('headers', key)]),
  );
}

const json = (schemaName: string) => ({ 'application/json': { schema: ref('schemas', schemaName) } });

function problems(...statuses: string[]): JsonObject {
  return Object.fromEntries(statuses.map((status) => [status, ref('responses', `Problem${status}`)]));
}

const AUTHENTICATED = ['401', '403', '429'];

function needs(permission: string) {
  return `Needs the \`${permission}\` permission.`;
}

const SSE_DESCRIPTION = [
  'With `Accept: text/event-stream`, Server-Sent Events: the updates after `since_seq` (or after the',
  '`Last-Event-ID` header, which wins, as a reconnecting EventSource sends it), then live ones; the stream',
  'ends after the terminal update. Events:',
  `\`${SSE_EVENTS.update}\` (id = seq, data = JobUpdate);`,
  `\`${SSE_EVENTS.truncated}\` (first, when updates after the resume point were dropped by the history cap;`,
  'data = {jobId, sinceSeq}; re-read the job to catch up);',
  `\`${SSE_EVENTS.error}\` (data = a problem; the stream then ends).`,
  'A comment line is sent as a heartbeat (every 15 s by default). A resume from the terminal seq answers 204, which tells',
  'an EventSource to stop reconnecting. Streams are bounded per user and per server (429).',
].join(' ');

function paths(devAuth: boolean): JsonObject {
  const idParameter = ref('parameters', 'JobId');
  const result: JsonObject = {
    '/v1/jobs': {
      post: {
        operationId: 'submitJob',
        summary: 'Submit a job',
        description: `Creates a PENDING job and dispatches it to its orchestrator. ${needs(PERMISSIONS.jobsWrite)}`,
        tags: ['jobs'],
        parameters: [ref('parameters', 'IdempotencyKey')],
        requestBody: { required: true, content: json('SubmitJobRequest') },
        responses: {
          '202': {
            description: 'Accepted: the job, to be followed at Location.',
            headers: responseHeaders(['Location', 'IdempotentReplayed']),
            content: json('Job'),
          },
          ...problems('400', ...AUTHENTICATED, '405', '413', '415', '422', '503'),
        },
      },
      get: {
        operationId: 'listJobs',
        summary: 'List the caller’s jobs, newest first',
        description: needs(PERMISSIONS.jobsRead),
        tags: ['jobs'],
        parameters: queryParameters(listJobsQuery),
        responses: {
          '200': { description: 'A page of jobs.', headers: responseHeaders(), content: json('JobList') },
          ...problems('400', ...AUTHENTICATED, '405', '503'),
        },
      },
    },
    '/v1/jobs/{id}': {
      get: {
        operationId: 'getJob',
        summary: 'Get a job',
        description: needs(PERMISSIONS.jobsRead),
        tags: ['jobs'],
        parameters: [idParameter],
        responses: {
          '200': {
            description: 'The job; Retry-After suggests when to poll again while it is not done.',
            headers: responseHeaders(['RetryAfter']),
            content: json('Job'),
          },
          ...problems('400', ...AUTHENTICATED, '404', '405', '503'),
        },
      },
    },
    '/v1/jobs/{id}:cancel': {
      post: {
        operationId: 'cancelJob',
        summary: 'Cancel a job (best effort)',
        description: `Records the request and asks the orchestrator to stop; the job may still succeed. ${needs(PERMISSIONS.jobsWrite)}`,
        tags: ['jobs'],
        parameters: [idParameter],
        responses: {
          '200': {
            description: 'The job, with cancelRequested.',
            headers: responseHeaders(),
            content: json('Job'),
          },
          ...problems('400', ...AUTHENTICATED, '404', '405', '409', '503'),
        },
      },
    },
    '/v1/jobs/{id}/events': {
      get: {
        operationId: 'getJobEvents',
        summary: 'A job’s updates: its history as JSON, or live as Server-Sent Events',
        description: `${SSE_DESCRIPTION} ${needs(PERMISSIONS.jobsRead)}`,
        tags: ['jobs'],
        parameters: [idParameter, ...queryParameters(jobEventsQuery), ref('parameters', 'LastEventId')],
        responses: {
          '200': {
            description: 'The updates kept after since_seq, or an event stream.',
            headers: responseHeaders(),
            content: {
              ...json('JobEvents'),
              'text/event-stream': { schema: { type: 'string', description: SSE_DESCRIPTION } },
            },
          },
          '204': {
            description: 'Event stream only: the job has ended and there is nothing after the resume point.',
          },
          ...problems('400', ...AUTHENTICATED, '404', '405', '406', '503'),
        },
      },
    },
    '/v1/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        tags: ['meta'],
        security: [],
        responses: {
          '200': {
            description: 'OpenAPI 3.1',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          ...problems('405'),
        },
      },
    },
  };
  if (devAuth) {
    result['/v1/dev/token'] = {
      post: {
        operationId: 'mintDevToken',
        summary: 'Mint a token (development only)',
        description: 'Exists only when the server runs with DEV_AUTH=true; never in production.',
        tags: ['dev'],
        security: [],
        requestBody: { required: true, content: json('DevTokenRequest') },
        responses: {
          '201': { description: 'A bearer token.', content: json('DevToken') },
          ...problems('400', '405', '413', '415'),
        },
      },
    };
  }
  return result;
}

/**
 * The OpenAPI 3.1 document of the API, generated from the zod schemas that validate requests and describe
 * responses, and from the JOB_TYPES registry (one submit branch per job type).
 */
export function buildOpenApiDocument(options: { devAuth: boolean }): JsonObject {
  const types = Object.values(JOB_TYPES)
    .map((type) => `\`${type.type}\` (${type.description})`)
    .join(', ');
  return {
    openapi: '3.1.0',
    info: {
      title: 'jobtrack REST API',
      version: '1.0.0',
      description:
        'Submit long-running jobs and follow them: a 202 with Location, a job resource to poll (Retry-After), ' +
        `cancel, and an event history or live Server-Sent Events. Job types: ${types}. Errors are RFC 9457 ` +
        'problem details. Tokens are JWTs whose permissions claim (or OAuth scope) holds ' +
        `${ALL_PERMISSIONS.join(' and ')}.`,
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'jobs', description: 'Jobs of the caller' },
      { name: 'meta', description: 'About the API' },
      ...(options.devAuth ? [{ name: 'dev', description: 'Development-only helpers' }] : []),
    ],
    paths: paths(options.devAuth),
    components: {
      schemas: componentSchemas(),
      responses: problemResponses(),
      headers: headerComponents(),
      parameters: {
        JobId: { name: 'id', in: 'path', required: true, schema: jsonSchema(jobId, 'input') },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Retrying with the same key returns the same job (202, Idempotent-Replayed: true); the same key ' +
            'with a different request is 422. Scoped to the caller.',
          schema: jsonSchema(idempotencyKeyHeader, 'input'),
        },
        LastEventId: {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          description:
            'Only updates with a greater seq; wins over since_seq. A reconnecting EventSource sends it by itself.',
          schema: jsonSchema(lastEventIdHeader, 'input'),
        },
      },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `Permissions: ${ALL_PERMISSIONS.join(', ')} (from the permissions claim or the OAuth scope).`,
        },
      },
    },
  };
}
