/**
 * The rules for the identifiers a client sends back to the platform, stated once: the gateway's REST schemas, the
 * job service's gRPC checks, the WebSocket protocol and the client SDK all refuse a bad one with the same words.
 * Dependency-free, so browser bundles can take it.
 */
export interface IdentityRule {
  readonly pattern: RegExp;
  /** What a valid value looks like, as every refusal says it. */
  readonly rule: string;
}

/** A job id: the platform issues UUIDs, and accepts back only what could be one of its ids. */
export const JOB_ID_MAX_LENGTH = 128;
export const JOB_ID: IdentityRule = {
  pattern: /^[A-Za-z0-9_-]{1,128}$/,
  rule: `1 to ${JOB_ID_MAX_LENGTH} letters, digits, "_" and "-"`,
};

/** A job type's name, such as "order.place"; a filter may name a type since unregistered, so only its form is checked. */
export const JOB_TYPE_MAX_LENGTH = 100;
export const JOB_TYPE: IdentityRule = {
  pattern: /^[A-Za-z0-9._-]{1,100}$/,
  rule: `1 to ${JOB_TYPE_MAX_LENGTH} letters, digits, ".", "_" and "-"`,
};

/**
 * An Idempotency-Key, taken verbatim, so the quoted structured-field form of draft-ietf-httpapi-idempotency-key-header
 * and the bare form (Stripe's) are both stable keys.
 */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
export const IDEMPOTENCY_KEY: IdentityRule = {
  pattern: /^[\x21-\x7E]{1,255}$/,
  rule: `1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, no spaces`,
};
