import {
  connectedFrame,
  errorFrame,
  eventFrame,
  jobErrorViewSchema,
  jobProgressViewSchema,
  pingFrame,
  pongFrame,
  refreshedFrame,
  refreshFrame,
  subscribeAllFrame,
  subscribedAllFrame,
  subscribedJobFrame,
  subscribeJobFrame,
  unsubscribeAllFrame,
  unsubscribedAllFrame,
  unsubscribedJobFrame,
  unsubscribeJobFrame,
  WS_CLOSE_CODES,
  WS_ERROR_CODES,
  WS_PATH,
  WS_PROTOCOL_LIMITS,
  WS_TERMINAL_CLOSE_CODES,
  WS_TOKEN_PARAM,
  type WsErrorCode,
} from '@jobtrack/contracts';
import { z } from 'zod';

type Json = Record<string, unknown>;

interface Example<S extends z.ZodType> {
  name: string;
  summary: string;
  payload: z.input<S>;
}

interface MessageSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** The payload's name under components/schemas. */
  schemaId: string;
  name: string;
  title: string;
  summary: string;
  description?: string;
  /** The payload field that ties a reply to its request. */
  correlation?: 'jobId' | 'id';
  examples: Array<Example<S>>;
}

/** Ties each example's type to its schema, so an example that stops matching fails to compile. */
const message = <S extends z.ZodType>(spec: MessageSpec<S>): MessageSpec => spec;

export const ASYNCAPI_CHANNEL = 'ws';

const JOB = '8b1f0c7e-5d4a-4c11-9a57-0f3f3c1d2e10';
const OTHER_JOB = 'c0a8012e-7f3b-4d2e-8e61-5b9d4c3a2f19';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

const CLOSE_CODE_MEANINGS: Record<keyof typeof WS_CLOSE_CODES, string> = {
  authFailed: 'A `refresh` carried a token for another user.',
  tokenExpired: 'The token expired and was not refreshed in time. Reconnect with a fresh token and resume.',
  slowConsumer:
    'Slow consumer: the frames queued for the client passed the send-queue limit (1 MiB by default). ' +
    'Reconnect and resume.',
  policyViolation: 'Repeated bad frames or rate-limit abuse within a minute.',
  messageTooBig: 'A client frame was larger than `maxPayloadBytes` (64 KiB by default).',
  serverShutdown: 'The replica is shutting down (deploy, scale-in). Reconnect to another and resume.',
};

const ERROR_CODE_MEANINGS: Record<WsErrorCode, string> = {
  BAD_FRAME: 'The frame is not JSON, not a JSON object, or a binary frame.',
  UNKNOWN_TYPE: '`type` names no client frame.',
  INVALID_FIELD: 'A field is missing, wrong or not allowed; the message names it.',
  NOT_FOUND:
    'The user has no such job. The same answer whether the job does not exist or belongs to someone else.',
  TOO_MANY_SUBSCRIPTIONS: 'The connection already holds `maxSubscriptions` subscriptions (100 by default).',
  RATE_LIMITED:
    'Over the frame rate (20 frames/s, bursts of 40, by default); the frame was dropped. Repeated, it closes ' +
    'the socket with 1008.',
  TOKEN_INVALID: 'The token of a `refresh` did not verify; the socket keeps its old expiry.',
  INTERNAL:
    'The server could not handle the frame (for example the job service is unreachable). Retry later.',
};

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const closeCodeTable = table(
  ['Code', 'Meaning', 'Reconnect'],
  (Object.entries(WS_CLOSE_CODES) as Array<[keyof typeof WS_CLOSE_CODES, number]>)
    .toSorted(([, a], [, b]) => a - b)
    .map(([name, code]) => [
      String(code),
      CLOSE_CODE_MEANINGS[name],
      WS_TERMINAL_CLOSE_CODES.has(code) ? 'not with the same token' : 'yes, with backoff',
    ]),
);

