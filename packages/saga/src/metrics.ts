import { metricsRegistry } from '@jobtrack/platform';
import { Counter } from 'prom-client';

export const sagasStarted = new Counter({
  name: 'jobtrack_sagas_started_total',
  help: 'Sagas started, by saga type.',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});

export const sagasFinished = new Counter({
  name: 'jobtrack_sagas_finished_total',
  help: 'Sagas finished, by saga type and terminal status (SUCCEEDED, COMPENSATED, FAILED).',
  labelNames: ['type', 'status'] as const,
  registers: [metricsRegistry],
});

export const sagaCommandsRejected = new Counter({
  name: 'jobtrack_saga_commands_rejected_total',
  help: 'Start commands rejected as invalid (unknown type, bad input) and dead-lettered, by saga type.',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});

export const sagaRepliesIgnored = new Counter({
  name: 'jobtrack_saga_replies_ignored_total',
  help: 'Participant replies ignored, by saga type and reason (unknown_saga, duplicate, finished, wrong_step, invalid_reply).',
  labelNames: ['type', 'reason'] as const,
  registers: [metricsRegistry],
});

export const sagaCancelsUnhonoured = new Counter({
  name: 'jobtrack_saga_cancels_unhonoured_total',
  help: 'Cancel commands received for sagas that run on regardless, by saga type.',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});
