/**
 * The job API benchmark: submission and read throughput and latency through the real REST → gRPC → Redis →
 * Kafka path, beside a bare express baseline measured in the same run. Run it with `npm run bench:jobs`
 * (add `-- --profile` for CPU profiles of the gateway and job service); see bench/README.md.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@jobtrack/contracts';
import { commonEnv, createLogger, loadConfig, requireInfra } from '@jobtrack/platform';
import { z } from 'zod';
import { profileMarkdown, summarizeProfile } from '../lib/cpu-profile.ts';
import { describeCode, describeLoad, describeMachine } from '../lib/environment.ts';
import { countMessages, deleteKeys, deleteTopics } from '../lib/infra.ts';
import type { ChildService } from '../lib/processes.ts';
import { sectionMarkers, updateSection } from '../lib/results-file.ts';
import { startBaseline, startPlatform } from './platform.ts';
import { figuresSection, int, type Row, targetsOf } from './report.ts';
import { jobScenarios, type LoadSettings, runScenario } from './scenarios.ts';
import { ORDER_SUBMISSION } from './sources.ts';

const seconds = z.coerce.number().int().min(1).max(120);
const config = loadConfig({
  KAFKA_BROKERS: commonEnv.KAFKA_BROKERS,
  REDIS_URL: commonEnv.REDIS_URL,
  BENCH_DURATION_S: seconds.default(10),
  BENCH_RATE_DURATION_S: seconds.default(15),
  BENCH_WARMUP_S: seconds.default(3),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(64),
  BENCH_RATE: z.coerce.number().int().min(1).max(100_000).default(1000),
  BENCH_USERS: z.coerce.number().int().min(1).max(1000).default(16),
});
const settings: LoadSettings = {
  connections: config.BENCH_CONNECTIONS,
  durationS: config.BENCH_DURATION_S,
  warmupS: config.BENCH_WARMUP_S,
  rate: config.BENCH_RATE,
  rateDurationS: config.BENCH_RATE_DURATION_S,
};
const profiling = process.argv.includes('--profile');
const logger = createLogger({ name: 'bench', level: 'info' });
const RESULTS = new URL('../RESULTS.md', import.meta.url).pathname;
const SKELETON = `# Job API benchmark

Written by \`npm run bench:jobs\` (bench/jobs/main.ts); bench/README.md says what each scenario does and how.
Each run replaces the generated sections below.

${sectionMarkers('figures')}

${sectionMarkers('profile')}
`;

const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
const redisUrl = requireInfra(config.REDIS_URL, 'REDIS_URL is');
const runId = `bench-${Date.now().toString(36)}`;
const topicPrefix = `${runId}.`;
const keyPrefix = `${runId}:`;

const running: ChildService[] = [];
let stopping: Promise<void> | undefined;
function stopAll(): Promise<void> {
  stopping ??= Promise.all(running.map((child) => child.stop())).then(() => undefined);
  return stopping;
}
/** Removes the topics and keys of this run, so a reused Kafka and Redis are left as they were. */
async function removeRunData(): Promise<void> {
  const [topics, keys] = await Promise.all([
    deleteTopics(brokers, topicPrefix),
    deleteKeys(redisUrl, keyPrefix),
  ]);
  logger.info({ topics, keys }, 'removed what the run wrote to Kafka and Redis');
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.warn({ signal }, 'interrupted; stopping the processes this bench started');
    void stopAll()
      .then(removeRunData)
      .finally(() => process.exit(130));
  });
}

async function mintTokens(gatewayUrl: string, users: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: users }, async (_, user) => {
      const response = await fetch(`${gatewayUrl}/v1/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: `bench-user-${user}` }),
      });
      if (response.status !== 201) throw new Error(`token for user ${user}: ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    }),
  );
}

