/**
 * The end-to-end benchmark: jobs submitted over REST and watched to their terminal frame over WebSocket by 1,000
 * users, with every service its own process on real Kafka and Redis, beside the BullMQ + Socket.IO stack measured
 * in the same run. `npm run bench:e2e` (add `-- --profile` for CPU profiles of every process); see bench/README.md.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonEnv, createLogger, loadConfig, requireInfra } from '@jobtrack/platform';
import { z } from 'zod';
import { startBenchRun } from '../lib/bench-run.ts';
import { profileMarkdown, summarizeProfile } from '../lib/cpu-profile.ts';
import { infraPids } from '../lib/cpu-usage.ts';
import { describeCode, describeLoad, describeMachine } from '../lib/environment.ts';
import { sectionMarkers, updateSection } from '../lib/results-file.ts';
import { count } from '../lib/settings.ts';
import { startBenchAuth } from '../ws/auth.ts';
import { startBaseline } from './baseline.ts';
import { JobBook } from './job-book.ts';
import { startJobtrack } from './jobtrack.ts';
import {
  checksOf,
  cpuTable,
  jobsTable,
  progressTable,
  type StackRun,
  targetsOf,
  targetsTable,
} from './report.ts';
import { closedLoop, openLoop, progressRun, type RunContext } from './scenarios.ts';
import type { StackUnderTest, Watcher } from './stack.ts';
import { closeSubmitSockets } from './submit.ts';

const config = loadConfig({
  KAFKA_BROKERS: commonEnv.KAFKA_BROKERS,
  REDIS_URL: commonEnv.REDIS_URL,
  BENCH_E2E_USERS: count(1000, 10_000),
  BENCH_E2E_WARMUP_S: count(60, 600),
  BENCH_E2E_RATES: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'comma-separated jobs/s')
    .default('50,200,1000')
    .transform((value) => value.split(',').map(Number)),
  BENCH_E2E_OPEN_S: count(20, 600),
  BENCH_E2E_CLOSED_CONNECTIONS: count(64, 1000),
  BENCH_E2E_CLOSED_S: count(10, 600),
  BENCH_E2E_PROGRESS_RATE: count(1000, 10_000),
  BENCH_E2E_PROGRESS_S: count(20, 600),
  BENCH_E2E_BASELINE_WORKERS: count(1, 16),
  BENCH_E2E_STACKS: z.enum(['both', 'jobtrack', 'baseline']).default('both'),
  BENCH_MAX_S: z.coerce.number().int().min(60).max(7200).default(1800),
});
const profiling = process.argv.includes('--profile');
const logger = createLogger({ name: 'bench-e2e', level: 'info' });
const RESULTS = new URL('../RESULTS.md', import.meta.url).pathname;
const SKELETON = `# Benchmarks\n\n${sectionMarkers('e2e')}\n\n${sectionMarkers('e2e-profile')}\n`;
const BASELINE = 'BullMQ + Socket.IO';
const WARMUP_RATE = 100;
/** The open-loop rate the targets are stated at. */
const TARGET_RATE = 200;

const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
const redisUrl = requireInfra(config.REDIS_URL, 'REDIS_URL is');
const runId = `bench-e2e-${Date.now().toString(36)}`;
const infra = { kafkaBrokers: brokers.join(','), redisUrl, topicPrefix: `${runId}.`, keyPrefix: `${runId}:` };
const run = startBenchRun({
  logger,
  brokers,
  redisUrl,
  topicPrefix: infra.topicPrefix,
  keyPrefix: infra.keyPrefix,
  maxSeconds: config.BENCH_MAX_S,
});

/** Connects one socket per user, `concurrency` handshakes at a time. */
async function connectWatchers(stack: StackUnderTest, tokens: readonly string[], book: JobBook) {
  const watchers: Watcher[] = [];
  const concurrency = 50;
  for (let from = 0; from < tokens.length; from += concurrency) {
    const batch = tokens.slice(from, from + concurrency);
    watchers.push(
      ...(await Promise.all(
        batch.map((token, offset) => stack.watch(token, (frame) => book.onFrame(from + offset, frame))),
      )),
    );
  }
  return watchers;
}

async function measure(stack: StackUnderTest, tokens: readonly string[]): Promise<StackRun> {
  const book = new JobBook();
  const watchers = await connectWatchers(stack, tokens, book);
  try {
    const ctx: RunContext = { stack, book, tokens, infraPids: infraPids(redisUrl) };
    logger.info({ stack: stack.name, users: tokens.length }, 'sockets connected; warming up');
    // Long enough for the JIT of every process to settle. A broker just started spent 30 % of its CPU in its C2
    // compiler over its first two minutes of load (2026-12-04), and a broker runs warm in production.
    await openLoop({ ...ctx, book: new JobBook() }, WARMUP_RATE, config.BENCH_E2E_WARMUP_S);
    const jobs = [];
    for (const rate of config.BENCH_E2E_RATES) {
      const result = await openLoop(ctx, rate, config.BENCH_E2E_OPEN_S);
      logger.info({ stack: stack.name, ...result, cpu: undefined }, 'open loop done');
      jobs.push(result);
    }
    const closed = await closedLoop(ctx, config.BENCH_E2E_CLOSED_CONNECTIONS, config.BENCH_E2E_CLOSED_S);
    logger.info({ stack: stack.name, ...closed, cpu: undefined }, 'closed loop done');
    jobs.push(closed);
    const progress = await progressRun(ctx, config.BENCH_E2E_PROGRESS_RATE, config.BENCH_E2E_PROGRESS_S);
    logger.info({ stack: stack.name, ...progress, cpu: undefined }, 'progress done');
    const seqChecked = stack.name !== BASELINE;
    return {
      stack: stack.name,
      jobs,
      progress,
      foreign: book.foreign(),
      ...(seqChecked ? { outOfOrder: book.outOfOrder, gaps: book.gaps } : {}),
    };
  } finally {
    for (const watcher of watchers) watcher.close();
  }
}

