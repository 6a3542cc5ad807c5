import { metricsRegistry } from '@jobtrack/platform';
import { Counter } from 'prom-client';

/** The outcomes a handled command is counted under. */
export type CommandOutcome = 'success' | 'failure' | 'duplicate' | 'replayed' | 'hung';

export const participantCommands = new Counter({
  name: 'jobtrack_participant_commands_total',
  help:
    'Commands handled by simulated participants, by participant, action and outcome: success, failure, ' +
    'duplicate (a redelivered message id), replayed (an earlier success of the same saga step), hung (no reply).',
  labelNames: ['participant', 'action', 'outcome'] as const,
  registers: [metricsRegistry],
});
