import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';

type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Helmfile's merge of environment values files: maps merge key by key, anything else (lists too) is replaced. */
function merge(base: Tree, overlay: Tree): Tree {
  const merged: Tree = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = merged[key];
    merged[key] = isTree(current) && isTree(value) ? merge(current, value) : value;
  }
  return merged;
}

/**
 * Prints the values helmfile gives one release in one environment: the release's key in environments/common.yaml
 * merged with environments/<env>.yaml, as helmfile.d/values/<release>.yaml.gotmpl selects it. check.sh feeds the
 * result to `helm template`, which is what `helmfile -e <env> template` would run for the local charts.
 *   node scripts/deploy/environment-values.ts <environment> <release>
 */
const [environment, release] = process.argv.slice(2);
if (!environment || !release) throw new Error('usage: environment-values.ts <environment> <release>');
const root = new URL('../../environments/', import.meta.url);
const load = async (name: string): Promise<Tree> => {
  const parsed: unknown = parse(await readFile(new URL(`${name}.yaml`, root), 'utf8'));
  if (!isTree(parsed)) throw new Error(`environments/${name}.yaml is not a map`);
  return parsed;
};
const values = merge(await load('common'), await load(environment))[release];
if (!isTree(values)) throw new Error(`no values for release ${release} in environment ${environment}`);
process.stdout.write(stringify(values));
