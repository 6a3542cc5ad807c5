import type { CpuShares } from '../lib/cpu-usage.ts';
import type { Percentiles } from '../sagas/stats.ts';
import type { JobScenarioResult, ProgressScenarioResult } from './scenarios.ts';

/** One stack's run: its scenarios and the checks made on every frame its sockets received. */
export interface StackRun {
  stack: string;
  jobs: JobScenarioResult[];
  progress: ProgressScenarioResult;
  /** Jobs a user's socket received without having submitted them. */
  foreign: number;
  /** Frames out of seq order, and seq gaps; undefined for a stack whose frames carry no seq. */
  outOfOrder?: number;
  gaps?: number;
}

export interface Target {
  label: string;
  measured: string;
  met: boolean;
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const ratio = (value: number, baseline: number) =>
  baseline > 0 ? `${(value / baseline).toFixed(2)}×` : 'n/a';
const latencyCells = (p: Percentiles) => `${ms(p.p50)} | ${ms(p.p99)} | ${ms(p.max)}`;

function cpuCell(cpu: CpuShares | undefined): string {
  if (!cpu) return 'n/a';
  const processes = Object.entries(cpu.processes)
    .sort(([, a], [, b]) => b - a)
    .map(([name, cores]) => `${name} ${cores.toFixed(2)}`);
  return `${processes.join(', ')}; machine ${cpu.machine.toFixed(2)}`;
}

/** Every job scenario of both stacks, each jobtrack row beside its ratio to the baseline's row. */
export function jobsTable(runs: readonly StackRun[], baselineName: string): string {
  const baseline = runs.find((run) => run.stack === baselineName);
  const lines = [
    '| Stack | Scenario | Offered | Accepted | Completed | Lost | Wrong outcome | p50 ms | p99 ms | max ms | Completed/s | Completed/s ÷ baseline | p99 ÷ baseline |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of runs) {
    for (const row of run.jobs) {
      const base = baseline?.jobs.find((other) => other.scenario === row.scenario);
      const compared = run.stack !== baselineName && base;
      lines.push(
        `| ${run.stack} | ${row.load} | ${int(row.offered)} | ${int(row.accepted)} | ${int(row.completed)} | ${int(row.lost)} | ${int(row.wrongOutcome)} | ${latencyCells(row.latency)} | ${row.completedPerS.toFixed(1)} | ${compared ? ratio(row.completedPerS, base.completedPerS) : '1'} | ${compared ? ratio(row.latency.p99, base.latency.p99) : '1'} |`,
      );
    }
  }
  return lines.join('\n');
}

export function progressTable(runs: readonly StackRun[]): string {
  return [
    '| Stack | Load | Sent | Received | Lost | p50 ms | p99 ms | max ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      ({ stack, progress: row }) =>
        `| ${stack} | ${row.load} | ${int(row.sent)} | ${int(row.received)} | ${int(row.lost)} | ${latencyCells(row.latency)} |`,
    ),
  ].join('\n');
}

/** CPU cores each process used during each scenario (1.0 = one core busy throughout). */
export function cpuTable(runs: readonly StackRun[]): string {
  const lines = ['| Stack | Scenario | CPU cores by process | ', '| --- | --- | --- |'];
  for (const run of runs) {
    for (const row of [...run.jobs, run.progress])
      lines.push(`| ${run.stack} | ${row.load} | ${cpuCell(row.cpu)} |`);
  }
  return lines.join('\n');
}

export function targetsOf(runs: readonly StackRun[], baselineName: string, rate: number): Target[] {
  const jobtrack = runs.find((run) => run.stack !== baselineName);
  const baseline = runs.find((run) => run.stack === baselineName);
  if (!jobtrack || !baseline) return [];
  const scenario = (run: StackRun, name: string) => run.jobs.find((row) => row.scenario === name);
  const targets: Target[] = [];
  const open = scenario(jobtrack, `open-${rate}`);
  const openBase = scenario(baseline, `open-${rate}`);
  if (open && openBase) {
    targets.push({
      label: `${rate} jobs/s open loop: 0 lost, p99 ≤ baseline's and < 250 ms`,
      measured: `${int(open.lost)} lost, p99 ${ms(open.latency.p99)} ms (baseline ${ms(openBase.latency.p99)} ms)`,
      met: open.lost === 0 && open.latency.p99 <= openBase.latency.p99 && open.latency.p99 < 250,
    });
  }
  const closed = jobtrack.jobs.find((row) => row.scenario.startsWith('closed-'));
  const closedBase = closed && scenario(baseline, closed.scenario);
  if (closed && closedBase) {
    targets.push({
      label: 'Closed-loop maximum ≥ 1.5 × baseline, 0 lost',
      measured: `${closed.completedPerS.toFixed(1)}/s = ${ratio(closed.completedPerS, closedBase.completedPerS)} baseline, ${int(closed.lost)} lost`,
      met: closed.completedPerS >= 1.5 * closedBase.completedPerS && closed.lost === 0,
    });
  }
  targets.push({
    label: 'Full-path progress: 0 lost, p99 < 50 ms',
    measured: `${int(jobtrack.progress.lost)} lost, p99 ${ms(jobtrack.progress.latency.p99)} ms`,
    met: jobtrack.progress.lost === 0 && jobtrack.progress.latency.p99 < 50,
  });
  return targets;
}

export function targetsTable(targets: readonly Target[]): string {
  return [
    '| Target | Measured | Met |',
    '| --- | --- | --- |',
    ...targets.map((target) => `| ${target.label} | ${target.measured} | ${target.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

/** What must hold whatever the speed: the run exits 1 when one does not. */
export function checksOf(runs: readonly StackRun[]): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  let ok = true;
  for (const run of runs) {
    const wrong = run.jobs.reduce((sum, row) => sum + row.wrongOutcome, 0);
    const seq =
      run.outOfOrder === undefined
        ? ''
        : `, ${int(run.outOfOrder)} frames out of seq order and ${int(run.gaps ?? 0)} seq gaps`;
    lines.push(
      `${run.stack}: ${int(wrong)} jobs ended otherwise than their input says, ${int(run.foreign)} jobs seen by a user who did not submit them${seq}.`,
    );
    ok &&= wrong === 0 && run.foreign === 0 && (run.outOfOrder ?? 0) === 0 && (run.gaps ?? 0) === 0;
  }
  return { ok, lines };
}
