import { z } from 'zod';
import { PARTICIPANT_NAMES, type ParticipantName } from './catalog.ts';

const isParticipant = (name: string): name is ParticipantName =>
  (PARTICIPANT_NAMES as readonly string[]).includes(name);

/** Environment variables of the participants service, on top of commonEnv. */
export const participantsEnv = {
  PARTICIPANTS: z
    .string()
    .transform((value, ctx) => {
      const names = value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      const unknown = names.filter((name) => !isParticipant(name));
      if (names.length === 0 || unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `a comma-separated list of ${PARTICIPANT_NAMES.join(', ')}`,
        });
        return z.NEVER;
      }
      return names.filter(isParticipant);
    })
    .default([...PARTICIPANT_NAMES]),
  PARTICIPANT_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(50),
  PARTICIPANT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
};
