import { type ParticipantCommand, type StepSimulation, stepSimulation } from '@jobtrack/contracts';
import { z } from 'zod';
import type { ParticipantDefinition } from './catalog.ts';

/** What applying a command does, before the idempotency records have their say. */
export type Decision =
  | { readonly kind: 'hang' }
  | { readonly kind: 'fail'; readonly errorCode: string; readonly reason: string }
  | { readonly kind: 'succeed'; readonly resultJson: string; readonly stages: readonly string[] };

export interface Plan {
  /** How late every reply to the command goes out (its application too). */
  readonly delayMs: number;
  /** Whether every reply goes out twice, under the same message id. */
  readonly duplicateReplies: boolean;
  readonly decision: Decision;
}

export const INVALID_PAYLOAD = 'INVALID_PAYLOAD';
export const COMPENSATION_FAILED = 'COMPENSATION_FAILED';

// Only `simulate` is looked at here: the orchestrator validated the whole input before sending it.
const simulated = z.looseObject({ simulate: z.record(z.string(), z.unknown()).optional() });

function readPayload(
  json: string,
  step: string,
): { input: unknown; simulation: StepSimulation } | { invalid: string } {
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch {
    return { invalid: 'the payload is not JSON' };
  }
  const payload = simulated.safeParse(input);
  if (!payload.success) return { invalid: z.prettifyError(payload.error) };
  const simulation = stepSimulation.safeParse(payload.data.simulate?.[step] ?? {});
  if (!simulation.success) return { invalid: `simulate.${step}: ${z.prettifyError(simulation.error)}` };
  return { input, simulation: simulation.data };
}

const fail = (errorCode: string, reason: string): Decision => ({ kind: 'fail', errorCode, reason });

/**
 * Decides how a participant answers a command, from the simulation the job input asks for and the random
 * failure rate. Attempts count from 1; simulated failures and hangs go by the attempt number the orchestrator
 * sends, not by a count kept here, so they hold across a restart of the participant.
 */
export function plan(
  definition: ParticipantDefinition,
  command: ParticipantCommand,
  failureRate: number,
): Plan {
  const attempt = Math.max(command.attempt, 1);
  const payload = readPayload(command.payloadJson, definition.step);
  if ('invalid' in payload) {
    // An execution of this payload was refused as well, so a compensation of it has nothing to undo.
    const decision: Decision =
      command.action === 'STEP_ACTION_COMPENSATE'
        ? { kind: 'succeed', resultJson: '', stages: [] }
        : fail(INVALID_PAYLOAD, payload.invalid);
    return { delayMs: 0, duplicateReplies: false, decision };
  }
  const { simulation } = payload;
  const planned = (decision: Decision): Plan => ({
    delayMs: simulation.delayMs ?? 0,
    duplicateReplies: simulation.duplicateReplies ?? false,
    decision,
  });
  // A compensation succeeds even for a step that never ran: an attempt that timed out may or may not have.
  if (command.action === 'STEP_ACTION_COMPENSATE') {
    return planned(
      attempt <= (simulation.failCompensationAttempts ?? 0)
        ? fail(COMPENSATION_FAILED, `could not ${definition.undo}`)
        : { kind: 'succeed', resultJson: '', stages: [] },
    );
  }
  const work = definition.work(command.jobId, payload.input);
  if ('invalid' in work) return planned(fail(INVALID_PAYLOAD, work.invalid));
  if (attempt <= (simulation.hangAttempts ?? 0)) return planned({ kind: 'hang' });
  if (attempt <= (simulation.failAttempts ?? 0) || Math.random() < failureRate) {
    return planned(fail(definition.failure.code, definition.failure.reason));
  }
  return planned({ kind: 'succeed', resultJson: JSON.stringify(work.result), stages: work.stages ?? [] });
}
