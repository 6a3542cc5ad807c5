import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';

/**
 * `helmfile template` cannot run here: no tagged helmfile module installs with `go install` (their go.mod files
 * carry replace directives) and its remote charts need the network. So this checks, on paper, what helmfile would
 * resolve: environments and their values files, chart sources, the `needs:` order, and the names that releases
 * must agree on (the ingress label, Prometheus' identity, service addresses). scripts/deploy/check.sh renders
 * the local charts with the same per-environment values.
 */
type Tree = Record<string, unknown>;
interface Release {
  name: string;
  namespace: string;
  chart: string;
  version?: string;
  needs?: string[];
  values?: string[];
}

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');
const exists = (path: string) =>
  access(new URL(path, root)).then(
    () => true,
    () => false,
  );
const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const merge = (base: Tree, overlay: Tree): Tree => {
  const merged: Tree = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = merged[key];
    merged[key] = isTree(current) && isTree(value) ? merge(current, value) : value;
  }
  return merged;
};
const at = (tree: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (isTree(node) ? node[key] : undefined), tree);

/** The variable names an `export const <name> = { ... };` block of a config module declares. */
async function declaredIn(path: string, block: string): Promise<string[]> {
  const source = await read(path);
  const start = source.indexOf(`export const ${block} = {`);
  assert.ok(start >= 0, `${path} declares ${block}`);
  const body = source.slice(start, source.indexOf('\n};', start));
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1] ?? '');
}

/** What each deployable reads from its environment, from the same schemas its main.ts passes to loadConfig. */
async function declaredByService(): Promise<Map<string, Set<string>>> {
  const platform = 'packages/platform/src/config.ts';
  const common = [
    ...(await declaredIn(platform, 'commonEnv')),
    // Read by the OpenTelemetry set-up (packages/platform/src/telemetry.ts), not by loadConfig.
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_SERVICE_NAME',
  ];
  const auth = await declaredIn(platform, 'authEnv');
  const jobClient = await declaredIn(platform, 'jobServiceClientEnv');
  const saga = [...(await declaredIn('packages/saga/src/timing.ts', 'sagaTimingEnv')), 'METRICS_PORT'];
  return new Map(
    Object.entries({
      gateway: [...auth, ...jobClient, ...(await declaredIn('services/gateway/src/config.ts', 'gatewayEnv'))],
      'job-service': [
        ...(await declaredIn('services/job-service/src/config.ts', 'jobServiceEnv')),
        'METRICS_PORT',
      ],
      order: saga,
      media: saga,
      participants: [
        ...(await declaredIn('services/participants/src/config.ts', 'participantsEnv')),
        'METRICS_PORT',
      ],
      'ws-service': [
        ...auth,
        ...jobClient,
        ...(await declaredIn('services/ws-service/src/config.ts', 'wsEnv')),
      ],
    }).map(([service, names]) => [service, new Set([...common, ...names])]),
  );
}

const ORDER = [
  'istio-system/istio-base',
  'istio-system/istiod',
  'istio-ingress/istio-ingressgateway',
  'kafka/strimzi-kafka-operator',
  'kafka/kafka-cluster',
  'redis/redis',
  'observability/jaeger',
  'monitoring/kube-prometheus-stack',
  'jobtrack/jobtrack',
  'jobtrack/jobtrack-mesh',
];

