import { metricsRegistry } from '@jobtrack/platform';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { SagaStore } from './store/port.ts';

export const sagasStarted = new Counter({
  name: 'jobtrack_sagas_started_total',
  help: 'Sagas started, by saga type.',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});

export const sagasFinished = new Counter({
  name: 'jobtrack_sagas_finished_total',
  help: 'Sagas finished, by saga type and terminal status (SUCCEEDED, COMPENSATED, CANCELLED, FAILED).',
  labelNames: ['type', 'status'] as const,
  registers: [metricsRegistry],
});

export const sagaStepDuration = new Histogram({
  name: 'jobtrack_saga_step_duration_seconds',
  help: 'Duration of step attempts, from command sent to reply applied, by saga type, step, action and outcome (success, failure, timeout, abandoned).',
  labelNames: ['type', 'step', 'action', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

export const sagaStepRetries = new Counter({
  name: 'jobtrack_saga_step_retries_total',
  help: 'Step attempts scheduled for retry after a failure or timeout, by saga type, step and action.',
  labelNames: ['type', 'step', 'action'] as const,
  registers: [metricsRegistry],
});

export const sagaStepTimeouts = new Counter({
  name: 'jobtrack_saga_step_timeouts_total',
  help: 'Step attempts that got no reply within the step timeout, by saga type, step and action.',
  labelNames: ['type', 'step', 'action'] as const,
  registers: [metricsRegistry],
});

export const sagaCommandsRejected = new Counter({
  name: 'jobtrack_saga_commands_rejected_total',
  help: 'Start commands rejected as invalid (unknown type, bad input) and dead-lettered, by saga type.',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});

export const sagaInputsIgnored = new Counter({
  name: 'jobtrack_saga_inputs_ignored_total',
  help: 'Replies, progress reports, cancels and start commands that did not fit the saga and changed nothing, by saga type, input and reason.',
  labelNames: ['type', 'input', 'reason'] as const,
  registers: [metricsRegistry],
});

export const sagaCancels = new Counter({
  name: 'jobtrack_saga_cancels_total',
  help: 'Cancels applied to sagas, by saga type and outcome (accepted: the saga is undone; refused: past its point of no return).',
  labelNames: ['type', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const sagaLockBusy = new Counter({
  name: 'jobtrack_saga_lock_busy_total',
  help: 'Sagas that found their semantic lock held at start, by saga type and what they did (wait, reject).',
  labelNames: ['type', 'mode'] as const,
  registers: [metricsRegistry],
});

export const sagaCommitConflicts = new Counter({
  name: 'jobtrack_saga_commit_conflicts_total',
  help: 'Transitions recomputed because another writer changed the saga first, by saga type.',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});

const inFlightStores = new Map<string, SagaStore>();

/** Read from the store at scrape time: the sagas of a type in flight across every replica, not per process. */
new Gauge({
  name: 'jobtrack_sagas_in_flight',
  help: 'Sagas started and not yet finished, by saga type, across all orchestrator replicas.',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    await Promise.all(
      [...inFlightStores].map(async ([type, store]) => {
        this.set({ type }, await store.inFlight());
      }),
    );
  },
});

export function reportInFlight(type: string, store: SagaStore): () => void {
  inFlightStores.set(type, store);
  return () => {
    if (inFlightStores.get(type) === store) inFlightStores.delete(type);
  };
}