async function sampleJob(gatewayUrl: string, token: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${gatewayUrl}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: ORDER_SUBMISSION,
  });
  if (response.status !== 202)
    throw new Error(`sample submission: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function profileSection(dir: string, header: string): Promise<string> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile')).sort();
  const parts = [header];
  for (const file of files) {
    parts.push(profileMarkdown(file.replace('.cpuprofile', ''), await summarizeProfile(join(dir, file))));
  }
  return parts.join('\n\n');
}

async function main(): Promise<number> {
  const loadBefore = describeLoad();
  const startedAt = new Date();
  const keptProfiles = process.env.BENCH_PROFILE_DIR;
  const profileDir = profiling
    ? (keptProfiles ?? (await mkdtemp(join(tmpdir(), 'jobtrack-bench-profile-'))))
    : undefined;
  logger.info({ runId, profiling, loadBefore }, 'starting the job service, the gateway and the baseline');
  const platform = await startPlatform({
    kafkaBrokers: brokers.join(','),
    redisUrl,
    topicPrefix,
    keyPrefix,
    profileDir,
  });
  running.push(platform.gateway, platform.jobService);
  const rows: Row[] = [];
  let accepted = 0;
  let commands = 0;
  try {
    const tokens = await mintTokens(platform.gatewayUrl, config.BENCH_USERS);
    const sample = await sampleJob(platform.gatewayUrl, tokens[0] as string);
    const baseline = await startBaseline(sample);
    running.push(baseline.server);
    const { scenarios, platformIds } = jobScenarios({
      baselineUrl: baseline.url,
      gatewayUrl: platform.gatewayUrl,
      tokens,
      rate: settings.rate,
      baselinePids: { baseline: baseline.server.child.pid ?? 0 },
      platformPids: {
        gateway: platform.gateway.child.pid ?? 0,
        'job-service': platform.jobService.child.pid ?? 0,
      },
    });
    for (const scenario of scenarios) {
      const row = await runScenario(scenario, settings);
      const { rps, latencyMs, statuses } = row.result;
      logger.info(
        { scenario: row.label, load: row.load, rps: Math.round(rps), p99Ms: latencyMs.p99, statuses },
        'measured',
      );
      rows.push(row);
    }
    await stopAll();
    accepted = platformIds.seen + 1;
    commands = await countMessages(brokers, topicPrefix + TOPICS.orderCommands.name);
  } finally {
    await stopAll();
    await removeRunData();
  }

  // Every accepted submission was produced (awaited) before its 202, so the topic holds at least as many. It may
  // hold a few more: requests in flight when a closed-loop run (warm-up or measured) stops are still served, but
  // their answers are not read.
  const inFlightAtStops = 2 * settings.connections;
  const commandsOk = commands >= accepted && commands <= accepted + inFlightAtStops;
  const failures = rows.filter((row) => row.result.non2xx || row.result.errors);
  const checks = [
    failures.length
      ? `**Failed requests** in: ${failures.map((row) => `${row.label} (${row.load}): ${JSON.stringify(row.result.statuses)}, ${row.result.errors} errors`).join('; ')}`
      : 'Every request of every scenario got a 2xx answer (non-2xx and errors are 0).',
    `Kafka: ${int(commands)} commands on the order command topic for ${int(accepted)} accepted submissions (up to ${inFlightAtStops} more expected: requests in flight when a closed-loop run stops are served, their answers not counted)${
      commandsOk ? '' : ' — **outside that range**'
    }.`,
  ];
  const command = `npm run bench:jobs${profiling ? ' -- --profile' : ''}`;
  const code = describeCode();
  const figures = figuresSection({
    startedAt,
    command,
    settings: `${settings.connections} connections for the maximum-throughput runs (${settings.durationS} s each after a ${settings.warmupS} s warm-up), ${int(settings.rate)} req/s open loop for ${settings.rateDurationS} s, ${config.BENCH_USERS} users`,
    code,
    machine: describeMachine(),
    loadBefore,
    loadAfter: describeLoad(),
    rows,
    targets: targetsOf(rows, settings.rate),
    checks,
  });
  process.stdout.write(`\n${figures}\n`);
  if (profileDir) {
    const header = `## Where the time goes (CPU profiles)\n\nProfiled run of ${startedAt.toISOString()} (\`${command}\`, code: ${code}); profiling slows the services, so its figures are not the ones above. The first table of each process charges every sample to the nearest package on its stack (so the crypto or socket work a package asks Node for is that package's); the second counts a package whenever it is anywhere on the stack, so wrappers such as express, router and the OpenTelemetry context manager look bigger than the work they do; the third is self time per function.`;
    const section = await profileSection(profileDir, header);
    process.stdout.write(`\n${section}\n`);
    await updateSection(RESULTS, 'profile', section, SKELETON);
    if (!keptProfiles) await rm(profileDir, { recursive: true, force: true });
  } else {
    await updateSection(RESULTS, 'figures', figures, SKELETON);
  }
  logger.info({ results: 'bench/RESULTS.md', section: profileDir ? 'profile' : 'figures' }, 'written');
  return failures.length || !commandsOk ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    logger.error({ err: error }, 'bench failed');
    await stopAll();
    process.exit(1);
  },
);