describe('helmfile.yaml', async () => {
  const parts = parseAllDocuments(await read('helmfile.yaml')).map((document) => document.toJS() as Tree);
  const environments = parts.find((part) => 'environments' in part)?.environments as Record<
    string,
    { values: string[] }
  >;
  const state = parts.find((part) => 'releases' in part) as {
    repositories: { name: string; url: string }[];
    releases: Release[];
  };
  const id = (release: Release) => `${release.namespace}/${release.name}`;
  const byId = new Map(state.releases.map((release) => [id(release), release]));
  const envValues = new Map<string, Tree>();
  for (const [name, environment] of Object.entries(environments))
    envValues.set(
      name,
      (await Promise.all(environment.values.map(async (file) => parse(await read(file)) as Tree))).reduce(
        merge,
        {},
      ),
    );
  const valuesOf = (environment: string, release: string): Tree => {
    const values = envValues.get(environment)?.[release];
    return isTree(values) ? values : {};
  };

  it('keeps environments and releases in separate parts, as helmfile v1 requires', () => {
    assert.equal(parts.length, 2);
    assert.ok(!('releases' in (parts[0] ?? {})), 'the first part holds only environments');
  });

  it('defines the kind and eks environments, each layering existing values files over common.yaml', async () => {
    assert.deepEqual(Object.keys(environments).sort(), ['eks', 'kind']);
    for (const [name, environment] of Object.entries(environments)) {
      assert.deepEqual(environment.values, ['environments/common.yaml', `environments/${name}.yaml`]);
      for (const file of environment.values) assert.ok(await exists(file), `${file} exists`);
    }
  });

  it('takes every chart from a declared repository at a pinned version, or from a local chart directory', async () => {
    const repositories = new Map(state.repositories.map((repository) => [repository.name, repository.url]));
    for (const release of state.releases) {
      if (release.chart.startsWith('./')) {
        const chart = parse(await read(`${release.chart.slice(2)}/Chart.yaml`)) as Tree;
        assert.equal(chart.apiVersion, 'v2', `${release.chart} is a Helm 3 chart`);
        assert.equal(release.version, undefined, `${release.name}: a local chart has no version`);
        continue;
      }
      const [repository] = release.chart.split('/');
      assert.match(
        repositories.get(repository ?? '') ?? '',
        /^https:\/\//,
        `${release.name}: repository declared`,
      );
      assert.match(release.version ?? '', /^\d+\.\d+\.\d+$/, `${release.name}: exact version pinned`);
    }
    assert.deepEqual(
      state.releases.filter((release) => release.chart.includes('bitnami')),
      [],
      'no Bitnami charts',
    );
  });

  it('gives each release its own key of the environment values, present in both environments', async () => {
    for (const release of state.releases) {
      assert.deepEqual(release.values, [`helmfile.d/values/${release.name}.yaml.gotmpl`]);
      const loader = await read(`helmfile.d/values/${release.name}.yaml.gotmpl`);
      assert.match(loader, new RegExp(`\\{\\{ index \\.Values "${release.name}" \\| toYaml \\}\\}`));
      for (const environment of envValues.keys())
        assert.ok(isTree(envValues.get(environment)?.[release.name]), `${environment} has ${release.name}`);
    }
  });

  it('orders the releases by needs: mesh, ingress, Kafka, Redis, Jaeger, monitoring, then the platform', () => {
    assert.deepEqual([...byId.keys()].sort(), [...ORDER].sort());
    for (const release of state.releases)
      for (const need of release.needs ?? [])
        assert.ok(byId.has(need), `${release.name} needs ${need}, declared`);
    const needsTransitively = (from: string, target: string, seen = new Set<string>()): boolean =>
      (byId.get(from)?.needs ?? []).some(
        (need) =>
          need === target || (!seen.has(need) && seen.add(need) && needsTransitively(need, target, seen)),
      );
    ORDER.forEach((release, index) => {
      const previous = ORDER[index - 1];
      if (previous) assert.ok(needsTransitively(release, previous), `${release} comes after ${previous}`);
      assert.ok(!needsTransitively(release, release), `${release} is in no cycle`);
    });
  });

  it('waits for Strimzi to report the Kafka cluster Ready before the releases after it', () => {
    const release = byId.get('kafka/kafka-cluster') as Release & {
      hooks?: { events: string[]; command: string; args: string[] }[];
    };
    const hook = release.hooks?.find((candidate) => candidate.events.includes('postsync'));
    assert.equal(hook?.command, 'kubectl');
    for (const environment of envValues.keys())
      assert.ok(
        hook?.args.includes(`kafka/${valuesOf(environment, 'kafka-cluster').name}`),
        `${environment}: waits for the cluster the chart names`,
      );
    assert.ok(hook?.args.includes('--for=condition=Ready'));
  });

  it('names the ingress gateway so its istio label matches the Gateway selector', async () => {
    const ingress = state.releases.find((release) => release.chart === 'istio/gateway');
    assert.equal(ingress?.name, 'istio-ingressgateway');
    assert.equal(ingress?.namespace, 'istio-ingress');
    const mesh = parse(await read('istio/values.yaml')) as Tree;
    // The istio/gateway chart labels pods "istio: <release name without the istio- prefix>".
    assert.deepEqual(at(mesh, 'ingress', 'selector'), { istio: ingress.name.replace(/^istio-/, '') });
    assert.equal(at(mesh, 'ingress', 'namespace'), ingress.namespace);
    assert.equal(at(mesh, 'ingress', 'serviceAccount'), ingress.name);
  });

  it('exposes the ingress on kind through NodePorts that kind-config.yaml maps to the host', async () => {
    const service = at(valuesOf('kind', 'istio-ingressgateway'), 'service') as {
      type: string;
      ports: { name: string; nodePort?: number }[];
    };
    assert.equal(service.type, 'NodePort');
    const kind = parse(await read('kind-config.yaml')) as {
      nodes: { extraPortMappings?: { containerPort: number; hostPort: number }[] }[];
    };
    const mapped = kind.nodes
      .flatMap((node) => node.extraPortMappings ?? [])
      .map((port) => port.containerPort);
    const nodePorts = service.ports.flatMap((port) => (port.nodePort ? [port.nodePort] : []));
    assert.deepEqual(nodePorts.sort(), [30080, 30443]);
    assert.deepEqual(mapped.sort(), nodePorts);
  });

  it('exposes the ingress on EKS through an internet-facing, cross-zone NLB', () => {
    const service = at(valuesOf('eks', 'istio-ingressgateway'), 'service') as {
      type: string;
      annotations: Record<string, string>;
    };
    assert.equal(service.type, 'LoadBalancer');
    const prefix = 'service.beta.kubernetes.io/aws-load-balancer';
    assert.equal(service.annotations[`${prefix}-type`], 'external');
    assert.equal(service.annotations[`${prefix}-nlb-target-type`], 'ip');
    assert.equal(service.annotations[`${prefix}-scheme`], 'internet-facing');
    assert.match(
      service.annotations[`${prefix}-attributes`] ?? '',
      /load_balancing\.cross_zone\.enabled=true/,
    );
  });

  for (const environment of ['kind', 'eks'])
    it(`wires the ${environment} releases to each other's names`, () => {
      const platform = valuesOf(environment, 'jobtrack');
      const kafka = valuesOf(environment, 'kafka-cluster');
      assert.equal(
        at(platform, 'config', 'KAFKA_BROKERS'),
        `${kafka.name}-kafka-bootstrap.kafka.svc.cluster.local:9092`,
        'Strimzi names the bootstrap service <cluster>-kafka-bootstrap',
      );
      assert.equal(at(platform, 'redis', 'host'), 'redis.redis.svc.cluster.local');
      const jaeger = valuesOf(environment, 'jaeger');
      assert.equal(
        at(platform, 'config', 'OTEL_EXPORTER_OTLP_ENDPOINT'),
        `http://${jaeger.fullnameOverride}.observability.svc.cluster.local:4318`,
      );
      const providers = at(valuesOf(environment, 'istiod'), 'meshConfig', 'extensionProviders') as {
        name: string;
        opentelemetry: { service: string; port: number };
      }[];
      const provider = providers.find((candidate) => candidate.name === 'jaeger');
      assert.equal(
        provider?.opentelemetry.service,
        `${jaeger.fullnameOverride}.observability.svc.cluster.local`,
      );
      assert.equal(provider?.opentelemetry.port, 4317);
      const prometheus = at(
        valuesOf(environment, 'kube-prometheus-stack'),
        'prometheus',
        'serviceAccount',
        'name',
      );
      assert.equal(
        at(valuesOf(environment, 'jobtrack-mesh'), 'prometheus', 'principal'),
        `cluster.local/ns/monitoring/sa/${prometheus}`,
        'the mesh admits the identity Prometheus scrapes with',
      );
      const redisSecret = at(valuesOf(environment, 'redis'), 'auth', 'existingSecret') ?? '';
      assert.equal(
        at(platform, 'redis', 'existingSecret', 'name') ?? '',
        redisSecret,
        'same Redis password Secret',
      );
    });

  it('sets only environment variables the services declare, in the chart and in both environments', async () => {
    const declared = await declaredByService();
    const anyService = new Set([...declared.values()].flatMap((names) => [...names]));
    const chart = parse(await read('charts/jobtrack/values.yaml')) as Tree;
    for (const values of [chart, valuesOf('kind', 'jobtrack'), valuesOf('eks', 'jobtrack')]) {
      for (const name of Object.keys((values.config as Tree | undefined) ?? {}))
        assert.ok(anyService.has(name), `config.${name} is read by some service`);
      for (const [service, settings] of Object.entries((values.services as Tree | undefined) ?? {})) {
        const names = declared.get(service);
        assert.ok(names, `services.${service} is a deployable`);
        const own = [
          ...Object.keys((at(settings, 'env') as Tree | undefined) ?? {}),
          ...Object.keys((at(settings, 'secretEnv') as Tree | undefined) ?? {}),
        ];
        const port = at(settings, 'port', 'env');
        for (const name of typeof port === 'string' ? [...own, port] : own)
          assert.ok(names.has(name), `${service} reads ${name}`);
      }
    }
  });

  it('signs and checks tokens with the same issuer on both sides of the edge', () => {
    for (const environment of envValues.keys()) {
      const mesh = valuesOf(environment, 'jobtrack-mesh');
      const platform = valuesOf(environment, 'jobtrack');
      assert.equal(at(mesh, 'jwt', 'issuer'), at(platform, 'config', 'AUTH_ISSUER'), environment);
      assert.equal(at(mesh, 'jwt', 'jwksUri'), at(platform, 'config', 'AUTH_JWKS_URL'), environment);
    }
  });
});
