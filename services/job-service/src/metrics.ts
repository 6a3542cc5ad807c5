import { metricsRegistry } from '@jobtrack/platform';
import { Counter, Gauge } from 'prom-client';
import { SWEPT_STATUSES } from './transitions.ts';

export const jobsCreated = new Counter({
  name: 'jobtrack_jobs_created_total',
  help: 'Jobs created, by job type (idempotent replays not counted).',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});

export const rejectedEvents = new Counter({
  name: 'jobtrack_job_events_rejected_total',
  help: 'Job events not applied, by reason: stale (seq not above the last), illegal_transition, invalid_event, unknown_job.',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const jobsSwept = new Counter({
  name: 'jobtrack_jobs_swept_total',
  help: 'Jobs ended by the sweeper because their orchestrator never acknowledged them, by the status given.',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});
// At 0 from the start, so an alert on increase() sees the first sweep too.
for (const status of SWEPT_STATUSES) jobsSwept.inc({ status }, 0);

export const activeWatches = new Gauge({
  name: 'jobtrack_job_watches',
  help: 'WatchJob streams open on this job service process.',
  registers: [metricsRegistry],
});