const errorCodeTable = table(
  ['Code', 'Meaning'],
  WS_ERROR_CODES.map((code) => [`\`${code}\``, ERROR_CODE_MEANINGS[code]]),
);

const CHANNEL_DESCRIPTION = [
  'One socket per client, on which it follows any number of its jobs. Open it with `GET ' +
    `${WS_PATH}\` and the token in \`Authorization: Bearer <jwt>\`, or in the \`${WS_TOKEN_PARAM}\` query ` +
    'parameter from browsers, which cannot set handshake headers. The server strips the token from every log ' +
    'line and span. An upgrade it refuses gets a plain HTTP answer and the socket never opens: 401 for a ' +
    'missing, bad or expired token, 403 for an Origin outside the allow-list or a token without jobs:read, ' +
    '429 for a user over the connection limit (16 by default, across replicas), 503 while the replica drains.',
  'The first frame is `connected`. Every event carries the whole state of its job and a `seq` that grows by ' +
    'one per update. Per job and subscription, `seq` strictly increases without gaps: a gap the server detects ' +
    'is filled from the history before any newer event goes out. Order across jobs is not promised. A ' +
    'subscribe with `since` (the last seq seen) replays what was missed, in order, then goes live; ' +
    '`recovered: false` says the history (the last 200 updates per job, kept until the job expires, 24 h ' +
    'after it ends by default) no longer covers the gap and the next event is the current state.',
  'The server pings at the protocol level every `pingIntervalMs` and drops a socket that misses one. ' +
    'Clients send `ping` frames and reconnect when they hear nothing for two intervals.',
  `Close codes:\n\n${closeCodeTable}`,
  'An abnormal close (1006, no close frame) is a lost connection: reconnect with backoff and resume.',
].join('\n\n');

