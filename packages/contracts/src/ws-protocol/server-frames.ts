import { z } from 'zod';
import { jobUpdateViewSchema } from '../job-view.ts';
import { WS_ERROR_CODES, WS_PROTOCOL_LIMITS } from './constants.ts';
import { epochSeconds, jobId, level } from './fields.ts';

/** Positive integers the server announces; clients size their timers and frames by them. */
const setting = z.int().min(1);

export const connectedFrame = z
  .strictObject({
    type: z.literal('connected'),
    connectionId: z.string().min(1).describe('Names this socket in the server logs; quote it in reports.'),
    user: z.string().min(1).describe("The token's subject: whose jobs this socket may follow."),
    expiresAt: epochSeconds.describe(
      'When the token expires, epoch seconds; refresh before then or the socket is closed with 4002.',
    ),
    pingIntervalMs: setting.describe(
      'The server pings this often; a client hearing nothing for two intervals should reconnect.',
    ),
    maxSubscriptions: setting,
    maxPayloadBytes: setting.describe('The largest client frame; a bigger one closes the socket with 1009.'),
  })
  .describe('First frame on every socket: who the server took the client for and the limits it applies.');

export const subscribedJobFrame = z
  .strictObject({
    type: z.literal('subscribed'),
    jobId,
    level,
    recovered: z
      .boolean()
      .optional()
      .describe(
        'Present when the subscribe carried `since`, or after a gap the server could not fill: true when every ' +
          'event after `since` follows, false when the history no longer covers the gap. After false the next ' +
          'event is the current state; fetch the job if the intermediate steps matter.',
      ),
  })
  .describe('The subscription to one job is in place; its events follow.');

export const subscribedAllFrame = z
  .strictObject({
    type: z.literal('subscribed'),
    all: z.literal(true),
    level,
    recovered: z
      .record(jobId, z.boolean())
      .optional()
      .describe(
        'Per job named in `since`, whether its missed events follow (true) or only its current state.',
      ),
  })
  .describe("The subscription to all of the user's jobs is in place; their events follow.");

export const unsubscribedJobFrame = z
  .strictObject({ type: z.literal('unsubscribed'), jobId })
  .describe('No event of this job follows.');

export const unsubscribedAllFrame = z
  .strictObject({ type: z.literal('unsubscribed'), all: z.literal(true) })
  .describe('The all-jobs subscription is gone; subscriptions to single jobs stay.');

export const eventFrame = z
  .strictObject({
    type: z.literal('event'),
    ...jobUpdateViewSchema.shape,
    traceId: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .optional()
      .describe('W3C trace id of the update, to find its whole path in the tracing backend.'),
  })
  .describe('One update of a job. Each carries the whole state of the job, so the latest alone is enough.');

export const refreshedFrame = z
  .strictObject({ type: z.literal('refreshed'), expiresAt: epochSeconds.describe('The new token expiry.') })
  .describe('The refresh token was accepted; the socket now expires with it.');

export const pongFrame = z
  .strictObject({
    type: z.literal('pong'),
    id: z
      .string()
      .max(WS_PROTOCOL_LIMITS.pingIdLength)
      .optional()
      .describe('The id of the ping, if it had one.'),
  })
  .describe('Answer to a ping frame.');

export const errorFrame = z
  .strictObject({
    type: z.literal('error'),
    code: z.enum(WS_ERROR_CODES),
    message: z.string().describe('For people; act on the code.'),
    jobId: jobId.optional().describe('Present when the error concerns one job.'),
  })
  .describe('A client frame was refused or failed; the socket stays open.');

/** Schemas per server frame type; a subscribed or unsubscribed frame is for one job when it names `jobId`. */
export const SERVER_FRAMES = {
  connected: [connectedFrame],
  subscribed: [subscribedJobFrame, subscribedAllFrame],
  unsubscribed: [unsubscribedJobFrame, unsubscribedAllFrame],
  event: [eventFrame],
  refreshed: [refreshedFrame],
  pong: [pongFrame],
  error: [errorFrame],
} as const;
export type ServerFrameType = keyof typeof SERVER_FRAMES;

/** Any server frame: what a client reads every frame with. */
export const serverFrame = z.union([
  connectedFrame,
  subscribedJobFrame,
  subscribedAllFrame,
  unsubscribedJobFrame,
  unsubscribedAllFrame,
  eventFrame,
  refreshedFrame,
  pongFrame,
  errorFrame,
]);

export type ConnectedFrame = z.infer<typeof connectedFrame>;
export type SubscribedJobFrame = z.infer<typeof subscribedJobFrame>;
export type SubscribedAllFrame = z.infer<typeof subscribedAllFrame>;
export type SubscribedFrame = SubscribedJobFrame | SubscribedAllFrame;
export type UnsubscribedFrame = z.infer<typeof unsubscribedJobFrame> | z.infer<typeof unsubscribedAllFrame>;
export type EventFrame = z.infer<typeof eventFrame>;
export type RefreshedFrame = z.infer<typeof refreshedFrame>;
export type PongFrame = z.infer<typeof pongFrame>;
export type ErrorFrame = z.infer<typeof errorFrame>;
export type ServerFrame =
  | ConnectedFrame
  | SubscribedFrame
  | UnsubscribedFrame
  | EventFrame
  | RefreshedFrame
  | PongFrame
  | ErrorFrame;
