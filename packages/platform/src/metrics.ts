import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per process. In the embedded runner every service shares it, so the metric objects are
 * module singletons rather than per-service instances.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequests = new Counter({
  name: 'jobtrack_http_requests_total',
  help: 'HTTP requests served, by method, route template and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'jobtrack_http_request_duration_seconds',
  help: 'HTTP request latency, by method and route template.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

export const grpcRequests = new Counter({
  name: 'jobtrack_grpc_requests_total',
  help: 'gRPC calls served, by method and status code.',
  labelNames: ['method', 'code'] as const,
  registers: [metricsRegistry],
});

export const grpcRequestDuration = new Histogram({
  name: 'jobtrack_grpc_request_duration_seconds',
  help: 'Latency of unary gRPC calls served, by method; streams are counted, not timed.',
  labelNames: ['method'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [metricsRegistry],
});

export const messagesProduced = new Counter({
  name: 'jobtrack_messages_produced_total',
  help: 'Messages published to the bus, by topic.',
  labelNames: ['topic'] as const,
  registers: [metricsRegistry],
});

/** What became of a consumed message: handled, handed again to its handler after a failure, or dead-lettered. */
export const CONSUME_OUTCOMES = ['processed', 'retried', 'dead_lettered'] as const;

export const messagesConsumed = new Counter({
  name: 'jobtrack_messages_consumed_total',
  help: 'Messages taken from the bus, by topic, consumer group and outcome (processed, retried, dead_lettered).',
  labelNames: ['topic', 'group', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const kafkaConsumerLag = new Gauge({
  name: 'jobtrack_kafka_consumer_lag',
  help:
    'Messages between a consumer group and the end of a partition it reads, as of its last batch there, by group ' +
    '(as Kafka names it, topic prefix included), topic and partition.',
  labelNames: ['group', 'topic', 'partition'] as const,
  registers: [metricsRegistry],
});

export const errorsTotal = new Counter({
  name: 'jobtrack_errors_total',
  help: 'Errors by component and kind; a rising rate is worth a look.',
  labelNames: ['component', 'kind'] as const,
  registers: [metricsRegistry],
});
