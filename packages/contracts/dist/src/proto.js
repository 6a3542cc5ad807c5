import { fileURLToPath } from 'node:url';
/** Root of the .proto files: the one source of truth for gRPC and event payloads. */
export const PROTO_ROOT = fileURLToPath(new URL('../../../proto/', import.meta.url));
export const PROTO_FILES = ['jobtrack/jobs/v1/job_service.proto', 'jobtrack/events/v1/events.proto'];
/**
 * How messages are turned into JavaScript objects, for gRPC (proto-loader) and for Kafka payloads (protobufjs)
 * alike; the generated types in ./generated are made with the same settings, so they describe what both yield.
 */
export const PROTO_OBJECT_OPTIONS = {
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
};
export const protoLoaderOptions = { ...PROTO_OBJECT_OPTIONS, includeDirs: [PROTO_ROOT] };
//# sourceMappingURL=proto.js.map