import { findJobType } from '@jobtrack/contracts';
import type { SagaDefinition } from './definition.ts';

export type ParsedStart = { ok: true; input: unknown; payloadJson: string } | { ok: false; message: string };

/** Validates a start command against the job type's input schema; the payload is the input as validated. */
export function parseStartCommand(
  definition: Pick<SagaDefinition, 'type'>,
  type: string,
  inputJson: string,
): ParsedStart {
  const jobType = findJobType(type);
  if (!jobType) return { ok: false, message: `unknown job type "${type}"` };
  if (jobType.type !== definition.type) {
    return { ok: false, message: `job type "${type}" is not run by the ${definition.type} saga` };
  }
  let input: unknown;
  try {
    input = JSON.parse(inputJson);
  } catch {
    return { ok: false, message: 'input_json is not valid JSON' };
  }
  const result = jobType.input.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    return { ok: false, message: `invalid input: ${problems.join('; ')}` };
  }
  return { ok: true, input: result.data, payloadJson: JSON.stringify(result.data) };
}