async function main(): Promise<number> {
  const loadBefore = describeLoad();
  const startedAt = new Date();
  const profileDir = profiling ? await mkdtemp(join(tmpdir(), 'jobtrack-bench-e2e-')) : undefined;
  const nodeArgs = (prefix: string) => (name: string) =>
    profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${prefix}${name}.cpuprofile`]
      : [];
  const auth = await startBenchAuth();
  run.defer(() => auth.stop());
  run.defer(closeSubmitSockets);
  const tokens = await auth.mint(Array.from({ length: config.BENCH_E2E_USERS }, (_, n) => `e2e-user-${n}`));

  const runs: StackRun[] = [];
  if (config.BENCH_E2E_STACKS !== 'jobtrack') {
    const baseline = await startBaseline({
      infra,
      auth,
      workers: config.BENCH_E2E_BASELINE_WORKERS,
      nodeArgs: nodeArgs('baseline-'),
    });
    run.defer(() => baseline.stop());
    runs.push(await measure(baseline, tokens));
    await baseline.stop();
  }
  if (config.BENCH_E2E_STACKS !== 'baseline') {
    const jobtrack = await startJobtrack({ infra, auth, logger, nodeArgs: nodeArgs('jobtrack-') });
    run.defer(() => jobtrack.stop());
    runs.push(await measure(jobtrack, tokens));
    await jobtrack.stop();
  }
  await run.stop();

  const checks = checksOf(runs);
  const targets = targetsOf(runs, BASELINE, TARGET_RATE);
  const code = describeCode();
  const command = `npm run bench:e2e${profiling ? ' -- --profile' : ''}`;
  const section = [
    '## End to end: REST → WebSocket terminal frame',
    '',
    `- Date: ${startedAt.toISOString()}`,
    `- Command: \`${command}\` (Kafka and Redis from scripts/with-infra.sh); settings: ${config.BENCH_E2E_USERS.toLocaleString('en-US')} users, each watching all their jobs over one socket; a ${config.BENCH_E2E_WARMUP_S} s warm-up at ${WARMUP_RATE} jobs/s per stack; open loop at ${config.BENCH_E2E_RATES.join(', ')} jobs/s for ${config.BENCH_E2E_OPEN_S} s each; closed loop with ${config.BENCH_E2E_CLOSED_CONNECTIONS} clients for ${config.BENCH_E2E_CLOSED_S} s; progress at ${config.BENCH_E2E_PROGRESS_RATE} events/s for ${config.BENCH_E2E_PROGRESS_S} s; ${config.BENCH_E2E_BASELINE_WORKERS} baseline worker process(es)`,
    `- Code: ${code}`,
    `- Machine: ${describeMachine()}; the load generator, both stacks, Kafka and Redis all share it`,
    `- Load average (1/5/15 min) before the run: ${loadBefore}; after: ${describeLoad()}`,
    '',
    jobsTable(runs, BASELINE),
    '',
    progressTable(runs),
    '',
    targetsTable(targets),
    '',
    cpuTable(runs),
    '',
    ...checks.lines.map((line) => `- ${line}`),
  ].join('\n');
  process.stdout.write(`\n${section}\n`);
  if (profileDir) {
    const files = (await readdir(profileDir)).filter((name) => name.endsWith('.cpuprofile')).sort();
    const parts = [
      `## End to end: where the time goes (CPU profiles)\n\nProfiled run of ${startedAt.toISOString()} (\`${command}\`, code: ${code}); profiling slows every process, so its figures are not the ones above.`,
    ];
    for (const file of files) {
      parts.push(
        profileMarkdown(file.replace('.cpuprofile', ''), await summarizeProfile(join(profileDir, file))),
      );
    }
    await updateSection(RESULTS, 'e2e-profile', parts.join('\n\n'), SKELETON);
    await rm(profileDir, { recursive: true, force: true });
  } else if (config.BENCH_E2E_STACKS === 'both') {
    await updateSection(RESULTS, 'e2e', section, SKELETON);
  }
  logger.info({ results: 'bench/RESULTS.md' }, 'done');
  return checks.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    logger.error({ err: error }, 'bench failed');
    await run.stop();
    process.exit(1);
  },
);
