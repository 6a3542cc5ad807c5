import { DEAD_LETTER_TOPIC, type JobStatusName, TOPICS } from '@jobtrack/contracts';
import { type MetricSample, scrape, total } from './prometheus.ts';
import type { SagaServices } from './services.ts';
import { percentiles } from './stats.ts';

const PARTICIPANTS = [
  { name: 'inventory', topic: TOPICS.inventoryCommands },
  { name: 'payment', topic: TOPICS.paymentCommands },
  { name: 'shipping', topic: TOPICS.shippingCommands },
] as const;

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const flag = (value: number) => (value ? `**${int(value)}**` : '0');

function participantLine(samples: readonly MetricSample[], submitted: number): { ok: boolean; line: string } {
  const count = (labels: Record<string, string>) =>
    total(samples, 'jobtrack_participant_commands_total', labels);
  let ok = true;
  const parts = PARTICIPANTS.map(({ name: participant }) => {
    const executed = count({ participant, action: 'STEP_ACTION_EXECUTE', outcome: 'success' });
    const failed = count({ participant, action: 'STEP_ACTION_EXECUTE', outcome: 'failure' });
    const compensated = count({ participant, action: 'STEP_ACTION_COMPENSATE' });
    const repeats = ['duplicate', 'replayed', 'hung'].map((outcome) => count({ participant, outcome }));
    if (executed !== submitted || failed || compensated) ok = false;
    return `${participant} applied ${int(executed)} executions, ${flag(failed)} failed, ${flag(compensated)} compensations, ${repeats.map(flag).join('/')} duplicate/replayed/hung`;
  });
  const verdict = ok ? 'each command applied once' : '**not each command applied exactly once**';
  return { ok, line: `Participants (${verdict}, expected ${int(submitted)} each): ${parts.join('; ')}.` };
}

function orchestratorLine(
  samples: readonly MetricSample[],
  submitted: number,
): { ok: boolean; line: string } {
  const count = (name: string, labels: Record<string, string> = {}) =>
    total(samples, `jobtrack_${name}`, labels);
  const started = count('sagas_started_total');
  const succeeded = count('sagas_finished_total', { status: 'SUCCEEDED' });
  const ignored = samples
    .filter((sample) => sample.name === 'jobtrack_saga_inputs_ignored_total' && sample.value > 0)
    .map((sample) => `${int(sample.value)} ${sample.labels.input}/${sample.labels.reason}`);
  const ok = started === submitted && succeeded === submitted;
  return {
    ok,
    line: `Orchestrator counters: ${int(started)} sagas started, ${int(succeeded)} finished SUCCEEDED${ok ? '' : ` — **expected ${int(submitted)}**`}; step retries ${flag(count('saga_step_retries_total'))}, step timeouts ${flag(count('saga_step_timeouts_total'))}, commit conflicts ${flag(count('saga_commit_conflicts_total'))}, lock waits ${flag(count('saga_lock_busy_total'))}, rejected commands ${flag(count('saga_commands_rejected_total'))}, inputs ignored ${ignored.length ? `**${ignored.join(', ')}**` : '0'}.`,
  };
}

/**
 * What the run must have done to count: every saga succeeded, each participant applied each command once, the
 * orchestrator's counters agree, and nothing was dead-lettered. Also says how many messages a saga cost.
 */
export async function checkRun(options: {
  services: SagaServices;
  submitted: number;
  finished: ReadonlyMap<JobStatusName, number>;
  stepsOneAtATime: ReadonlyMap<string, readonly number[]>;
  countMessages(topic: { name: string }): Promise<number>;
}): Promise<{ ok: boolean; lines: string[] }> {
  const { submitted } = options;
  const succeeded = options.finished.get('SUCCEEDED') ?? 0;
  const others = [...options.finished].filter(([status]) => status !== 'SUCCEEDED');
  const sagasOk = succeeded === submitted;
  const [participants, orchestrator] = await Promise.all([
    scrape(options.services.participantsMetricsUrl).then((samples) => participantLine(samples, submitted)),
    scrape(options.services.orchestratorMetricsUrl).then((samples) => orchestratorLine(samples, submitted)),
  ]);
  const [events, replies, deadLetters, ...commands] = await Promise.all([
    options.countMessages(TOPICS.jobEvents),
    options.countMessages(TOPICS.orderReplies),
    options.countMessages(DEAD_LETTER_TOPIC),
    ...PARTICIPANTS.map(({ topic }) => options.countMessages(topic)),
  ]);
  const perSaga = (messages: number) => (messages / submitted).toFixed(2);
  const commandTotal = commands.reduce((sum, value) => sum + value, 0);
  const steps = [...options.stepsOneAtATime].map(
    ([step, values]) => `${step} ${percentiles(values).p50.toFixed(2)} ms`,
  );
  return {
    ok: sagasOk && participants.ok && orchestrator.ok && deadLetters === 0,
    lines: [
      sagasOk
        ? `All ${int(submitted)} sagas of the run (warm-up included) ended SUCCEEDED.`
        : `**${int(submitted - succeeded)} of ${int(submitted)} sagas did not end SUCCEEDED**: ${others.map(([status, n]) => `${int(n)} ${status}`).join(', ') || 'no terminal event'}.`,
      participants.line,
      orchestrator.line,
      `Kafka, per saga: ${perSaga(commandTotal)} participant commands, ${perSaga(replies)} replies, ${perSaga(events)} job events, plus its start command; ${flag(deadLetters)} messages dead-lettered.`,
      `Step p50 by step, one saga at a time: ${steps.join(', ')}.`,
    ],
  };
}
