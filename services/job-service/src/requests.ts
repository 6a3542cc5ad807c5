import {
  findJobType,
  fromProtoStatus,
  IDEMPOTENCY_KEY,
  JOB_ID,
  JOB_TYPE,
  type JobStatusName,
  type JobTypeDefinition,
} from '@jobtrack/contracts';
import { invalidArgument } from './errors.ts';

/** Checks of the fields of gRPC requests; each failure names the field, as INVALID_ARGUMENT. */

const MAX_OWNER = 256;
const MAX_INPUT_BYTES = 256 * 1024;

export function requiredString(value: string, field: string, maxLength: number): string {
  if (!value) throw invalidArgument(`${field} is required`);
  if (value.length > maxLength) throw invalidArgument(`${field} is longer than ${maxLength} characters`);
  return value;
}

export function jobId(value: string): string {
  if (!value) throw invalidArgument('id is required');
  if (!JOB_ID.pattern.test(value)) throw invalidArgument(`id must be ${JOB_ID.rule}`);
  return value;
}

export const owner = (value: string) => requiredString(value, 'owner', MAX_OWNER);

export function jobType(value: string): JobTypeDefinition {
  if (!value) throw invalidArgument('type is required');
  const found = findJobType(typeFilter(value));
  if (!found) throw invalidArgument(`type: unknown job type "${value}"`);
  return found;
}

export function idempotencyKey(value: string): string {
  if (value && !IDEMPOTENCY_KEY.pattern.test(value)) {
    throw invalidArgument(`idempotency_key must be ${IDEMPOTENCY_KEY.rule}`);
  }
  return value;
}

/** The input validated against its type's schema, re-serialized so equal inputs fingerprint equally. */
export function jobInput(definition: JobTypeDefinition, inputJson: string): string {
  if (Buffer.byteLength(inputJson) > MAX_INPUT_BYTES)
    throw invalidArgument(`input_json exceeds ${MAX_INPUT_BYTES} bytes`);
  let input: unknown;
  try {
    input = JSON.parse(inputJson || '{}');
  } catch {
    throw invalidArgument('input_json is not valid JSON');
  }
  const result = definition.input.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = ['input', ...issue.path.map(String)].join('.');
      return `${path}: ${issue.message}`;
    });
    throw invalidArgument(problems.join('; '));
  }
  return JSON.stringify(result.data);
}

/** An enum number this build does not know arrives as a number, not a name. */
export function statusFilter(value: string | number): JobStatusName | undefined {
  if (!value || value === 'JOB_STATUS_UNSPECIFIED') return undefined;
  const status = fromProtoStatus(String(value));
  if (!status) throw invalidArgument(`status: unknown status ${value}`);
  return status;
}

/** Any type may be filtered on, including one no longer registered whose jobs are still retained. */
export function typeFilter(value: string): string {
  if (value && !JOB_TYPE.pattern.test(value)) throw invalidArgument(`type must be ${JOB_TYPE.rule}`);
  return value;
}

export function sinceSeq(value: string): number {
  const seq = Number(value || 0);
  if (!Number.isSafeInteger(seq) || seq < 0) throw invalidArgument('since_seq is out of range');
  return seq;
}
