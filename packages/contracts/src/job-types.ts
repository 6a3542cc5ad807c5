import { z } from 'zod';
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

const orderItem = z.strictObject({
  sku: z.string().min(1).max(64),
  quantity: z.int().min(1).max(1000),
});

export const orderPlaceInput = z.strictObject({
  orderId: z.string().min(1).max(64),
  items: z.array(orderItem).min(1).max(100),
  amountCents: z.int().min(1).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
  /** Lets a caller (or a test) drive a participant to fail: e.g. a payment step that declines. */
  simulate: z
    .strictObject({
      failStep: z.enum(['reserve_stock', 'authorize_payment', 'schedule_shipping']).optional(),
    })
    .optional(),
});
export type OrderPlaceInput = z.infer<typeof orderPlaceInput>;

export const JOB_TYPES: Readonly<Record<string, JobTypeDefinition>> = {
  'order.place': {
    type: 'order.place',
    description: 'Places an order: reserves stock, authorizes payment, schedules shipping.',
    input: orderPlaceInput,
    orchestrator: 'order-orchestrator',
    commandTopic: TOPICS.orderCommands,
  },
};

export function findJobType(type: string): JobTypeDefinition | undefined {
  return Object.hasOwn(JOB_TYPES, type) ? JOB_TYPES[type] : undefined;
}
