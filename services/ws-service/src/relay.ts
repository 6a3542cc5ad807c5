import { TOPICS } from '@jobtrack/contracts';
import type { BusConsumer, Logger, Messaging } from '@jobtrack/platform';
import type { EventBroker } from './broker/port.ts';
import { relayedEvent } from './frames.ts';
import { wsEventsRelayed } from './metrics.ts';

/**
 * Reads every job update from Kafka in a consumer group of this replica's own, and hands the event frame,
 * encoded once, to the broker channel of the job's owner when this replica holds a socket of that user.
 *
 * Every replica reads every update, so a replica's death moves no partitions and stalls no one's events: a
 * client that reconnects elsewhere is served live by a consumer that was already running. The price is that
 * each replica fetches and decodes the whole topic; see docs/realtime.md. A partition's updates are handed on
 * one after another, which keeps each job's events in order.
 */
export function startRelay(options: {
  messaging: Messaging;
  broker: EventBroker;
  /** This replica's own group; deleted when the relay stops. */
  groupId: string;
  /** Whether this replica holds a socket of the user; updates of other users are skipped unrendered. */
  holdsUser(user: string): boolean;
  logger: Logger;
}): Promise<BusConsumer> {
  const { messaging, broker, logger } = options;
  return messaging.consume({
    groupId: options.groupId,
    topic: TOPICS.jobUpdates,
    fromBeginning: false,
    ephemeral: true,
    handle: async (update, meta) => {
      if (!options.holdsUser(update.owner)) return;
      const event = relayedEvent(update, meta.traceId);
      if (event === undefined) {
        logger.warn({ jobId: update.jobId, status: update.status }, 'update without a status, not pushed');
        return;
      }
      await broker.publish(update.owner, event);
      wsEventsRelayed.inc();
    },
  });
}
