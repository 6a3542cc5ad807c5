import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, posix, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gatewayEnv } from '@jobtrack/gateway/config';
import { jobServiceEnv } from '@jobtrack/job-service/config';
import { participantsEnv } from '@jobtrack/participants/config';
import { authEnv, commonEnv, env, jobServiceClientEnv, loadConfig } from '@jobtrack/platform';
import { sagaTimingEnv } from '@jobtrack/saga';
import { wsEnv } from '@jobtrack/ws-service/config';
import { parse } from 'yaml';
import type { ZodRawShape } from 'zod';

/**
 * docker compose cannot run here, so this reads the compose files the way compose would and checks what a
 * broken stack would show only at `docker compose up`: a service missing or built from a directory that does
 * not exist, a variable its config schema does not declare or rejects, a published port it does not listen on,
 * a dependency that is not waited for, a service Prometheus does not scrape, dashboards Grafana does not load.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; interval?: string; retries?: number };
  depends_on?: Record<string, { condition?: string }>;
}

interface ComposeFile {
  include?: string[];
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

interface PrometheusConfig {
  rule_files?: string[];
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

interface GrafanaDatasources {
  datasources: { uid: string; type: string; url: string }[];
}

interface GrafanaDashboardProviders {
  providers: { type: string; options: { path: string } }[];
}

// Compose resolves `<<:` merge keys; so must the parser, or every service would lose its shared settings.
const readYaml = <T>(file: string): T =>
  parse(readFileSync(resolve(ROOT, file), 'utf8'), { merge: true }) as T;

/**
 * Each service's variables, composed as its main.ts composes them for loadConfig. METRICS_PORT has its default in
 * main.ts rather than in an exported object, so here it has none and compose must set it explicitly.
 */
const PLATFORM: Record<string, { schema: ZodRawShape; metricsPort: string; requires: string[] }> = {
  gateway: {
    schema: { ...commonEnv, ...authEnv, ...jobServiceClientEnv, ...gatewayEnv },
    metricsPort: 'HTTP_PORT',
    requires: ['KAFKA_BROKERS', 'REDIS_URL'],
  },
  'job-service': {
    schema: { ...commonEnv, ...jobServiceEnv, METRICS_PORT: env.port },
    metricsPort: 'METRICS_PORT',
    requires: ['KAFKA_BROKERS', 'REDIS_URL'],
  },
  order: {
    schema: { ...commonEnv, ...sagaTimingEnv, METRICS_PORT: env.port },
    metricsPort: 'METRICS_PORT',
    requires: ['KAFKA_BROKERS', 'REDIS_URL'],
  },
  media: {
    schema: { ...commonEnv, ...sagaTimingEnv, METRICS_PORT: env.port },
    metricsPort: 'METRICS_PORT',
    requires: ['KAFKA_BROKERS', 'REDIS_URL'],
  },
  participants: {
    schema: { ...commonEnv, ...participantsEnv, METRICS_PORT: env.port },
    metricsPort: 'METRICS_PORT',
    requires: ['KAFKA_BROKERS'],
  },
  'ws-service': {
    schema: { ...commonEnv, ...authEnv, ...jobServiceClientEnv, ...wsEnv },
    metricsPort: 'WS_PORT',
    requires: ['KAFKA_BROKERS', 'REDIS_URL', 'AUTH_JWKS_URL'],
  },
};

/** The standard OpenTelemetry variables that packages/platform/src/telemetry.ts and the OTLP exporter read. */
const OTEL_VARIABLES = new Set([
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'OTEL_SDK_DISABLED',
  'OTEL_TRACES_EXPORTER',
]);

const INFRA = ['kafka', 'redis', 'jaeger', 'prometheus', 'grafana'];

const stack = readYaml<ComposeFile>('docker-compose.yml');
const infra = readYaml<ComposeFile>('compose.infra.yml');
const all: Record<string, ComposeService> = { ...infra.services, ...stack.services };

const environmentOf = (service: ComposeService): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]));

const configOf = (name: string): Record<string, unknown> => {
  const platform = PLATFORM[name];
  assert.ok(platform, `${name} is not a platform service`);
  const service = stack.services[name];
  assert.ok(service, `docker-compose.yml has no service ${name}`);
  return loadConfig(platform.schema, environmentOf(service));
};

