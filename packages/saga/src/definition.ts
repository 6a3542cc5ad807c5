import type { TopicDefinition } from '@jobtrack/contracts';

export interface SagaStepDefinition {
  /** Unique within the saga; it appears in message ids, job progress and participant replies. */
  readonly name: string;
  /** The topic of the participant that runs this step. */
  readonly participant: TopicDefinition<'jobtrack.events.v1.ParticipantCommand'>;
  /** Whether the step has a compensating transaction; a step without one is skipped when undoing. */
  readonly compensate: boolean;
}

export interface SagaDefinition {
  /** The job type the saga runs, as in contracts' JOB_TYPES. */
  readonly type: string;
  readonly steps: readonly SagaStepDefinition[];
}

const STEP_NAME = /^[a-z][a-z0-9_]*$/;

/** Checks a saga definition once, at module load, so a mistake fails start-up rather than a running saga. */
export function defineSaga<const D extends SagaDefinition>(definition: D): D {
  if (definition.steps.length === 0) throw new Error(`saga ${definition.type} has no steps`);
  const names = new Set<string>();
  for (const step of definition.steps) {
    if (!STEP_NAME.test(step.name)) throw new Error(`saga ${definition.type}: bad step name "${step.name}"`);
    if (names.has(step.name)) throw new Error(`saga ${definition.type}: step "${step.name}" appears twice`);
    names.add(step.name);
  }
  return definition;
}
