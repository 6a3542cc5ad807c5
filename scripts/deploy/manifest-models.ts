/** A rendered Kubernetes object as parsed from YAML. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  [field: string]: unknown;
}

/** Where the generated model of one kind lives: the module exports the class `<kind>` and the type `I<kind>`. */
export interface ModelRef {
  module: string;
  kind: string;
}

/** Groups whose models come from a package; anything else is an unknown kind and fails the check. */
const packageOfGroup = (group: string): string | undefined => {
  if (group.endsWith('istio.io')) return '@kubernetes-models/istio';
  if (group === 'monitoring.coreos.com') return '@kubernetes-models/prometheus-operator';
  if (group === '' || group.endsWith('.k8s.io') || !group.includes('.')) return 'kubernetes-models';
  return undefined;
};

export function modelRef(manifest: Manifest): ModelRef | undefined {
  const [group, version] = manifest.apiVersion.includes('/')
    ? (manifest.apiVersion.split('/') as [string, string])
    : ['', manifest.apiVersion];
  const pkg = packageOfGroup(group);
  if (!pkg) return undefined;
  return { module: group ? `${pkg}/${group}/${version}` : `${pkg}/${version}`, kind: manifest.kind };
}

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/** The package's own validation (types, enums, required fields, formats); throws with the failures. */
export async function validateWithModel(ref: ModelRef, manifest: Manifest): Promise<string | undefined> {
  let exports: Record<string, unknown>;
  try {
    exports = (await import(ref.module)) as Record<string, unknown>;
  } catch {
    return `no model for ${manifest.apiVersion} (${ref.module})`;
  }
  const Model = exports[ref.kind] as ModelClass | undefined;
  if (typeof Model !== 'function') return `unknown kind ${manifest.kind} in ${manifest.apiVersion}`;
  try {
    new Model(manifest).validate();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
