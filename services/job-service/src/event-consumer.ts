import { TOPICS } from '@jobtrack/contracts';
import { type BusConsumer, type Logger, type Messaging, PoisonMessageError } from '@jobtrack/platform';
import type { Jobs } from './jobs.ts';

/**
 * Applies orchestrators' job events and publishes the resulting job updates. An event repeated after the
 * update was stored but before it was published (a crash or a failed publish in between) republishes the
 * current state, so the update is never lost; consumers drop the repeat by seq.
 */
export function consumeJobEvents(deps: {
  jobs: Jobs;
  messaging: Messaging;
  logger: Logger;
}): Promise<BusConsumer> {
  const { jobs, messaging, logger } = deps;
  return messaging.consume({
    groupId: 'job-service',
    topic: TOPICS.jobEvents,
    async handle(event, meta) {
      const outcome = await jobs.applyEvent(event);
      if (!outcome.applied && outcome.reason === 'invalid_event')
        throw new PoisonMessageError(outcome.detail);
      const repeatOfLast =
        !outcome.applied && outcome.reason === 'stale' && outcome.job?.eventSeq === Number(event.seq);
      const job = outcome.applied || repeatOfLast ? outcome.job : undefined;
      if (!job) {
        logger.warn({ jobId: event.jobId, outcome, messageId: meta.id }, 'job event not applied');
        return;
      }
      await jobs.publishUpdate(job);
    },
  });
}
