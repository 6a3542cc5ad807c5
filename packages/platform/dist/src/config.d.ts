import { z } from 'zod';
/** A configuration value that failed validation at start-up; the message names every bad variable. */
export declare class ConfigError extends Error {
    name: string;
}
/** Environment variables shared by services; each service adds its own to these. Declared once, here. */
export declare const commonEnv: {
    LOG_LEVEL: z.ZodDefault<z.ZodEnum<{
        error: "error";
        fatal: "fatal";
        warn: "warn";
        info: "info";
        debug: "debug";
        trace: "trace";
        silent: "silent";
    }>>;
    KAFKA_BROKERS: z.ZodOptional<z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<string[], string>>, z.ZodArray<z.ZodString>>>;
    KAFKA_CLIENT_ID: z.ZodOptional<z.ZodString>;
    KAFKA_TOPIC_PREFIX: z.ZodDefault<z.ZodString>;
    REDIS_URL: z.ZodOptional<z.ZodURL>;
    REDIS_KEY_PREFIX: z.ZodDefault<z.ZodString>;
    SHUTDOWN_TIMEOUT_MS: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
};
export declare const authEnv: {
    AUTH_JWKS_URL: z.ZodOptional<z.ZodURL>;
    AUTH_ISSUER: z.ZodDefault<z.ZodString>;
    AUTH_AUDIENCE: z.ZodDefault<z.ZodString>;
    DEV_AUTH: z.ZodDefault<z.ZodPipe<z.ZodEnum<{
        0: "0";
        1: "1";
        true: "true";
        false: "false";
        yes: "yes";
        no: "no";
    }>, z.ZodTransform<boolean, "0" | "1" | "true" | "false" | "yes" | "no">>>;
};
export declare const env: {
    booleanFlag: z.ZodPipe<z.ZodEnum<{
        0: "0";
        1: "1";
        true: "true";
        false: "false";
        yes: "yes";
        no: "no";
    }>, z.ZodTransform<boolean, "0" | "1" | "true" | "false" | "yes" | "no">>;
    port: z.ZodCoercedNumber<unknown>;
};
/** Parses the environment against a schema, reporting every invalid variable at once. */
export declare function loadConfig<Shape extends z.ZodRawShape>(shape: Shape, source?: NodeJS.ProcessEnv): z.infer<z.ZodObject<Shape>>;