/** The ports a service's configuration makes it listen on, by variable name. */
const listeningPorts = (name: string): Map<string, number> => {
  const config = configOf(name);
  return new Map(
    Object.entries(config).flatMap(([key, value]) =>
      key.endsWith('_PORT') && typeof value === 'number' ? [[key, value] as const] : [],
    ),
  );
};

const byNumber = (a: number, b: number) => a - b;

/** "127.0.0.1:8080:8080" or "8080:8080" or "8080" → the host and container port. */
const publishedPort = (entry: string): { host: number; container: number } => {
  const parts = entry.split(':');
  const container = Number(parts.at(-1));
  return { host: Number(parts.length > 1 ? parts.at(-2) : container), container };
};

/** Where an infrastructure service can be reached on the compose network: published and advertised ports. */
const reachablePorts = (name: string): Set<number> => {
  const service = all[name];
  assert.ok(service, `no service ${name}`);
  const ports = new Set((service.ports ?? []).map((entry) => publishedPort(entry).container));
  const advertised = environmentOf(service).KAFKA_ADVERTISED_LISTENERS ?? '';
  for (const listener of advertised.split(',')) {
    const match = /^\w+:\/\/([^:]+):(\d+)$/.exec(listener.trim());
    if (match?.[1] === name) ports.add(Number(match[2]));
  }
  return ports;
};

/** Every compose host:port an environment value points at (brokers lists, URLs and addresses alike). */
const referencedEndpoints = (value: string): { host: string; port: number }[] =>
  [...value.matchAll(/(?:^|[/,@])([a-z][a-z0-9-]*):(\d+)/g)]
    .filter(([, host]) => host !== undefined && host in all)
    .map(([, host, port]) => ({ host: host as string, port: Number(port) }));

const mountTarget = (service: ComposeService, source: string): string | undefined =>
  service.volumes
    ?.map((volume) => volume.split(':'))
    .find(([from]) => from === source)
    ?.at(1);

