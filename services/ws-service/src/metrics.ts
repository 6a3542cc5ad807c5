import { metricsRegistry } from '@jobtrack/platform';
import { Counter, Gauge, Histogram } from 'prom-client';

// Module singletons: the embedded runner and tests start several services in one process, on one registry.

export const wsConnections = new Gauge({
  name: 'jobtrack_ws_connections',
  help: 'Open WebSocket connections.',
  registers: [metricsRegistry],
});

/**
 * Event frames go out once per subscribed socket, the hottest path of the service: they are counted in a plain
 * number and added to the counter when it is scraped, instead of a labelled increment per frame.
 */
let eventsSentSinceScrape = 0;
export function countEventSent(): void {
  eventsSentSinceScrape += 1;
}

export const wsMessagesSent = new Counter({
  name: 'jobtrack_ws_messages_sent_total',
  help: 'Frames sent to WebSocket clients, by frame type (event, subscribed, unsubscribed, error, ...).',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
  collect() {
    this.inc({ type: 'event' }, eventsSentSinceScrape);
    eventsSentSinceScrape = 0;
  },
});

export const wsFramesRejected = new Counter({
  name: 'jobtrack_ws_frames_rejected_total',
  help: 'Client frames answered with an error frame, by reason (the error code).',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const wsAuthFailures = new Counter({
  name: 'jobtrack_ws_auth_failures_total',
  help: 'Refused WebSocket upgrades, by reason (missing, malformed, expired, invalid, origin, unavailable).',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const wsDisconnects = new Counter({
  name: 'jobtrack_ws_disconnects_total',
  help: 'Connections the server ended, by reason (slow_consumer, token_expired, ping_timeout, policy_violation, auth_failed, shutdown).',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const wsReplays = new Counter({
  name: 'jobtrack_ws_replays_total',
  help: 'Resumes and gap fills served from the job history, by outcome (recovered, not_recovered).',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const wsEventsRelayed = new Counter({
  name: 'jobtrack_ws_events_relayed_total',
  help: 'Job updates read from Kafka and published to the broker for the replicas holding their user.',
  registers: [metricsRegistry],
});

export const wsEventDelay = new Histogram({
  name: 'jobtrack_ws_event_delay_seconds',
  help: 'From a job update being committed by the job service to its arrival at this replica for delivery.',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});
