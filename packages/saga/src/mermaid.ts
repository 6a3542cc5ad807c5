import { pointOfNoReturn, retryPolicyOf, type SagaDefinition } from './definition.ts';
import { TRANSITIONS } from './machine.ts';

/**
 * Mermaid state diagrams, drawn from the same rules the engine runs, so the committed docs cannot drift from
 * the code (a test compares them). `sagaDiagram` draws one saga definition step by step; `phaseDiagram` draws
 * the generic transition table.
 */

function execState(step: string): string {
  return `do_${step}`;
}

function undoState(step: string): string {
  return `undo_${step}`;
}

export function sagaDiagram(definition: SagaDefinition): string {
  const { steps } = definition;
  const lines = ['stateDiagram-v2'];
  const edge = (from: string, to: string, label: string) => lines.push(`    ${from} --> ${to}: ${label}`);
  const limit = pointOfNoReturn(definition);
  const first = execState((steps[0] as (typeof steps)[number]).name);
  edge('[*]', first, 'start');
  edge('[*]', 'FAILED', 'invalid command (dead-lettered)');
  if (definition.lock?.onBusy === 'wait') {
    edge('[*]', 'WAITING_LOCK', 'lock busy');
    edge('WAITING_LOCK', first, 'lock handed over');
    edge('WAITING_LOCK', 'CANCELLED', 'cancel');
  } else if (definition.lock) {
    edge('[*]', 'FAILED', 'lock busy (BUSY)');
  }
  const undoneBefore = (index: number) =>
    steps
      .slice(0, index)
      .filter((step) => step.kind === 'compensatable')
      .map((step) => step.name)
      .reverse();
  const undoFrom = (names: readonly string[], end: 'COMPENSATED' | 'CANCELLED') =>
    names[0] === undefined ? end : undoState(names[0]);
  steps.forEach((step, index) => {
    const here = execState(step.name);
    const next = steps[index + 1];
    const policy = retryPolicyOf(step);
    edge(here, next ? execState(next.name) : 'SUCCEEDED', 'success');
    if (policy.maxAttempts > 1)
      edge(here, here, `failure or timeout with attempts left, retried after backoff`);
    const before = undoneBefore(index);
    const withThis = step.kind === 'compensatable' ? [step.name, ...before] : before;
    if (step.kind === 'retriable') {
      edge(here, 'FAILED', 'attempts exhausted (RETRIES_EXHAUSTED)');
    } else {
      edge(here, undoFrom(before, 'COMPENSATED'), 'failure');
      if (step.kind === 'pivot') edge(here, 'FAILED', 'timeout, attempts exhausted (PIVOT_OUTCOME_UNKNOWN)');
      else edge(here, undoFrom(withThis, 'COMPENSATED'), 'timeout, attempts exhausted');
    }
    if (index < limit) edge(here, undoFrom(withThis, 'CANCELLED'), 'cancel');
    else edge(here, here, 'cancel refused');
  });
  const compensatable = steps.filter((step) => step.kind === 'compensatable').map((step) => step.name);
  compensatable.forEach((name, index) => {
    const here = undoState(name);
    const previous = compensatable[index - 1];
    edge(here, here, 'failure or timeout, retried after backoff until it succeeds');
    if (previous) edge(here, undoState(previous), 'success');
    else {
      edge(here, 'COMPENSATED', 'success, undoing a failure');
      edge(here, 'CANCELLED', 'success, undoing a cancel');
    }
  });
  for (const step of steps) lines.push(`    state "${step.name} (${step.kind})" as ${execState(step.name)}`);
  for (const name of compensatable) lines.push(`    state "undo ${name}" as ${undoState(name)}`);
  for (const end of ['SUCCEEDED', 'COMPENSATED', 'CANCELLED', 'FAILED']) lines.push(`    ${end} --> [*]`);
  return `${lines.join('\n')}\n`;
}

export function phaseDiagram(): string {
  const lines = [
    'stateDiagram-v2',
    '    [*] --> EXECUTING: start',
    '    [*] --> WAITING_LOCK: start, lock busy',
  ];
  lines.push('    [*] --> FAILED: start, lock busy and the saga rejects');
  for (const [phase, inputs] of Object.entries(TRANSITIONS)) {
    for (const [input, entry] of Object.entries(inputs)) {
      for (const to of entry?.to ?? []) lines.push(`    ${phase} --> ${to}: ${input}`);
    }
  }
  for (const end of ['SUCCEEDED', 'COMPENSATED', 'CANCELLED', 'FAILED']) lines.push(`    ${end} --> [*]`);
  return `${lines.join('\n')}\n`;
}

/** The committed document of a saga's diagram (docs/sagas/<type>.md), written by `npm run diagrams`. */
export function sagaDocument(definition: SagaDefinition): string {
  const rows = definition.steps.map((step) => {
    const policy = retryPolicyOf(step);
    const by = 'participant' in step.invoke ? `\`${step.invoke.participant.name}\`` : 'the orchestrator';
    return `| \`${step.name}\` | ${step.kind} | ${by} | ${policy.maxAttempts} | ${(policy.nonRetryable ?? []).join(', ') || '–'} |`;
  });
  const lock = definition.lock
    ? `Semantic lock: one saga per record at a time; a second one ${definition.lock.onBusy === 'wait' ? 'waits its turn' : 'is rejected as BUSY'}.`
    : 'No semantic lock.';
  return [
    `# ${definition.type}`,
    '',
    'Generated from the saga definition by `npm run diagrams`; a test fails when it is stale.',
    '',
    '| Step | Kind | Run by | Attempts | Not retried |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    lock,
    '',
    '```mermaid',
    sagaDiagram(definition).trimEnd(),
    '```',
    '',
  ].join('\n');
}

/** The committed document of the generic transition table (docs/sagas/phases.md). */
export function phaseDocument(): string {
  return [
    '# Saga phases',
    '',
    'The transition table `TRANSITIONS` of `packages/saga/src/machine.ts`: for each phase, the phases each input',
    'may lead to. Generated by `npm run diagrams`; a test fails when it is stale.',
    '',
    '```mermaid',
    phaseDiagram().trimEnd(),
    '```',
    '',
  ].join('\n');
}
