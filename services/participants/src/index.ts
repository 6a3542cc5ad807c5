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
  const running: Running[] = [];
  try {
    for (const name of new Set(options.participants)) {
      running.push(await startParticipant(PARTICIPANTS[name], options));
    }
  } catch (error) {
    await Promise.allSettled(running.map((r) => r.stop()));
    throw error;
  }
  return {
    stop: async () => {
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}
