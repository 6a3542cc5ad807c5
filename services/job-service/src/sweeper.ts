import type { Logger, Running } from '@jobtrack/platform';
import type { Jobs } from './jobs.ts';

/**
 * Periodically ends jobs their orchestrator never acknowledged (the command was lost between Redis and Kafka,
 * or the orchestrator is down). Runs are never concurrent within a process; across replicas the job store's
 * compare-and-set keeps each job ended once.
 */
export function startSweeper(deps: { jobs: Jobs; intervalMs: number; logger: Logger }): Running {
  let running: Promise<void> | undefined;
  const sweep = async () => {
    try {
      const ended = await deps.jobs.sweepUnacknowledged();
      for (const job of ended) {
        deps.logger.warn(
          { jobId: job.id, status: job.status },
          'ended a job its orchestrator never acknowledged',
        );
      }
    } catch (error) {
      deps.logger.warn({ err: error }, 'sweep of unacknowledged jobs failed; retrying next interval');
    }
  };
  const timer = setInterval(() => {
    running ??= sweep().finally(() => {
      running = undefined;
    });
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
