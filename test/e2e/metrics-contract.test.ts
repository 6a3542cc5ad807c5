import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  dashboardExpressions,
  loadDashboards,
  loadRules,
  metricNames,
  recordedNames,
  ruleExpressions,
} from '../deploy/support/monitoring.ts';
import { devToken, submitOrder } from './support/platform-client.ts';
import { type Stack, startStack } from './support/stack.ts';
import { connectWs, untilTerminal } from './support/ws-client.ts';

/** The series a histogram or summary family exposes besides its own name. */
const FAMILY_SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

/**
 * Names that only get samples when something goes wrong (errors, sweeps, retries, refusals), so a healthy run
 * leaves them declared but empty. Any other name a dashboard or rule reads must have samples after the run, or
 * its panel plots nothing.
 */
const ONLY_ON_TROUBLE = new Set([
  'jobtrack_errors_total',
  'jobtrack_jobs_swept_total',
  'jobtrack_saga_step_retries_total',
  'jobtrack_saga_step_timeouts_total',
  'jobtrack_saga_cancels_total',
  'jobtrack_saga_commands_rejected_total',
  'jobtrack_ws_disconnects_total',
  'jobtrack_ws_auth_failures_total',
  'jobtrack_ws_frames_rejected_total',
]);

interface Exposition {
  /** Every series name the families declared by `# TYPE` may expose. */
  declared: Set<string>;
  /** The series names that have at least one sample. */
  sampled: Set<string>;
}

function parseExposition(text: string): Exposition {
  const declared = new Set<string>();
  const sampled = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      const [, name = '', kind = ''] = type;
      declared.add(name);
      for (const suffix of FAMILY_SUFFIXES[kind] ?? []) declared.add(name + suffix);
    } else if (line !== '' && !line.startsWith('#')) {
      sampled.add(/^[a-zA-Z_:][\w:]*/.exec(line)?.[0] ?? line);
    }
  }
  return { declared, sampled };
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url} answered ${response.status}`);
  return response.text();
}

async function submitMedia(baseUrl: string, token: string): Promise<{ id: string }> {
  const response = await fetch(`${baseUrl}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      type: 'media.process',
      input: {
        mediaId: `m-${randomUUID()}`,
        albumId: 'holidays',
        fileName: 'beach.mp4',
        contentType: 'video/mp4',
        sizeBytes: 52_428_800,
        renditions: ['thumbnail', '480p'],
      },
    }),
  });
  assert.equal(response.status, 202, await response.clone().text());
  return (await response.json()) as { id: string };
}

describe('metrics contract: dashboards and alert rules read only what the running services export', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });

  after(async () => {
    await stack?.stop();
  });

  it('finds every metric name of every dashboard and rule on some service, with samples after real jobs', async (t) => {
    // Labelled series only appear once something increments them: run one job of each type, watched over WebSocket.
    const token = await devToken(stack.baseUrl, `metrics-${randomUUID().slice(0, 8)}`);
    const [wsUrl = ''] = stack.wsUrls;
    const { socket, frames } = await connectWs(wsUrl, token);
    const jobs = [await submitOrder(stack.baseUrl, token), await submitMedia(stack.baseUrl, token)];
    for (const job of jobs) socket.send(JSON.stringify({ type: 'subscribe', jobId: job.id, since: 0 }));
    for (const job of jobs) {
      assert.equal((await untilTerminal(frames, job.id)).at(-1)?.status, 'SUCCEEDED', `job ${job.id}`);
    }
    // A client resuming after the first update: served from the job history, as a replay.
    const resumed = await connectWs(wsUrl, token);
    resumed.socket.send(JSON.stringify({ type: 'subscribe', jobId: jobs[0]?.id, since: 1 }));
    const replayed = await untilTerminal(resumed.frames, jobs[0]?.id ?? '');
    assert.equal(replayed[0]?.seq, 2, 'the replay starts right after the seq given');
    resumed.socket.close();

    const expositions = new Map<string, Exposition>();
    for (const [name, url] of Object.entries(stack.metricsUrls)) {
      expositions.set(name, parseExposition(await scrape(url)));
    }
    assert.deepEqual(
      [...expositions.keys()].sort(),
      ['gateway', 'job-service', 'media', 'order', 'participants', 'ws-service-1'],
      'every service of the stack was scraped',
    );
    const declared = new Set([...expositions.values()].flatMap((e) => [...e.declared]));
    const sampled = new Set([...expositions.values()].flatMap((e) => [...e.sampled]));
    socket.close();

    const rules = await loadRules();
    const recorded = recordedNames(rules);
    const sources: { where: string; expr: string }[] = [
      ...(await loadDashboards()).flatMap(({ file, dashboard }) =>
        dashboardExpressions(dashboard).map((expr) => ({ where: file, expr })),
      ),
      ...ruleExpressions(rules).map((expr) => ({ where: 'jobtrack.rules.yaml', expr })),
    ];
    const used = new Map<string, string>();
    for (const { where, expr } of sources) {
      for (const name of metricNames(expr)) if (!recorded.has(name)) used.set(name, where);
    }
    assert.ok(used.size > 20, `only ${used.size} metric names found: is the extraction broken?`);

    const missing = [...used]
      .filter(([name]) => !declared.has(name))
      .map(([name, where]) => `${name} (${where})`);
    assert.deepEqual(missing, [], `used but exported by no service:\n${missing.join('\n')}`);

    const empty = [...used.keys()].filter((name) => !sampled.has(name)).sort();
    t.diagnostic(`declared but without samples after the run: ${empty.join(', ') || 'none'}`);
    const unexpected = empty.filter((name) => !ONLY_ON_TROUBLE.has(name));
    assert.deepEqual(unexpected, [], `no samples after a healthy run, so their panels plot nothing`);
  });
});
