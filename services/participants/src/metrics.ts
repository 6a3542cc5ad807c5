import { metricsRegistry } from '@jobtrack/platform';
import { Counter } from 'prom-client';

export const participantCommands = new Counter({
  name: 'jobtrack_participant_commands_total',
  help: 'Commands handled by simulated participants, by participant, action and outcome (success, failure, duplicate).',
  labelNames: ['participant', 'action', 'outcome'] as const,
  registers: [metricsRegistry],
});
