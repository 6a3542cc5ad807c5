import { ALL_TOPICS } from '@jobtrack/contracts';
import type { Running } from '@jobtrack/platform';
import { PARTICIPANTS, type ParticipantName } from './catalog.ts';
import { type ParticipantOptions, startParticipant } from './participant.ts';

export {
  PARTICIPANT_NAMES,
  PARTICIPANTS,
  type ParticipantDefinition,
  type ParticipantName,
} from './catalog.ts';
export { COMPENSATION_FAILED, INVALID_PAYLOAD } from './decision.ts';
export { participantCommands } from './metrics.ts';
export type { AppliedCommand, ParticipantOptions } from './participant.ts';

export interface ParticipantsOptions extends ParticipantOptions {
  participants: readonly ParticipantName[];
}

/** Starts the simulated participants named, each consuming its own command topic. */
export async function startParticipants(options: ParticipantsOptions): Promise<Running> {
  await options.messaging.createTopics(ALL_TOPICS);
  // Consumer groups join concurrently: joining one by one would take seconds per participant.
  const started = await Promise.allSettled(
    [...new Set(options.participants)].map((name) => startParticipant(PARTICIPANTS[name], options)),
  );
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.allSettled(running.map((r) => r.stop()));
    throw failed.reason;
  }
  return {
    stop: async () => {
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}
