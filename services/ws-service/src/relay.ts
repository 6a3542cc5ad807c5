import { TOPICS } from '@jobtrack/contracts';
import type { BusConsumer, Logger, Messaging } from '@jobtrack/platform';
import type { Broker } from './broker/port.ts';
import { eventText } from './frames.ts';
import { wsEventsRelayed } from './metrics.ts';

/** Kafka's lowest allowed session timeout is 6 s by default; this leaves room for a slow heartbeat. */
const RELAY_SESSION_TIMEOUT_MS = 10_000;

/**
 * Reads job updates from Kafka in one consumer group shared by all replicas, so each update is read once, and
 * publishes its event frame, serialized once, to the broker channel of the job's owner. A partition's updates
 * are published one after another, which keeps each job's events in order on the broker.
 */
export function startRelay(options: {
  messaging: Messaging;
  broker: Broker;
  groupId: string;
  logger: Logger;
}): Promise<BusConsumer> {
  const { messaging, broker, logger } = options;
  return messaging.consume({
    groupId: options.groupId,
    topic: TOPICS.jobUpdates,
    fromBeginning: false,
    // A replica holds no state a rebalance could lose, so a killed one gives up its partitions sooner than
    // the default 30 s: live events for its partitions wait that long in Kafka.
    sessionTimeoutMs: RELAY_SESSION_TIMEOUT_MS,
    handle: async (update, meta) => {
      const text = eventText(update, meta.traceId);
      if (text === undefined) {
        logger.warn({ jobId: update.jobId, status: update.status }, 'update without a status, not pushed');
        return;
      }
      await broker.publish(update.owner, text);
      wsEventsRelayed.inc();
    },
  });
}
