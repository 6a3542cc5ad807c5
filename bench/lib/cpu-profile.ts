import { readFile } from 'node:fs/promises';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time when the process was not idle, ms. */
  busyMs: number;
  topFunctions: Array<{ name: string; selfMs: number }>;
  /**
   * Each sample charged to the nearest package on its stack, so the Node core and native work a package asked
   * for (crypto, socket writes, HTTP/2 framing) counts as that package's; the shares add up to 100%.
   */
  byPackage: Array<{ name: string; selfMs: number }>;
  /**
   * Time with a package anywhere on the stack, including what it calls (Node core, native code): the cost of
   * the work that package was asked to do. A sample counts once per package, so the shares overlap.
   */
  inclusiveByPackage: Array<{ name: string; selfMs: number }>;
}

const IDLE = '(idle)';

/** Where a script lives, coarse enough to say which layer costs: a package name or Node itself. */
function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (core modules)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module?.[1]) return module[1];
  const workspace = /\/(packages|services|bench)\/([^/]+)\//.exec(url);
  if (workspace) return workspace[1] === 'bench' ? 'bench' : `${workspace[1]}/${workspace[2]}`;
  return url;
}

function shortUrl(url: string): string {
  const module = /node_modules\/(.*)$/.exec(url);
  if (module?.[1]) return module[1];
  const workspace = /\/((?:packages|services|bench)\/.*)$/.exec(url);
  return workspace?.[1] ?? url;
}

function top(map: Map<string, number>, count: number): Array<{ name: string; selfMs: number }> {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => ({ name, selfMs: micros / 1000 }));
}

/** Where a process spent its CPU, from a V8 .cpuprofile (as written by `node --cpu-prof`). */
export async function summarizeProfile(path: string, count = 15): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyMicros = 0;
  profile.samples.forEach((nodeId, index) => {
    const frame = frames.get(nodeId);
    const micros = profile.timeDeltas[index] ?? 0;
    if (!frame || frame.functionName === IDLE) return;
    busyMicros += micros;
    const onStack = new Set<string>();
    let owner: string | undefined;
    for (let id: number | undefined = nodeId; id !== undefined; id = parents.get(id)) {
      const caller = frames.get(id);
      if (!caller?.url || caller.url.startsWith('node:')) continue;
      const area = areaOf(caller);
      owner ??= area;
      onStack.add(area);
    }
    for (const area of onStack) inclusive.set(area, (inclusive.get(area) ?? 0) + micros);
    const charged = owner ?? areaOf(frame);
    byPackage.set(charged, (byPackage.get(charged) ?? 0) + micros);
    const name = frame.url
      ? `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
      : frame.functionName;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  return {
    busyMs: busyMicros / 1000,
    topFunctions: top(byFunction, count),
    byPackage: top(byPackage, count),
    inclusiveByPackage: top(inclusive, count),
  };
}

/** A profile summary as markdown tables, each row with its share of the process's busy time. */
export function profileMarkdown(title: string, summary: ProfileSummary): string {
  const share = (ms: number) => `${((100 * ms) / summary.busyMs).toFixed(1)}%`;
  const lines = [
    `#### ${title}: ${(summary.busyMs / 1000).toFixed(1)} s on CPU`,
    '',
    '| Charged to the nearest package on the stack | ms | share |',
    '| --- | ---: | ---: |',
    ...summary.byPackage.map((row) => `| ${row.name} | ${row.selfMs.toFixed(0)} | ${share(row.selfMs)} |`),
    '',
    '| With the package anywhere on the stack (overlapping) | ms | share |',
    '| --- | ---: | ---: |',
    ...summary.inclusiveByPackage.map(
      (row) => `| ${row.name} | ${row.selfMs.toFixed(0)} | ${share(row.selfMs)} |`,
    ),
    '',
    '| Top functions by self time | ms | share |',
    '| --- | ---: | ---: |',
    ...summary.topFunctions.map(
      (row) => `| \`${row.name.replaceAll('|', '\\|')}\` | ${row.selfMs.toFixed(0)} | ${share(row.selfMs)} |`,
    ),
  ];
  return lines.join('\n');
}
