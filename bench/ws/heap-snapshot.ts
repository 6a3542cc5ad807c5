/** A V8 heap snapshot reduced to bytes and counts per kind of object, to diff before and after connecting. */
export type HeapCensus = Map<string, { bytes: number; count: number }>;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/**
 * Self size per object kind: objects by constructor name, strings, arrays, code and closures by their type, so
 * "what does each connection keep" reads as a table (DevTools' Summary view, without retainers).
 */
export function censusOf(json: string): HeapCensus {
  const parsed = JSON.parse(json) as Snapshot;
  const fields = parsed.snapshot.meta.node_fields;
  const types = parsed.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const census: HeapCensus = new Map();
  const { nodes, strings } = parsed;
  for (let index = 0; index < nodes.length; index += width) {
    const type = types[nodes[index + typeAt] as number] ?? 'unknown';
    const name = strings[nodes[index + nameAt] as number] ?? '';
    const key = type === 'object' || type === 'closure' ? `${name} (${type})` : `(${type})`;
    const entry = census.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += nodes[index + sizeAt] as number;
    entry.count++;
    census.set(key, entry);
  }
  return census;
}

export interface CensusGrowth {
  kind: string;
  bytesPerUnit: number;
  countPerUnit: number;
}

/** What grew between two censuses, per unit (e.g. per connection), largest first. */
export function censusGrowth(before: HeapCensus, after: HeapCensus, units: number): CensusGrowth[] {
  const kinds = new Set([...before.keys(), ...after.keys()]);
  return [...kinds]
    .map((kind) => {
      const earlier = before.get(kind) ?? { bytes: 0, count: 0 };
      const later = after.get(kind) ?? { bytes: 0, count: 0 };
      return {
        kind,
        bytesPerUnit: (later.bytes - earlier.bytes) / units,
        countPerUnit: (later.count - earlier.count) / units,
      };
    })
    .sort((a, b) => b.bytesPerUnit - a.bytesPerUnit);
}

/** Per kind, how much more one growth is than another (e.g. a server's per-socket cost over the baseline's). */
export function growthDifference(
  more: readonly CensusGrowth[],
  less: readonly CensusGrowth[],
): CensusGrowth[] {
  const base = new Map(less.map((growth) => [growth.kind, growth]));
  const kinds = new Set([...more.map((growth) => growth.kind), ...base.keys()]);
  const of = new Map(more.map((growth) => [growth.kind, growth]));
  return [...kinds]
    .map((kind) => ({
      kind,
      bytesPerUnit: (of.get(kind)?.bytesPerUnit ?? 0) - (base.get(kind)?.bytesPerUnit ?? 0),
      countPerUnit: (of.get(kind)?.countPerUnit ?? 0) - (base.get(kind)?.countPerUnit ?? 0),
    }))
    .sort((a, b) => b.bytesPerUnit - a.bytesPerUnit);
}
