import { z } from 'zod';
import { WS_PROTOCOL_LIMITS } from './constants.ts';
import { jobId, level, seq } from './fields.ts';

const subscriptionLevel = level.default('progress');

export const subscribeJobFrame = z
  .strictObject({
    type: z.literal('subscribe'),
    jobId,
    level: subscriptionLevel,
    since: seq
      .optional()
      .describe('The last seq the client saw of this job: the server first replays every update after it.'),
  })
  .describe('Follow one job of the user.');

export const subscribeAllFrame = z
  .strictObject({
    type: z.literal('subscribe'),
    all: z.literal(true),
    level: subscriptionLevel,
    since: z
      .record(jobId, seq)
      .refine((map) => Object.keys(map).length <= WS_PROTOCOL_LIMITS.resumeJobs, {
        message: `at most ${WS_PROTOCOL_LIMITS.resumeJobs} jobs`,
      })
      .meta({ maxProperties: WS_PROTOCOL_LIMITS.resumeJobs })
      .optional()
      .describe('Per job, the last seq the client saw; each named job is replayed from there.'),
  })
  .describe('Follow every job of the user, including jobs created later.');

export const unsubscribeJobFrame = z
  .strictObject({ type: z.literal('unsubscribe'), jobId })
  .describe('Stop following one job.');

export const unsubscribeAllFrame = z
  .strictObject({ type: z.literal('unsubscribe'), all: z.literal(true) })
  .describe('End the all-jobs subscription; subscriptions to single jobs stay.');

export const refreshFrame = z
  .strictObject({
    type: z.literal('refresh'),
    token: z.string().min(1).max(WS_PROTOCOL_LIMITS.tokenLength),
  })
  .describe("Replaces the connection's token before it expires; the new token must name the same user.");

export const pingFrame = z
  .strictObject({
    type: z.literal('ping'),
    id: z
      .string()
      .max(WS_PROTOCOL_LIMITS.pingIdLength)
      .optional()
      .describe('Echoed in the pong, to match the two.'),
  })
  .describe("The client's half of the heartbeat: browsers cannot send protocol-level pings.");

/** Schemas per client frame type; a subscribe or unsubscribe is for one job when it names `jobId`. */
export const CLIENT_FRAMES = {
  subscribe: [subscribeJobFrame, subscribeAllFrame],
  unsubscribe: [unsubscribeJobFrame, unsubscribeAllFrame],
  refresh: [refreshFrame],
  ping: [pingFrame],
} as const;
export type ClientFrameType = keyof typeof CLIENT_FRAMES;

/** Any client frame; a server parsing frames should pick the schemas by type to name what is wrong. */
export const clientFrame = z.union([
  subscribeJobFrame,
  subscribeAllFrame,
  unsubscribeJobFrame,
  unsubscribeAllFrame,
  refreshFrame,
  pingFrame,
]);

export type SubscribeJobFrame = z.infer<typeof subscribeJobFrame>;
export type SubscribeAllFrame = z.infer<typeof subscribeAllFrame>;
export type UnsubscribeJobFrame = z.infer<typeof unsubscribeJobFrame>;
export type UnsubscribeAllFrame = z.infer<typeof unsubscribeAllFrame>;
export type RefreshFrame = z.infer<typeof refreshFrame>;
export type PingFrame = z.infer<typeof pingFrame>;
export type ClientFrame =
  | SubscribeJobFrame
  | SubscribeAllFrame
  | UnsubscribeJobFrame
  | UnsubscribeAllFrame
  | RefreshFrame
  | PingFrame;
/** What a client may send before defaults are applied. */
export type ClientFrameInput =
  | z.input<typeof subscribeJobFrame>
  | z.input<typeof subscribeAllFrame>
  | z.input<typeof unsubscribeJobFrame>
  | z.input<typeof unsubscribeAllFrame>
  | z.input<typeof refreshFrame>
  | z.input<typeof pingFrame>;
