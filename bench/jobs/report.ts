import type { CpuShares } from '../lib/cpu-usage.ts';
import type { LoadResult } from '../lib/recorder.ts';

export interface Row {
  id: string;
  label: string;
  load: string;
  result: LoadResult;
  cpu?: CpuShares | undefined;
  /** The row this one is compared with. */
  baseline?: string;
}

export interface Target {
  label: string;
  measured: string;
  met: boolean;
}

/** A count or rate as the tables print it: rounded, with thousands separators. */
export const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const ratio = (value: number) => `${value.toFixed(2)}×`;

function cpuCell(cpu: CpuShares | undefined, server: string): string {
  if (!cpu) return 'n/a';
  const part = (name: string) => (cpu.processes[name] ?? 0).toFixed(2);
  const services = server === 'gateway' ? `${part('gateway')} + ${part('job-service')}` : part(server);
  return `${services} / ${part('load generator')} / ${cpu.machine.toFixed(2)}`;
}

/** The figures as one markdown table, each platform row beside the ratio to its express baseline. */
export function figuresTable(rows: Row[]): string {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const lines = [
    '| Scenario | Load | Responses | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | req/s ÷ baseline | p99 ÷ baseline | CPU cores: server / load generator / whole machine |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const { result } = row;
    const base = row.baseline ? byId.get(row.baseline) : undefined;
    const latency = result.latencyMs;
    lines.push(
      [
        row.label,
        row.load,
        int(result.responses),
        int(result.rps),
        ms(latency.p50),
        ms(latency.p90),
        ms(latency.p99),
        ms(latency.max),
        int(result.non2xx),
        int(result.errors),
        base ? ratio(result.rps / base.result.rps) : '1',
        base ? ratio(latency.p99 / base.result.latencyMs.p99) : '1',
        cpuCell(row.cpu, row.id.startsWith('baseline') ? 'baseline' : 'gateway'),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    );
  }
  return lines.join('\n');
}

export function targetsTable(targets: Target[]): string {
  return [
    '| Target | Measured | Met |',
    '| --- | --- | --- |',
    ...targets.map((target) => `| ${target.label} | ${target.measured} | ${target.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

/** The targets against the rows measured: the submission rate, the p99 at the fixed rate, reads. */
export function targetsOf(rows: Row[], rate: number): Target[] {
  const find = (id: string) => rows.find((row) => row.id === id)?.result;
  const submitMax = find('jobs-submit-max');
  const submitRate = find('jobs-submit-rate');
  const read = find('jobs-read-max');
  return [
    {
      label: 'Submissions ≥ 3,000/s',
      measured: `${int(submitMax?.rps ?? 0)}/s`,
      met: (submitMax?.rps ?? 0) >= 3000,
    },
    {
      label: `p99 < 50 ms at ${int(rate)} submissions/s`,
      measured: `${(submitRate?.latencyMs.p99 ?? Number.NaN).toFixed(1)} ms`,
      met: (submitRate?.latencyMs.p99 ?? Number.POSITIVE_INFINITY) < 50 && rate >= 1000,
    },
    {
      label: 'GET /v1/jobs/{id} ≥ 8,000/s',
      measured: `${int(read?.rps ?? 0)}/s`,
      met: (read?.rps ?? 0) >= 8000,
    },
  ];
}

/** The "Figures" section of RESULTS.md: how, when and on what the run was made, its table, targets and checks. */
export function figuresSection(run: {
  startedAt: Date;
  command: string;
  settings: string;
  code: string;
  machine: string;
  loadBefore: string;
  loadAfter: string;
  rows: Row[];
  targets: Target[];
  checks: string[];
}): string {
  return [
    '## Figures',
    '',
    `- Date: ${run.startedAt.toISOString()}`,
    `- Command: \`${run.command}\` (Kafka and Redis from scripts/with-infra.sh); settings: ${run.settings}`,
    `- Code: ${run.code}`,
    `- Machine: ${run.machine}; the load generator, the services, Kafka and Redis all share it`,
    `- Load average (1/5/15 min) before the run: ${run.loadBefore}; after: ${run.loadAfter}`,
    '',
    figuresTable(run.rows),
    '',
    targetsTable(run.targets),
    '',
    ...run.checks.map((check) => `- ${check}`),
  ].join('\n');
}
