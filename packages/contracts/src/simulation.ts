import { z } from 'zod';

/**
 * How a simulated participant misbehaves on one step of a job, so a caller (a test, the demo page) can drive a
 * saga down its failure paths. Real participants ignore it; the orchestrators pass it through untouched.
 */
export const stepSimulation = z.strictObject({
  /** The first N attempts of the step fail; a number above the step's retry budget makes it fail for good. */
  failAttempts: z.int().min(1).max(1000).optional(),
  /** The first N attempts get no reply at all, as from a participant that hangs. */
  hangAttempts: z.int().min(1).max(1000).optional(),
  /** Every reply of the step comes this late; beyond the step's timeout it arrives after the orchestrator gave up. */
  delayMs: z.int().min(1).max(600_000).optional(),
  /** Every reply is sent twice, as a participant that retries its own publish would. */
  duplicateReplies: z.boolean().optional(),
  /** The first N attempts to undo the step fail, to show that compensations retry until they succeed. */
  failCompensationAttempts: z.int().min(1).max(1000).optional(),
});
export type StepSimulation = z.infer<typeof stepSimulation>;

/** The `simulate` field of a job type's input: a simulation per step name, each optional. */
export function simulationOf<const Steps extends readonly [string, ...string[]]>(steps: Steps) {
  return z.partialRecord(z.enum(steps), stepSimulation);
}
