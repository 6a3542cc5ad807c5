import { z } from 'zod';
import {
  IDEMPOTENCY_KEY,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  type IdentityRule,
  JOB_ID,
  JOB_ID_MAX_LENGTH,
  JOB_TYPE,
  JOB_TYPE_MAX_LENGTH,
} from './identity.ts';

/**
 * A rule as a schema whose refusal says the rule, once (the first failed check ends it); the lengths are checked
 * apart from the pattern only so that generated documents show them.
 */
function identitySchema(rule: IdentityRule, maxLength: number) {
  const refusal = { error: rule.rule, abort: true };
  return z.string().min(1, refusal).max(maxLength, refusal).regex(rule.pattern, refusal);
}

/** The identity rules as schemas, for the REST schemas and the WebSocket frames. */
export const jobIdSchema = identitySchema(JOB_ID, JOB_ID_MAX_LENGTH);
export const idempotencyKeySchema = identitySchema(IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MAX_LENGTH);
export const jobTypeSchema = identitySchema(JOB_TYPE, JOB_TYPE_MAX_LENGTH);
