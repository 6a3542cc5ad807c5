/**
 * Kafka message headers: a CloudEvents binary-mode envelope (ce_*) plus W3C trace context.
 * Consumers deduplicate on ce_id.
 */
export const HEADERS = {
    id: 'ce_id',
    type: 'ce_type',
    source: 'ce_source',
    time: 'ce_time',
    specVersion: 'ce_specversion',
    contentType: 'content-type',
    traceparent: 'traceparent',
    tracestate: 'tracestate',
    deadLetterReason: 'dlq_reason',
    deadLetterTopic: 'dlq_original_topic',
    deadLetterGroup: 'dlq_consumer_group',
};
export const PROTOBUF_CONTENT_TYPE = 'application/protobuf';
export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** HTTP headers the gateway reads or sets. */
export const HTTP_HEADERS = {
    requestId: 'x-request-id',
    idempotencyKey: 'idempotency-key',
};
//# sourceMappingURL=headers.js.map