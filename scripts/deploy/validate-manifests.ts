import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { type Manifest, modelRef, validateWithModel } from './manifest-models.ts';
import { checkStrimzi } from './strimzi.ts';
import { type Checked, findUnknownFields } from './type-check.ts';

/**
 * Validates every object in the given YAML files offline against the Kubernetes, Istio and prometheus-operator
 * models of the kubernetes-models packages (Strimzi structurally): an unknown kind, an unknown field at any
 * depth, a wrong type or a missing required field fails. Exits 1 listing every problem.
 *   node scripts/deploy/validate-manifests.ts <file.yaml>...
 */
const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: validate-manifests.ts <file.yaml>...');

const isManifest = (value: unknown): value is Manifest =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Manifest).apiVersion === 'string' &&
  typeof (value as Manifest).kind === 'string';

const problems: string[] = [];
const typed: Checked[] = [];
const strimzi: { label: string; manifest: Manifest }[] = [];
let count = 0;

for (const file of files) {
  const documents = parseAllDocuments(await readFile(file, 'utf8'));
  for (const [index, document] of documents.entries()) {
    if (document.errors.length > 0) {
      problems.push(`${file} #${index}: ${document.errors.map((error) => error.message).join('; ')}`);
      continue;
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    count += 1;
    if (!isManifest(value)) {
      problems.push(`${file} #${index}: not a Kubernetes object (apiVersion and kind required)`);
      continue;
    }
    const label = `${file} ${value.kind}/${value.metadata?.name ?? '?'}`;
    if (value.apiVersion.startsWith('kafka.strimzi.io/')) {
      strimzi.push({ label, manifest: value });
      continue;
    }
    const ref = modelRef(value);
    if (!ref) {
      problems.push(`${label}: unknown kind ${value.apiVersion} ${value.kind} (no schema package for it)`);
      continue;
    }
    const invalid = await validateWithModel(ref, value);
    if (invalid) problems.push(`${label}: ${invalid}`);
    else typed.push({ label, ref, manifest: value });
  }
}

for (const [label, found] of checkStrimzi(strimzi))
  problems.push(...found.map((problem) => `${label}: ${problem}`));
const workDir = new URL('../../node_modules/.cache/jobtrack-deploy-check/', import.meta.url);
problems.push(...(await findUnknownFields(typed, workDir)));

if (problems.length > 0) {
  process.stderr.write(`${problems.length} problem(s) in ${count} objects:\n${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`${count} objects valid (${files.length} files)\n`);
