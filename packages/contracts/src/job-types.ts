import { z } from 'zod';
import { simulationOf } from './simulation.ts';
import { TOPICS, type TopicDefinition } from './topics.ts';

/**
 * A kind of job a client may submit: its input schema, the orchestrator that owns it and the topic that
 * orchestrator reads its commands from. Adding a domain is one entry here: the gateway and the job service
 * validate with `input`, and the OpenAPI document is generated from it.
 */
export interface JobTypeDefinition {
  readonly type: string;
  readonly description: string;
  readonly input: z.ZodType;
  /** The service that runs the job's saga. */
  readonly orchestrator: string;
  readonly commandTopic: TopicDefinition<'jobtrack.events.v1.JobCommand'>;
}

/** The order.place steps that a participant runs; `confirm` is the orchestrator's own and is not simulated. */
export const ORDER_PLACE_PARTICIPANT_STEPS = [
  'reserve_stock',
  'authorize_payment',
  'schedule_shipping',
] as const;

const orderItem = z.strictObject({
  sku: z.string().min(1).max(64),
  quantity: z.int().min(1).max(1000),
});

export const orderPlaceInput = z.strictObject({
  orderId: z.string().min(1).max(64),
  items: z.array(orderItem).min(1).max(100),
  amountCents: z.int().min(1).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
  /** Lets a caller (or a test) make a simulated participant fail, hang, answer late or answer twice. */
  simulate: simulationOf(ORDER_PLACE_PARTICIPANT_STEPS).optional(),
});
export type OrderPlaceInput = z.infer<typeof orderPlaceInput>;

/** The media.process steps that a participant runs; the saga's own steps (none yet) are not simulated. */
export const MEDIA_PROCESS_PARTICIPANT_STEPS = [
  'store_upload',
  'generate_renditions',
  'add_to_album',
  'notify',
] as const;

export const RENDITIONS = ['thumbnail', '480p', '720p', '1080p'] as const;

export const mediaProcessInput = z.strictObject({
  mediaId: z.string().min(1).max(64),
  albumId: z.string().min(1).max(64),
  fileName: z.string().min(1).max(255),
  contentType: z.enum(['image/jpeg', 'image/png', 'video/mp4']),
  sizeBytes: z
    .int()
    .min(1)
    .max(10 * 1024 ** 3),
  renditions: z
    .array(z.enum(RENDITIONS))
    .min(1)
    .max(RENDITIONS.length)
    .refine((list) => new Set(list).size === list.length, 'each rendition at most once'),
  simulate: simulationOf(MEDIA_PROCESS_PARTICIPANT_STEPS).optional(),
});
export type MediaProcessInput = z.infer<typeof mediaProcessInput>;

export const JOB_TYPES: Readonly<Record<string, JobTypeDefinition>> = {
  'order.place': {
    type: 'order.place',
    description: 'Places an order: reserves stock, authorizes payment, schedules shipping, confirms.',
    input: orderPlaceInput,
    orchestrator: 'order-orchestrator',
    commandTopic: TOPICS.orderCommands,
  },
  'media.process': {
    type: 'media.process',
    description: 'Processes an upload: stores it, generates renditions, adds it to an album, notifies.',
    input: mediaProcessInput,
    orchestrator: 'media-orchestrator',
    commandTopic: TOPICS.mediaCommands,
  },
};

export function findJobType(type: string): JobTypeDefinition | undefined {
  return Object.hasOwn(JOB_TYPES, type) ? JOB_TYPES[type] : undefined;
}
