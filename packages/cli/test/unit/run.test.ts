import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { run } from '../../src/cli.ts';

async function runCli(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  let err = '';
  const code = await run(argv, { stdout, stderr: { write: (text: string) => (err += text) }, env });
  return { code, out, err };
}

describe('run', () => {
  it('prints the help with exit code 0', async () => {
    const { code, out } = await runCli(['--help']);
    assert.equal(code, 0);
    assert.match(out, /Exit codes:/);
  });

  it('explains a usage error on stderr with exit code 1', async () => {
    const { code, out, err } = await runCli(['submit', 'order.place', '--input', '[1]', '--token', 't']);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.equal(err, "jobtrack: --input must be a JSON object\nRun 'jobtrack --help' for usage.\n");
  });

  it('asks for a token before talking to the gateway', async () => {
    const { code, err } = await runCli(['watch', 'j-1']);
    assert.equal(code, 1);
    assert.match(err, /no token: pass --token, set JOBTRACK_TOKEN, or pass --user/);
  });

  it('names an input file it cannot read or parse', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobtrack-cli-'));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"orderId":');
    const missing = await runCli([
      'submit',
      'order.place',
      '--input-file',
      join(dir, 'none.json'),
      '--token',
      't',
    ]);
    assert.match(missing.err, /none\.json: cannot read it \(ENOENT\)/);
    const bad = await runCli(['submit', 'order.place', '--input-file', broken, '--token', 't']);
    assert.match(bad.err, /broken\.json is not valid JSON/);
    assert.deepEqual([missing.code, bad.code], [1, 1]);
  });

  it('reports an unreachable gateway without printing the token', async () => {
    const { code, err } = await runCli(
      [
        'submit',
        'order.place',
        '--input',
        '{}',
        '--token',
        'secret-token',
        '--gateway',
        'http://127.0.0.1:9',
      ],
      {},
    );
    assert.equal(code, 1);
    assert.match(err, /cannot reach the gateway at http:\/\/127\.0\.0\.1:9/);
    assert.doesNotMatch(err, /secret-token/);
  });
});
