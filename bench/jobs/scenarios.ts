import { startCpuMeter } from '../lib/cpu-usage.ts';
import { type RequestSource, runAtRate, runMax } from '../lib/load.ts';
import { int, type Row } from './report.ts';
import { JobIds, readJobs, submitJobs } from './sources.ts';

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  rate: number;
  rateDurationS: number;
}

export interface Scenario {
  id: string;
  label: string;
  url: string;
  source: RequestSource;
  /** Open loop at this rate; maximum throughput when absent. */
  rate?: number;
  /** The row this one is compared with. */
  baseline?: string;
  /** The server processes whose CPU the row reports. */
  pids: Record<string, number>;
}

/**
 * The six scenarios in the order they run: submit at maximum throughput, submit at a fixed rate, then read the
 * jobs submitted, against the baseline first and the platform second. Each target has its own ids, so a read
 * only asks for jobs its user submitted to that same target.
 */
export function jobScenarios(options: {
  baselineUrl: string;
  gatewayUrl: string;
  tokens: string[];
  rate: number;
  baselinePids: Record<string, number>;
  platformPids: Record<string, number>;
}): { scenarios: Scenario[]; platformIds: JobIds } {
  const { tokens, rate } = options;
  const baselineIds = new JobIds(tokens.length);
  const platformIds = new JobIds(tokens.length);
  const base = { url: options.baselineUrl, pids: options.baselinePids };
  const platform = { url: options.gatewayUrl, pids: options.platformPids };
  const scenarios: Scenario[] = [
    {
      ...base,
      id: 'baseline-submit-max',
      label: 'Baseline: express POST',
      source: submitJobs(tokens, baselineIds),
    },
    {
      ...base,
      id: 'baseline-submit-rate',
      label: 'Baseline: express POST',
      source: submitJobs(tokens, baselineIds),
      rate,
    },
    {
      ...base,
      id: 'baseline-read-max',
      label: 'Baseline: express GET',
      source: readJobs(tokens, baselineIds),
    },
    {
      ...platform,
      id: 'jobs-submit-max',
      label: 'Submit: POST /v1/jobs',
      source: submitJobs(tokens, platformIds),
      baseline: 'baseline-submit-max',
    },
    {
      ...platform,
      id: 'jobs-submit-rate',
      label: 'Submit: POST /v1/jobs',
      source: submitJobs(tokens, platformIds),
      rate,
      baseline: 'baseline-submit-rate',
    },
    {
      ...platform,
      id: 'jobs-read-max',
      label: 'Read: GET /v1/jobs/{id}',
      source: readJobs(tokens, platformIds),
      baseline: 'baseline-read-max',
    },
  ];
  return { scenarios, platformIds };
}

/** Runs one scenario (a maximum-throughput run after a warm-up, or an open-loop run) and measures its CPU. */
export async function runScenario(scenario: Scenario, settings: LoadSettings): Promise<Row> {
  const { url, source, rate } = scenario;
  const meter = () => startCpuMeter({ ...scenario.pids, 'load generator': process.pid });
  let row: Pick<Row, 'result' | 'cpu' | 'load'>;
  if (rate) {
    const window = meter();
    const result = await runAtRate({ url, ratePerS: rate, durationS: settings.rateDurationS, source });
    row = { result, cpu: window.stop(), load: `${int(rate)} req/s open loop, ${settings.rateDurationS} s` };
  } else {
    const { connections } = settings;
    await runMax({ url, connections, durationS: settings.warmupS, source });
    const window = meter();
    const result = await runMax({ url, connections, durationS: settings.durationS, source });
    row = { result, cpu: window.stop(), load: `${connections} connections, ${settings.durationS} s` };
  }
  return {
    id: scenario.id,
    label: scenario.label,
    ...row,
    ...(scenario.baseline ? { baseline: scenario.baseline } : {}),
  };
}