describe('docker-compose.yml', () => {
  it('runs every deployable under services/ (the embedded runner aside), each built from the root Dockerfile', () => {
    const deployables = readdirSync(resolve(ROOT, 'services'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'embedded')
      .map((entry) => entry.name)
      .sort();
    assert.deepEqual(Object.keys(PLATFORM).sort(), deployables);
    assert.deepEqual(Object.keys(stack.services).sort(), deployables);
    for (const name of deployables) {
      const build = stack.services[name]?.build;
      assert.equal(build?.args?.SERVICE, name, `${name}: build arg SERVICE`);
      assert.equal(resolve(ROOT, build?.context ?? ''), resolve(ROOT), `${name}: build context`);
      assert.ok(existsSync(resolve(ROOT, build?.context ?? '', build?.dockerfile ?? 'Dockerfile')));
      assert.ok(
        existsSync(resolve(ROOT, 'services', name, 'src/main.ts')),
        `${name}: services/${name}/src/main.ts`,
      );
      assert.match(stack.services[name]?.image ?? '', new RegExp(`/${name}:`), `${name}: image name`);
    }
  });

  it('gives each service only variables its config schema declares, with values the schema accepts', () => {
    for (const [name, { schema, requires }] of Object.entries(PLATFORM)) {
      const environment = environmentOf(stack.services[name] ?? {});
      const undeclared = Object.keys(environment).filter(
        (key) => !(key in schema) && !OTEL_VARIABLES.has(key),
      );
      assert.deepEqual(undeclared, [], `${name}: variables its config does not declare`);
      assert.doesNotThrow(() => configOf(name), `${name}: its config rejects the environment`);
      for (const key of requires)
        assert.ok(environment[key], `${name}: ${key} is required outside the embedded runner`);
    }
  });

  it('publishes exactly the ports each service listens on, under the same number on the host', () => {
    for (const name of Object.keys(PLATFORM)) {
      const published = (stack.services[name]?.ports ?? []).map(publishedPort);
      const listening = [...listeningPorts(name).values()].sort(byNumber);
      assert.deepEqual(
        published.map(({ container }) => container).sort(byNumber),
        listening,
        `${name}: published ports`,
      );
      for (const { host, container } of published) assert.equal(host, container, `${name}: host port`);
    }
  });

  it('probes each service on /readyz of the port serving its operational endpoints', () => {
    for (const [name, { metricsPort }] of Object.entries(PLATFORM)) {
      const healthcheck = stack.services[name]?.healthcheck;
      const port = listeningPorts(name).get(metricsPort);
      assert.ok(port, `${name}: ${metricsPort}`);
      assert.deepEqual(healthcheck?.test?.slice(0, 3), ['CMD', 'node', '-e'], `${name}: probe command`);
      assert.ok(
        healthcheck?.test?.[3]?.includes(`fetch('http://127.0.0.1:${port}/readyz')`),
        `${name}: probe URL`,
      );
      assert.ok(healthcheck?.interval && healthcheck.retries, `${name}: probe timing`);
    }
  });

  it('points every address at a port its target listens on, and waits for that target first', () => {
    for (const name of Object.keys(PLATFORM)) {
      const service = stack.services[name] ?? {};
      for (const [key, value] of Object.entries(environmentOf(service))) {
        for (const { host, port } of referencedEndpoints(value)) {
          const ports = host in PLATFORM ? new Set(listeningPorts(host).values()) : reachablePorts(host);
          assert.ok(
            ports.has(port),
            `${name}: ${key} points at ${host}:${port}, which does not listen there`,
          );
          const expected = all[host]?.healthcheck ? 'service_healthy' : 'service_started';
          assert.equal(service.depends_on?.[host]?.condition, expected, `${name}: depends_on ${host}`);
        }
      }
    }
  });

  it('sends traces to the OTLP/HTTP receiver of Jaeger', () => {
    for (const name of Object.keys(PLATFORM)) {
      const endpoint = environmentOf(stack.services[name] ?? {}).OTEL_EXPORTER_OTLP_ENDPOINT;
      assert.equal(endpoint, 'http://jaeger:4318', `${name}: OTEL_EXPORTER_OTLP_ENDPOINT`);
    }
  });

  it('includes the infrastructure file and defines no service twice', () => {
    assert.deepEqual(stack.include, ['compose.infra.yml']);
    const twice = Object.keys(stack.services).filter((name) => name in infra.services);
    assert.deepEqual(twice, []);
    for (const [name, service] of Object.entries(all)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        assert.ok(dependency in all, `${name} depends on ${dependency}, which is defined nowhere`);
      }
    }
  });
});

describe('compose.infra.yml', () => {
  it('runs Kafka, Redis, Jaeger, Prometheus and Grafana, and nothing that needs docker-compose.yml', () => {
    assert.deepEqual(Object.keys(infra.services).sort(), [...INFRA].sort());
    for (const [name, service] of Object.entries(infra.services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        assert.ok(dependency in infra.services, `${name} depends on ${dependency}, outside the infra file`);
      }
    }
  });

  it('checks Kafka and Redis with their own CLIs, so the services can wait for them', () => {
    assert.match(infra.services.kafka?.healthcheck?.test?.[1] ?? '', /kafka-broker-api-versions\.sh$/);
    assert.deepEqual(infra.services.redis?.healthcheck?.test, ['CMD', 'redis-cli', 'ping']);
  });

  it('advertises Kafka to containers by service name and to the host on its published port', () => {
    const kafka = infra.services.kafka ?? {};
    const advertised = environmentOf(kafka).KAFKA_ADVERTISED_LISTENERS?.split(',') ?? [];
    const published = (kafka.ports ?? []).map((entry) => publishedPort(entry).host);
    assert.ok(
      advertised.some((listener) => /\/\/kafka:\d+$/.test(listener)),
      'a listener for containers',
    );
    assert.ok(
      published.some((port) => advertised.includes(`HOST://localhost:${port}`)),
      'a listener for the host, on the published port',
    );
  });

  it('mounts only files that exist in the repository, and declares every named volume it uses', () => {
    for (const [name, service] of Object.entries(infra.services)) {
      for (const volume of service.volumes ?? []) {
        const [source = ''] = volume.split(':');
        if (source.startsWith('.'))
          assert.ok(existsSync(resolve(ROOT, source)), `${name}: ${source} is missing`);
        else assert.ok(source in (infra.volumes ?? {}), `${name}: volume ${source} is not declared`);
      }
    }
  });
});

