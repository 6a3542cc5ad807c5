/**
 * Kafka message headers: a CloudEvents binary-mode envelope (ce_*) plus W3C trace context.
 * Consumers deduplicate on ce_id.
 */
export declare const HEADERS: {
    readonly id: "ce_id";
    readonly type: "ce_type";
    readonly source: "ce_source";
    readonly time: "ce_time";
    readonly specVersion: "ce_specversion";
    readonly contentType: "content-type";
    readonly traceparent: "traceparent";
    readonly tracestate: "tracestate";
    readonly deadLetterReason: "dlq_reason";
    readonly deadLetterTopic: "dlq_original_topic";
    readonly deadLetterGroup: "dlq_consumer_group";
};
export declare const PROTOBUF_CONTENT_TYPE = "application/protobuf";
export declare const CLOUDEVENTS_SPEC_VERSION = "1.0";
/** HTTP headers the gateway reads or sets. */
export declare const HTTP_HEADERS: {
    readonly requestId: "x-request-id";
    readonly idempotencyKey: "idempotency-key";
};