const CLIENT_MESSAGES = {
  subscribeJob: message({
    schema: subscribeJobFrame,
    schemaId: 'SubscribeJobFrame',
    name: 'subscribe',
    title: 'Subscribe to one job',
    summary: 'Follow one job of the user, optionally resuming after the last seq seen.',
    description:
      'Answered with `subscribed`. Without `since`, the current state follows as one event (if the job has ' +
      'one), then live events. With `since`, `subscribed` carries `recovered` and every event after `since` ' +
      'follows in order, filtered by level, then live events. Subscribing again to the same job changes its ' +
      'level. A job of another user gets NOT_FOUND, as a missing one does.',
    correlation: 'jobId',
    examples: [
      {
        name: 'live',
        summary: 'Progress of one job, from its current state',
        payload: { type: 'subscribe', jobId: JOB },
      },
      {
        name: 'resume',
        summary: 'Resume after seq 3 at status level',
        payload: { type: 'subscribe', jobId: JOB, level: 'status', since: 3 },
      },
    ],
  }),
  subscribeAll: message({
    schema: subscribeAllFrame,
    schemaId: 'SubscribeAllFrame',
    name: 'subscribe',
    title: 'Subscribe to all jobs',
    summary: "Follow all of the user's jobs, including those created later.",
    description:
      `\`since\` names up to ${WS_PROTOCOL_LIMITS.resumeJobs} jobs with the last seq seen of each; those are ` +
      'replayed from there. Other jobs send live events only.',
    examples: [
      {
        name: 'all',
        summary: 'Every job at detail level',
        payload: { type: 'subscribe', all: true, level: 'detail' },
      },
      {
        name: 'resumeAll',
        summary: 'All jobs, resuming two of them',
        payload: { type: 'subscribe', all: true, since: { [JOB]: 3, [OTHER_JOB]: 12 } },
      },
    ],
  }),
  unsubscribeJob: message({
    schema: unsubscribeJobFrame,
    schemaId: 'UnsubscribeJobFrame',
    name: 'unsubscribe',
    title: 'Unsubscribe from one job',
    summary: 'Stop following one job; answered with `unsubscribed` even if it was not followed.',
    correlation: 'jobId',
    examples: [
      { name: 'job', summary: 'Stop following a job', payload: { type: 'unsubscribe', jobId: JOB } },
    ],
  }),
  unsubscribeAll: message({
    schema: unsubscribeAllFrame,
    schemaId: 'UnsubscribeAllFrame',
    name: 'unsubscribe',
    title: 'Unsubscribe from all jobs',
    summary: 'End the all-jobs subscription; subscriptions to single jobs stay.',
    examples: [
      { name: 'all', summary: 'Stop following all jobs', payload: { type: 'unsubscribe', all: true } },
    ],
  }),
  refresh: message({
    schema: refreshFrame,
    schemaId: 'RefreshFrame',
    name: 'refresh',
    title: 'Refresh the token',
    summary: 'Hand the socket a fresh token of the same user before `expiresAt`.',
    description:
      'Answered with `refreshed`. A token that does not verify gets TOKEN_INVALID and the socket keeps its old ' +
      'expiry; a token of another user closes the socket with 4001.',
    examples: [
      {
        name: 'refresh',
        summary: 'A fresh token',
        payload: { type: 'refresh', token: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' },
      },
    ],
  }),
  ping: message({
    schema: pingFrame,
    schemaId: 'PingFrame',
    name: 'ping',
    title: 'Ping',
    summary: "The client's heartbeat, answered with `pong`.",
    correlation: 'id',
    examples: [{ name: 'ping', summary: 'A numbered ping', payload: { type: 'ping', id: '42' } }],
  }),
} satisfies Record<string, MessageSpec>;

const SERVER_MESSAGES = {
  connected: message({
    schema: connectedFrame,
    schemaId: 'ConnectedFrame',
    name: 'connected',
    title: 'Connected',
    summary: 'First frame on every socket: the user, the token expiry and the limits in force.',
    examples: [
      {
        name: 'connected',
        summary: 'Default limits',
        payload: {
          type: 'connected',
          connectionId: '5d0c3b1e-2f4a-4b6c-9d8e-7f1a2b3c4d5e',
          user: 'alice',
          expiresAt: 1767225600,
          pingIntervalMs: 25000,
          maxSubscriptions: 100,
          maxPayloadBytes: 65536,
        },
      },
    ],
  }),
  subscribedJob: message({
    schema: subscribedJobFrame,
    schemaId: 'SubscribedJobFrame',
    name: 'subscribed',
    title: 'Subscribed to one job',
    summary: 'The subscription is in place; events follow.',
    description:
      'The server may also send it unasked, with `recovered: false`, after a live gap it could not fill from ' +
      'the history (rare); the next event is then the current state.',
    correlation: 'jobId',
    examples: [
      {
        name: 'live',
        summary: 'A plain subscription',
        payload: { type: 'subscribed', jobId: JOB, level: 'progress' },
      },
      {
        name: 'recovered',
        summary: 'Every missed event follows',
        payload: { type: 'subscribed', jobId: JOB, level: 'status', recovered: true },
      },
      {
        name: 'notRecovered',
        summary: 'The history no longer covers the gap',
        payload: { type: 'subscribed', jobId: JOB, level: 'progress', recovered: false },
      },
    ],
  }),
  subscribedAll: message({
    schema: subscribedAllFrame,
    schemaId: 'SubscribedAllFrame',
    name: 'subscribed',
    title: 'Subscribed to all jobs',
    summary: 'The all-jobs subscription is in place, with the resume outcome per job named in `since`.',
    examples: [
      {
        name: 'resumeAll',
        summary: 'One job recovered, one not',
        payload: {
          type: 'subscribed',
          all: true,
          level: 'progress',
          recovered: { [JOB]: true, [OTHER_JOB]: false },
        },
      },
    ],
  }),
  unsubscribedJob: message({
    schema: unsubscribedJobFrame,
    schemaId: 'UnsubscribedJobFrame',
    name: 'unsubscribed',
    title: 'Unsubscribed from one job',
    summary: 'No event of the job follows.',
    correlation: 'jobId',
    examples: [
      { name: 'job', summary: 'A job no longer followed', payload: { type: 'unsubscribed', jobId: JOB } },
    ],
  }),
  unsubscribedAll: message({
    schema: unsubscribedAllFrame,
    schemaId: 'UnsubscribedAllFrame',
    name: 'unsubscribed',
    title: 'Unsubscribed from all jobs',
    summary: 'The all-jobs subscription is gone; subscriptions to single jobs stay.',
    examples: [
      { name: 'all', summary: 'All jobs no longer followed', payload: { type: 'unsubscribed', all: true } },
    ],
  }),
  event: message({
    schema: eventFrame,
    schemaId: 'EventFrame',
    name: 'event',
    title: 'Job event',
    summary: 'One update of a job, carrying its whole state.',
    description:
      'The same shape as the REST JobUpdate and the SSE `job.update` data, plus `type` and `traceId`. Per job, ' +
      '`seq` strictly increases; across jobs there is no order. SUCCEEDED, FAILED, COMPENSATED and CANCELLED ' +
      'are terminal (`done: true`): no event of the job follows.',
    correlation: 'jobId',
    examples: [
      {
        name: 'running',
        summary: 'A job between steps',
        payload: {
          type: 'event',
          jobId: JOB,
          seq: 3,
          status: 'RUNNING',
          done: false,
          progress: {
            percent: 66,
            step: 'schedule_shipping',
            message: 'booking a courier',
            stepsDone: 2,
            stepsTotal: 3,
          },
          cancelRequested: false,
          updatedAt: '2026-01-01T12:00:03.120Z',
          traceId: TRACE,
        },
      },
      {
        name: 'succeeded',
        summary: 'The terminal event, with the result',
        payload: {
          type: 'event',
          jobId: JOB,
          seq: 4,
          status: 'SUCCEEDED',
          done: true,
          progress: { percent: 100, step: 'schedule_shipping', message: '', stepsDone: 3, stepsTotal: 3 },
          result: { orderId: 'o-1', trackingNumber: 'TRK-1' },
          cancelRequested: false,
          updatedAt: '2026-01-01T12:00:04.015Z',
          traceId: TRACE,
        },
      },
      {
        name: 'compensated',
        summary: 'A failed step, undone',
        payload: {
          type: 'event',
          jobId: OTHER_JOB,
          seq: 9,
          status: 'COMPENSATED',
          done: true,
          progress: {
            percent: 100,
            step: 'authorize_payment',
            message: 'payment released',
            stepsDone: 2,
            stepsTotal: 3,
          },
          error: { code: 'STEP_FAILED', message: 'schedule_shipping failed: no courier available' },
          cancelRequested: false,
          updatedAt: '2026-01-01T12:01:10.500Z',
        },
      },
    ],
  }),
  refreshed: message({
    schema: refreshedFrame,
    schemaId: 'RefreshedFrame',
    name: 'refreshed',
    title: 'Token refreshed',
    summary: 'The socket now expires with the new token.',
    examples: [
      { name: 'refreshed', summary: 'One more hour', payload: { type: 'refreshed', expiresAt: 1767229200 } },
    ],
  }),
  pong: message({
    schema: pongFrame,
    schemaId: 'PongFrame',
    name: 'pong',
    title: 'Pong',
    summary: 'Answer to a `ping`, with its id.',
    correlation: 'id',
    examples: [{ name: 'pong', summary: 'The answer to ping 42', payload: { type: 'pong', id: '42' } }],
  }),
  error: message({
    schema: errorFrame,
    schemaId: 'ErrorFrame',
    name: 'error',
    title: 'Error',
    summary: 'A client frame was refused or failed. The socket stays open.',
    description: `Too many refused frames within a minute close the socket with 1008.\n\n${errorCodeTable}`,
    examples: [
      {
        name: 'notFound',
        summary: 'A job that is missing or belongs to someone else',
        payload: { type: 'error', code: 'NOT_FOUND', message: 'no such job', jobId: OTHER_JOB },
      },
      {
        name: 'badFrame',
        summary: 'Not JSON',
        payload: { type: 'error', code: 'BAD_FRAME', message: 'a frame must be a JSON text' },
      },
      {
        name: 'rateLimited',
        summary: 'Over the frame rate',
        payload: { type: 'error', code: 'RATE_LIMITED', message: 'too many frames; slow down' },
      },
    ],
  }),
} satisfies Record<string, MessageSpec>;

const channelRef = { $ref: `#/channels/${ASYNCAPI_CHANNEL}` };
const messageRefs = (...ids: Array<keyof typeof CLIENT_MESSAGES | keyof typeof SERVER_MESSAGES>) =>
  ids.map((id) => ({ $ref: `#/channels/${ASYNCAPI_CHANNEL}/messages/${id}` }));

/** Operations as the ws-service sees them: it receives client frames and sends server frames. */
const OPERATIONS: Json = {
  receiveSubscribe: {
    action: 'receive',
    channel: channelRef,
    title: 'Subscribe',
    summary: 'A client follows one job or all of its jobs.',
    messages: messageRefs('subscribeJob', 'subscribeAll'),
    reply: { channel: channelRef, messages: messageRefs('subscribedJob', 'subscribedAll', 'error') },
  },
  receiveUnsubscribe: {
    action: 'receive',
    channel: channelRef,
    title: 'Unsubscribe',
    summary: 'A client stops following one job, or ends its all-jobs subscription.',
    messages: messageRefs('unsubscribeJob', 'unsubscribeAll'),
    reply: { channel: channelRef, messages: messageRefs('unsubscribedJob', 'unsubscribedAll', 'error') },
  },
  receiveRefresh: {
    action: 'receive',
    channel: channelRef,
    title: 'Refresh the token',
    summary: 'A client extends the life of its socket.',
    messages: messageRefs('refresh'),
    reply: { channel: channelRef, messages: messageRefs('refreshed', 'error') },
  },
  receivePing: {
    action: 'receive',
    channel: channelRef,
    title: 'Ping',
    summary: "A client's heartbeat.",
    messages: messageRefs('ping'),
    reply: { channel: channelRef, messages: messageRefs('pong') },
  },
  sendConnected: {
    action: 'send',
    channel: channelRef,
    title: 'Greet',
    summary: 'The first frame on every socket.',
    messages: messageRefs('connected'),
  },
  sendEvent: {
    action: 'send',
    channel: channelRef,
    title: 'Deliver an event',
    summary: 'An update of a followed job: replayed after `since`, then live.',
    messages: messageRefs('event'),
  },
  sendResync: {
    action: 'send',
    channel: channelRef,
    title: 'Report an unrecoverable gap',
    summary:
      'Rare: after a live gap the history could not fill, `subscribed` with `recovered: false`; the current ' +
      'state follows.',
    messages: messageRefs('subscribedJob'),
  },
  sendError: {
    action: 'send',
    channel: channelRef,
    title: 'Refuse a frame',
    summary: 'The answer to a frame that is malformed, of an unknown type, or over the rate.',
    messages: messageRefs('error'),
  },
};

function messageObject(spec: MessageSpec): Json {
  return {
    name: spec.name,
    title: spec.title,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    contentType: 'application/json',
    payload: { $ref: `#/components/schemas/${spec.schemaId}` },
    ...(spec.correlation
      ? {
          correlationId: {
            description: `A reply names the same \`${spec.correlation}\` as its request.`,
            location: `$message.payload#/${spec.correlation}`,
          },
        }
      : {}),
    examples: spec.examples,
  };
}

/** The date-time format says what zod's long regex does. */
function dropDateTimePattern(context: { jsonSchema: Json }): void {
  if (context.jsonSchema.format === 'date-time') delete context.jsonSchema.pattern;
}

/** Draft-07 JSON Schemas (the AsyncAPI schema format) of named zod schemas, pointing at each other by $ref. */
function namedSchemas(io: 'input' | 'output', entries: Record<string, z.ZodType>): Json {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(entries)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-7',
    uri: (id) => `#/components/schemas/${id}`,
    override: dropDateTimePattern,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]),
  );
}

