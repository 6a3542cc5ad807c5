import type { Options } from '@grpc/proto-loader';
/** Root of the .proto files: the one source of truth for gRPC and event payloads. */
export declare const PROTO_ROOT: string;
export declare const PROTO_FILES: readonly ["jobtrack/jobs/v1/job_service.proto", "jobtrack/events/v1/events.proto"];
/**
 * How messages are turned into JavaScript objects, for gRPC (proto-loader) and for Kafka payloads (protobufjs)
 * alike; the generated types in ./generated are made with the same settings, so they describe what both yield.
 */
export declare const PROTO_OBJECT_OPTIONS: {
    readonly keepCase: false;
    readonly longs: StringConstructor;
    readonly enums: StringConstructor;
    readonly defaults: true;
    readonly oneofs: true;
};
export declare const protoLoaderOptions: Options;
