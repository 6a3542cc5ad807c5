import { metricsRegistry } from '@jobtrack/platform';
import { Counter, Gauge } from 'prom-client';

// Module singletons: the embedded runner and tests start several services in one process, on one registry.

export const wsConnections = new Gauge({
  name: 'jobtrack_ws_connections',
  help: 'Open WebSocket connections.',
  registers: [metricsRegistry],
});

export const wsMessagesSent = new Counter({
  name: 'jobtrack_ws_messages_sent_total',
  help: 'Frames sent to WebSocket clients, by frame type (event, subscribed, unsubscribed, error).',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
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
  help: 'Connections the server ended, by reason (slow_consumer, token_expired, ping_timeout, shutdown).',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});
