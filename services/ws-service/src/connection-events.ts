import { TOPICS, timestampFromMillis } from '@jobtrack/contracts';
import type { Logger, Messaging } from '@jobtrack/platform';

export interface ConnectionEventInput {
  connectionId: string;
  user: string;
  kind: 'CONNECTED' | 'DISCONNECTED';
  reason?: string;
  closeCode?: number;
}

/**
 * Publishes connected and disconnected events to Kafka, keyed by user. Fire and forget: a socket never waits
 * for them, and one that cannot be published is logged and counted rather than failing the connection.
 */
export function connectionEventPublisher(messaging: Messaging, instance: string, logger: Logger) {
  return (event: ConnectionEventInput): void => {
    messaging
      .publish(TOPICS.wsConnections, event.user, {
        connectionId: event.connectionId,
        user: event.user,
        instance,
        kind: `CONNECTION_EVENT_KIND_${event.kind}`,
        reason: event.reason ?? '',
        closeCode: event.closeCode ?? 0,
        occurTime: timestampFromMillis(Date.now()),
      })
      .catch((error: unknown) => {
        logger.warn({ err: error, connectionId: event.connectionId }, 'connection event not published');
      });
  };
}
