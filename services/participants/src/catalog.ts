import { TOPICS, type TopicDefinition } from '@jobtrack/contracts';

export const PARTICIPANT_NAMES = ['inventory', 'payment', 'shipping'] as const;
export type ParticipantName = (typeof PARTICIPANT_NAMES)[number];

export interface ParticipantDefinition {
  readonly name: ParticipantName;
  readonly topic: TopicDefinition<'jobtrack.events.v1.ParticipantCommand'>;
  /** The order saga step this participant runs; the names match the order.place saga definition. */
  readonly step: string;
  /** What a simulated failure says, as a real service of this kind would. */
  readonly failureReason: string;
  /** A result shaped like the real thing, derived from the job so a repeated call returns the same. */
  result(jobId: string): Record<string, string>;
}

export const PARTICIPANTS: Readonly<Record<ParticipantName, ParticipantDefinition>> = {
  inventory: {
    name: 'inventory',
    topic: TOPICS.inventoryCommands,
    step: 'reserve_stock',
    failureReason: 'out of stock',
    result: (jobId) => ({ reservationId: `res-${jobId}` }),
  },
  payment: {
    name: 'payment',
    topic: TOPICS.paymentCommands,
    step: 'authorize_payment',
    failureReason: 'payment declined',
    result: (jobId) => ({ authorizationId: `auth-${jobId}` }),
  },
  shipping: {
    name: 'shipping',
    topic: TOPICS.shippingCommands,
    step: 'schedule_shipping',
    failureReason: 'no carrier available',
    result: (jobId) => ({ shipmentId: `ship-${jobId}` }),
  },
};
