import type { Manifest } from './manifest-models.ts';

/**
 * No package ships Strimzi models, so its two kinds are checked here against the fields Strimzi's v1beta2 CRDs
 * define for what the charts use: every key must be known, required ones present, and the cluster must be KRaft
 * (no zookeeper) with node pools that give it both controllers and brokers.
 */
type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const KEYS = {
  object: ['apiVersion', 'kind', 'metadata', 'spec'],
  kafkaSpec: ['kafka', 'entityOperator', 'cruiseControl', 'kafkaExporter'],
  kafka: [
    'version',
    'metadataVersion',
    'listeners',
    'config',
    'authorization',
    'resources',
    'template',
    'rack',
  ],
  listener: ['name', 'port', 'type', 'tls', 'authentication', 'configuration'],
  entityOperator: ['topicOperator', 'userOperator', 'template'],
  poolSpec: ['replicas', 'roles', 'storage', 'resources', 'jvmOptions', 'template'],
  storage: ['type', 'volumes'],
  volume: ['id', 'type', 'size', 'class', 'deleteClaim', 'kraftMetadata', 'selector'],
} as const;
const LISTENER_TYPES = ['internal', 'cluster-ip', 'nodeport', 'loadbalancer', 'route', 'ingress'];

function unknownKeys(where: string, value: unknown, known: readonly string[], problems: string[]): Tree {
  if (!isTree(value)) {
    problems.push(`${where}: expected an object`);
    return {};
  }
  for (const key of Object.keys(value))
    if (!known.includes(key)) problems.push(`${where}.${key}: unknown field`);
  return value;
}

function checkKafka(kafka: Manifest, problems: string[]): void {
  unknownKeys('', kafka, KEYS.object, problems);
  const spec = unknownKeys('spec', kafka.spec, KEYS.kafkaSpec, problems);
  const broker = unknownKeys('spec.kafka', spec.kafka, KEYS.kafka, problems);
  if (typeof broker.version !== 'string' || !/^\d+\.\d+\.\d+$/.test(broker.version))
    problems.push('spec.kafka.version: expected a Kafka version such as 4.1.0');
  const listeners = Array.isArray(broker.listeners) ? broker.listeners : [];
  if (listeners.length === 0) problems.push('spec.kafka.listeners: at least one listener is required');
  listeners.forEach((raw, index) => {
    const listener = unknownKeys(`spec.kafka.listeners[${index}]`, raw, KEYS.listener, problems);
    if (typeof listener.name !== 'string' || !/^[a-z0-9]{1,11}$/.test(listener.name))
      problems.push(`spec.kafka.listeners[${index}].name: 1-11 lower-case letters or digits`);
    if (!Number.isInteger(listener.port) || (listener.port as number) < 9092)
      problems.push(`spec.kafka.listeners[${index}].port: an integer of at least 9092`);
    if (!LISTENER_TYPES.includes(String(listener.type)))
      problems.push(`spec.kafka.listeners[${index}].type: one of ${LISTENER_TYPES.join(', ')}`);
    if (typeof listener.tls !== 'boolean')
      problems.push(`spec.kafka.listeners[${index}].tls: required boolean`);
  });
  if (broker.config !== undefined) {
    const config = unknownKeys(
      'spec.kafka.config',
      broker.config,
      Object.keys(broker.config ?? {}),
      problems,
    );
    for (const [key, value] of Object.entries(config))
      if (typeof value === 'object') problems.push(`spec.kafka.config.${key}: expected a scalar`);
  }
  if (spec.entityOperator !== undefined)
    unknownKeys('spec.entityOperator', spec.entityOperator, KEYS.entityOperator, problems);
}

function checkNodePool(pool: Manifest, problems: string[]): void {
  unknownKeys('', pool, KEYS.object, problems);
  const spec = unknownKeys('spec', pool.spec, KEYS.poolSpec, problems);
  if (!Number.isInteger(spec.replicas) || (spec.replicas as number) < 0)
    problems.push('spec.replicas: a non-negative integer');
  const roles = Array.isArray(spec.roles) ? spec.roles : [];
  if (roles.length === 0 || roles.some((role) => role !== 'controller' && role !== 'broker'))
    problems.push('spec.roles: a non-empty list of controller and/or broker');
  const storage = unknownKeys('spec.storage', spec.storage, KEYS.storage, problems);
  if (storage.type !== 'jbod') problems.push('spec.storage.type: jbod');
  const volumes = Array.isArray(storage.volumes) ? storage.volumes : [];
  if (volumes.length === 0) problems.push('spec.storage.volumes: at least one volume');
  volumes.forEach((raw, index) => {
    const volume = unknownKeys(`spec.storage.volumes[${index}]`, raw, KEYS.volume, problems);
    if (!Number.isInteger(volume.id)) problems.push(`spec.storage.volumes[${index}].id: an integer`);
    if (volume.type !== 'persistent-claim' && volume.type !== 'ephemeral')
      problems.push(`spec.storage.volumes[${index}].type: persistent-claim or ephemeral`);
    if (volume.type === 'persistent-claim' && typeof volume.size !== 'string')
      problems.push(`spec.storage.volumes[${index}].size: required for persistent-claim`);
  });
}

const clusterOf = (pool: Manifest): unknown =>
  (pool.metadata as { labels?: Record<string, string> } | undefined)?.labels?.['strimzi.io/cluster'];

/** Problems per object label; the cluster-level ones (pools without a cluster, no controllers) under "strimzi". */
export function checkStrimzi(
  objects: readonly { label: string; manifest: Manifest }[],
): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const report = (label: string, problems: string[]) => {
    if (problems.length > 0) found.set(label, problems);
  };
  const clusters = objects.filter((object) => object.manifest.kind === 'Kafka');
  const pools = objects.filter((object) => object.manifest.kind === 'KafkaNodePool');
  for (const object of objects) {
    const problems: string[] = [];
    if (object.manifest.apiVersion !== 'kafka.strimzi.io/v1beta2')
      problems.push(`apiVersion: kafka.strimzi.io/v1beta2 expected`);
    if (object.manifest.kind === 'Kafka') checkKafka(object.manifest, problems);
    else if (object.manifest.kind === 'KafkaNodePool') checkNodePool(object.manifest, problems);
    else problems.push(`unknown kind ${object.manifest.kind}`);
    report(object.label, problems);
  }
  const cluster: string[] = [];
  for (const pool of pools)
    if (!clusters.some((kafka) => kafka.manifest.metadata?.name === clusterOf(pool.manifest)))
      cluster.push(`${pool.label}: strimzi.io/cluster names no Kafka in the same release`);
  for (const kafka of clusters) {
    const roles = pools
      .filter((pool) => clusterOf(pool.manifest) === kafka.manifest.metadata?.name)
      .flatMap((pool) => (pool.manifest.spec as { roles?: string[] } | undefined)?.roles ?? []);
    for (const role of ['controller', 'broker'])
      if (!roles.includes(role)) cluster.push(`${kafka.label}: no node pool with the ${role} role (KRaft)`);
  }
  report('strimzi', cluster);
  return found;
}
