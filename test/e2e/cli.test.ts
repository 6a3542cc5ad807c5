import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validOrder } from './support/platform-client.ts';
import { type Stack, startStack } from './support/stack.ts';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/jobtrack.js', import.meta.url));
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `jobtrack` executable (its shebang finds the node running this test first on PATH). */
async function jobtrack(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(BIN, args, {
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

const describeRun = (run: Run) => `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;

describe('the jobtrack CLI against the platform', () => {
  let stack: Stack;
  let env: Record<string, string>;

  before(async () => {
    stack = await startStack();
    env = { JOBTRACK_GATEWAY_URL: stack.baseUrl, JOBTRACK_WS_URL: stack.wsUrls[0] as string };
  });

  after(async () => {
    await stack?.stop();
  });

  it('mints a dev token and prints only it', async () => {
    const run = await jobtrack(['token', '--user', 'cli-alice'], env);
    assert.equal(run.code, 0, describeRun(run));
    assert.match(run.stdout.trim(), JWT);
    assert.equal(run.stderr, '');
  });

  it('submits an order and watches it to SUCCEEDED, exit code 0', async () => {
    const input = JSON.stringify({ ...validOrder, orderId: 'o-cli-ok' });
    const run = await jobtrack(
      ['submit', 'order.place', '--input', input, '--watch', '--user', 'cli-alice'],
      env,
    );
    assert.equal(run.code, 0, describeRun(run));
    const lines = run.stdout.trim().split('\n');
    assert.match(lines.at(-2) ?? '', /^seq \d+ SUCCEEDED 100% /, 'the last update shows 100 %');
    assert.match(lines.at(-1) ?? '', /^job [\w-]+ SUCCEEDED /);
    assert.match(run.stderr, /^submitted order\.place job [\w-]+\n$/);
    assert.doesNotMatch(run.stdout + run.stderr, /eyJ/, 'no token printed');
  });

  it('exits 3 when the order is COMPENSATED, showing the failure', async () => {
    const input = JSON.stringify({
      ...validOrder,
      orderId: 'o-cli-declined',
      simulate: { authorize_payment: { failAttempts: 1000 } },
    });
    const run = await jobtrack(
      ['submit', 'order.place', '--input', input, '--watch', '--level', 'detail', '--user', 'cli-alice'],
      env,
    );
    assert.equal(run.code, 3, describeRun(run));
    assert.match(run.stdout, /COMPENSATING/);
    assert.match(run.stdout.trim().split('\n').at(-1) ?? '', /^job [\w-]+ COMPENSATED: \w+: /);
  });

  it('prints the id of a submitted job, which watch then follows over SSE too', async () => {
    const token = (await jobtrack(['token', '--user', 'cli-bob'], env)).stdout.trim();
    const input = JSON.stringify({ ...validOrder, orderId: 'o-cli-sse' });
    const submitted = await jobtrack(['submit', 'order.place', '--input', input], {
      ...env,
      JOBTRACK_TOKEN: token,
    });
    assert.equal(submitted.code, 0, describeRun(submitted));
    const jobId = submitted.stdout.trim();
    assert.match(jobId, /^[\w-]+$/);
    const watched = await jobtrack(['watch', jobId, '--transport', 'sse', '--token', token], env);
    assert.equal(watched.code, 0, describeRun(watched));
    assert.match(watched.stdout, new RegExp(`job ${jobId} SUCCEEDED`));
  });

  it('exits 1 for a job that is not the caller’s', async () => {
    const input = JSON.stringify({ ...validOrder, orderId: 'o-cli-private' });
    const submitted = await jobtrack(['submit', 'order.place', '--input', input, '--user', 'cli-carol'], env);
    const jobId = submitted.stdout.trim();
    const run = await jobtrack(['watch', jobId, '--user', 'cli-mallory'], env);
    assert.equal(run.code, 1, describeRun(run));
    assert.equal(run.stderr, `jobtrack: job ${jobId} was not found (or is not yours)\n`);
  });

  it('exits 1 with a clear message on a usage error', async () => {
    const badJson = await jobtrack(['submit', 'order.place', '--input', '{"orderId":', '--user', 'x'], env);
    assert.equal(badJson.code, 1);
    assert.match(badJson.stderr, /^jobtrack: --input is not valid JSON: /);
    assert.match(badJson.stderr, /Run 'jobtrack --help' for usage\.\n$/);
    const unknown = await jobtrack(['launch'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown command 'launch'; one of: token, submit, watch/);
    const rejected = await jobtrack(
      ['submit', 'order.place', '--input', '{"orderId":"o-1"}', '--user', 'cli-alice'],
      env,
    );
    assert.equal(rejected.code, 1);
    assert.match(rejected.stderr, /submitting the order\.place job failed: 400 /);
  });
});
