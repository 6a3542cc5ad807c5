import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { ROOT } from './processes.ts';

/** The machine, as RESULTS.md states it beside the figures. */
export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 2 ** 30).toFixed(0);
  return `${cores.length} × ${model}, ${memoryGiB} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

/** 1, 5 and 15-minute load averages: on a shared machine, how busy it was besides this run. */
export function describeLoad(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}

function git(args: string[]): string {
  return execFileSync('git', args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

/** The commit measured, and whether the service code differed from it (figures then belong to that state). */
export function describeCode(): string {
  try {
    const commit = git(['log', '-1', '--format=%h %s']);
    const changed = git(['status', '--porcelain', '--', 'services', 'packages', 'proto'])
      .split('\n')
      .filter(Boolean).length;
    return changed
      ? `${commit} plus ${changed} uncommitted changed files in services/packages/proto`
      : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