describe('Prometheus of the compose stack', () => {
  const prometheus = infra.services.prometheus ?? {};
  const config = readYaml<PrometheusConfig>('deploy/prometheus/prometheus.yml');

  it('loads the configuration file it is given', () => {
    const target = mountTarget(prometheus, './deploy/prometheus/prometheus.yml');
    assert.ok(target, 'deploy/prometheus/prometheus.yml is mounted');
    assert.ok(prometheus.command?.includes(`--config.file=${target}`));
  });

  it('scrapes every service on the port serving its /metrics, as a job named after the service', () => {
    for (const [name, { metricsPort }] of Object.entries(PLATFORM)) {
      const job = config.scrape_configs.find(({ job_name }) => job_name === name);
      const port = listeningPorts(name).get(metricsPort);
      assert.deepEqual(
        job?.static_configs.flatMap(({ targets }) => targets),
        [`${name}:${port}`],
        `${name}: scrape target`,
      );
    }
  });

  it('evaluates the alert rules the Helm chart ships', () => {
    const target = mountTarget(prometheus, './charts/jobtrack/alerts/jobtrack.rules.yaml');
    assert.ok(target, 'charts/jobtrack/alerts/jobtrack.rules.yaml is mounted');
    const covered = (config.rule_files ?? []).some(
      (glob) =>
        glob === target ||
        (posix.dirname(glob) === posix.dirname(target) && posix.basename(glob) === `*${extname(target)}`),
    );
    assert.ok(covered, `rule_files ${config.rule_files?.join(', ')} do not cover ${target}`);
  });
});

describe('Grafana of the compose stack', () => {
  const grafana = infra.services.grafana ?? {};
  const provisioning = mountTarget(grafana, './deploy/grafana/provisioning');
  const dashboards = mountTarget(grafana, './charts/jobtrack/dashboards');

  it('is provisioned from deploy/grafana/provisioning', () => {
    assert.equal(provisioning, '/etc/grafana/provisioning');
  });

  it('loads the dashboards the Helm chart ships, from the folder they are mounted at', () => {
    const { providers } = readYaml<GrafanaDashboardProviders>(
      'deploy/grafana/provisioning/dashboards/jobtrack.yaml',
    );
    assert.ok(dashboards, 'charts/jobtrack/dashboards is mounted');
    assert.deepEqual(
      providers.map(({ type, options }) => [type, options.path]),
      [['file', dashboards]],
    );
    const files = readdirSync(resolve(ROOT, 'charts/jobtrack/dashboards')).filter((file) =>
      file.endsWith('.json'),
    );
    assert.ok(files.length > 0, 'no dashboards to provision');
    const home = environmentOf(grafana).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    assert.equal(posix.dirname(home), dashboards, 'the home dashboard is one of them');
    assert.ok(files.includes(posix.basename(home)), `${home} is not in charts/jobtrack/dashboards`);
  });

  it('has Prometheus and Jaeger as data sources, at the addresses they serve on the compose network', () => {
    const { datasources } = readYaml<GrafanaDatasources>(
      'deploy/grafana/provisioning/datasources/datasources.yaml',
    );
    assert.deepEqual(datasources.map(({ type }) => type).sort(), ['jaeger', 'prometheus']);
    for (const { type, url } of datasources) {
      const [endpoint] = referencedEndpoints(url);
      assert.equal(endpoint?.host, type, `${type}: ${url}`);
      assert.ok(reachablePorts(type).has(endpoint.port), `${type}: nothing listens on ${url}`);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');

  it('builds any service from its SERVICE argument and runs its main.ts from source under tini, not as root', () => {
    assert.match(dockerfile, /^ARG SERVICE$/m);
    assert.match(dockerfile, /^WORKDIR \/app\/services\/\$\{SERVICE\}$/m);
    assert.match(dockerfile, /^CMD \["node", "--conditions=source", "src\/main\.ts"\]$/m);
    assert.match(dockerfile, /^ENTRYPOINT \["\/usr\/local\/bin\/tini", "--"\]$/m);
    assert.match(dockerfile, /^USER [1-9]\d*:[1-9]\d*$/m, 'a numeric non-root user');
    assert.match(dockerfile, /--omit=dev/);
    assert.ok(existsSync(resolve(ROOT, '.dockerignore')));
  });
});
