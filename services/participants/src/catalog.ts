import { mediaProcessInput, TOPICS, type TopicDefinition } from '@jobtrack/contracts';
import { z } from 'zod';

export const PARTICIPANT_NAMES = [
  'inventory',
  'payment',
  'shipping',
  'storage',
  'transcoder',
  'album',
  'notifier',
] as const;
export type ParticipantName = (typeof PARTICIPANT_NAMES)[number];

/** What a successful execution returns, and the stages it goes through (one progress report after each). */
export interface StepWork {
  /** Shaped like the real thing and derived from the job alone, so a replayed success returns the same. */
  readonly result: Record<string, unknown>;
  readonly stages?: readonly string[];
}

export interface ParticipantDefinition {
  readonly name: ParticipantName;
  readonly commandTopic: TopicDefinition<'jobtrack.events.v1.ParticipantCommand'>;
  /** The reply topic of the participant's saga domain. */
  readonly replyTopic: TopicDefinition<'jobtrack.events.v1.ParticipantReply'>;
  /** The one saga step this participant runs; the names match the saga definitions. */
  readonly step: string;
  /** What a failed execution says, as a real service of this kind would. */
  readonly failure: { readonly code: string; readonly reason: string };
  /** What undoing the step does, for the reason of a failed compensation. */
  readonly undo: string;
  /** Reads the job input fields the step needs; says what is wrong when they are missing. */
  work(jobId: string, input: unknown): StepWork | { readonly invalid: string };
}

function reading<I>(
  schema: z.ZodType<I>,
  derive: (jobId: string, input: I) => StepWork,
): ParticipantDefinition['work'] {
  return (jobId, input) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? derive(jobId, parsed.data) : { invalid: z.prettifyError(parsed.error) };
  };
}

const CARRIERS = ['DHL', 'UPS', 'DPD'] as const;
// Picked from the job id rather than at random, so the same job always gets the same carrier.
const carrierOf = (jobId: string): string =>
  CARRIERS[[...jobId].reduce((sum, char) => sum + (char.codePointAt(0) ?? 0), 0) % CARRIERS.length] as string;
// Only the fields a participant reads; the orchestrator validated the whole input before sending it.
const upload = mediaProcessInput.pick({ mediaId: true, fileName: true }).loose();
const renditions = mediaProcessInput.pick({ mediaId: true, renditions: true }).loose();
const album = mediaProcessInput.pick({ albumId: true }).loose();

export const PARTICIPANTS: Readonly<Record<ParticipantName, ParticipantDefinition>> = {
  inventory: {
    name: 'inventory',
    commandTopic: TOPICS.inventoryCommands,
    replyTopic: TOPICS.orderReplies,
    step: 'reserve_stock',
    failure: { code: 'OUT_OF_STOCK', reason: 'out of stock' },
    undo: 'release the reserved stock',
    work: (jobId) => ({ result: { reservationId: `res-${jobId}` } }),
  },
  payment: {
    name: 'payment',
    commandTopic: TOPICS.paymentCommands,
    replyTopic: TOPICS.orderReplies,
    step: 'authorize_payment',
    failure: { code: 'PAYMENT_DECLINED', reason: 'payment declined' },
    undo: 'void the authorization',
    work: (jobId) => ({ result: { authorizationId: `auth-${jobId}` } }),
  },
  shipping: {
    name: 'shipping',
    commandTopic: TOPICS.shippingCommands,
    replyTopic: TOPICS.orderReplies,
    step: 'schedule_shipping',
    failure: { code: 'NO_CARRIER', reason: 'no carrier available' },
    undo: 'cancel the shipment',
    work: (jobId) => ({ result: { shipmentId: `ship-${jobId}`, carrier: carrierOf(jobId) } }),
  },
  storage: {
    name: 'storage',
    commandTopic: TOPICS.storageCommands,
    replyTopic: TOPICS.mediaReplies,
    step: 'store_upload',
    failure: { code: 'STORAGE_UNAVAILABLE', reason: 'storage unavailable' },
    undo: 'delete the upload',
    work: reading(upload, (_jobId, input) => ({
      result: { objectKey: `uploads/${input.mediaId}/${input.fileName}` },
    })),
  },
  transcoder: {
    name: 'transcoder',
    commandTopic: TOPICS.transcoderCommands,
    replyTopic: TOPICS.mediaReplies,
    step: 'generate_renditions',
    failure: { code: 'TRANSCODE_FAILED', reason: 'transcoding failed' },
    undo: 'delete the renditions',
    work: reading(renditions, (_jobId, input) => ({
      result: {
        renditions: input.renditions.map((name) => ({
          name,
          objectKey: `renditions/${input.mediaId}/${name}`,
        })),
      },
      stages: input.renditions.map((name) => `rendition ${name}`),
    })),
  },
  album: {
    name: 'album',
    commandTopic: TOPICS.albumCommands,
    replyTopic: TOPICS.mediaReplies,
    step: 'add_to_album',
    failure: { code: 'ALBUM_FULL', reason: 'album is full' },
    undo: 'remove the album entry',
    work: reading(album, (jobId, input) => ({
      result: { albumId: input.albumId, entryId: `entry-${jobId}` },
    })),
  },
  notifier: {
    name: 'notifier',
    commandTopic: TOPICS.notifierCommands,
    replyTopic: TOPICS.mediaReplies,
    step: 'notify',
    failure: { code: 'NOTIFIER_UNAVAILABLE', reason: 'notifier unavailable' },
    undo: 'retract the notification',
    work: (jobId) => ({ result: { notificationId: `notif-${jobId}` } }),
  },
};