const payloadsOf = (messages: Record<string, MessageSpec>) =>
  Object.fromEntries(Object.values(messages).map((spec) => [spec.schemaId, spec.schema]));

function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-7' });
  return rest;
}

const handshakeQuery = z.looseObject({
  [WS_TOKEN_PARAM]: z
    .string()
    .min(1)
    .max(WS_PROTOCOL_LIMITS.tokenLength)
    .optional()
    .describe(
      'The JWT, for browsers only: they cannot set the Authorization header on a WebSocket handshake.',
    ),
});

const handshakeHeaders = z.looseObject({
  Authorization: z
    .string()
    .regex(/^Bearer \S+$/)
    .optional()
    .describe('`Bearer <jwt>`; wins over the query parameter when both are present.'),
  Origin: z
    .string()
    .optional()
    .describe(
      'Sent by browsers; checked against the allow-list (WS_ALLOWED_ORIGINS) when one is configured.',
    ),
});

const security = [
  { $ref: '#/components/securitySchemes/bearer' },
  { $ref: '#/components/securitySchemes/accessToken' },
];

/** The AsyncAPI 3.0 document of the WebSocket protocol, generated from the schemas that validate its frames. */
export function buildAsyncApiDocument(): Json {
  const messages = { ...CLIENT_MESSAGES, ...SERVER_MESSAGES };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'jobtrack WebSocket API',
      version: '1.0.0',
      description:
        "Follow jobs live: a client subscribes to one job or to all of its jobs and receives each job's " +
        'updates in order, resuming after a reconnect without losing any within the retention. Frames are JSON ' +
        'text, one object each. The operations are those of the ws-service: it receives the client frames and ' +
        'sends the server frames. The prose is websocket-protocol.md, next to this file.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      production: {
        host: '{host}',
        protocol: 'wss',
        title: 'Production',
        description: 'Every ws-service replica behind one address; a client may land on any of them.',
        variables: {
          host: { default: 'jobtrack.example.com', description: 'Host (and port) of the deployment.' },
        },
        security,
      },
      development: {
        host: 'localhost:8081',
        protocol: 'ws',
        title: 'Development',
        description: 'One ws-service on its default port (WS_PORT), without TLS.',
        security,
      },
    },
    channels: {
      [ASYNCAPI_CHANNEL]: {
        address: WS_PATH,
        title: 'Job updates',
        description: CHANNEL_DESCRIPTION,
        messages: Object.fromEntries(
          Object.keys(messages).map((id) => [id, { $ref: `#/components/messages/${id}` }]),
        ),
        bindings: {
          ws: {
            method: 'GET',
            query: jsonSchema(handshakeQuery),
            headers: jsonSchema(handshakeHeaders),
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations: OPERATIONS,
    components: {
      schemas: {
        ...namedSchemas('input', payloadsOf(CLIENT_MESSAGES)),
        ...namedSchemas('output', {
          ...payloadsOf(SERVER_MESSAGES),
          JobProgress: jobProgressViewSchema,
          JobError: jobErrorViewSchema,
        }),
      },
      messages: Object.fromEntries(Object.entries(messages).map(([id, spec]) => [id, messageObject(spec)])),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            '`Authorization: Bearer <jwt>` on the upgrade request: the same token as the REST API. Its `sub` is ' +
            'the user; its `exp` bounds the socket unless a `refresh` frame extends it.',
        },
        accessToken: {
          type: 'httpApiKey',
          name: WS_TOKEN_PARAM,
          in: 'query',
          description:
            'The same JWT in the query string, for browsers: the WebSocket API cannot set handshake headers. ' +
            'The server strips it from every log line and span; keep it out of proxy access logs too.',
        },
      },
    },
  };
}
