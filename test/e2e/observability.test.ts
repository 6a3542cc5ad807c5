import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@jobtrack/platform/testing';
import { fetchTrace, findTraceIds, spansOf, type TracedSpan } from './support/jaeger.ts';
import { type Observability, observability } from './support/observability.ts';
import { devToken, submitOrder, validOrder } from './support/platform-client.ts';
import { type Stack, startStack } from './support/stack.ts';
import { connectWs, untilTerminal } from './support/ws-client.ts';

/** Every service an order's trace must cross, as each names itself (service.name). */
const SERVICES = ['gateway', 'job-service', 'order-orchestrator', 'participants', 'ws-service'];
const DASHBOARDS = ['overview.json', 'service-red.json'].map(
  (file) => new URL(`../../charts/jobtrack/dashboards/${file}`, import.meta.url),
);
/** Panels that show the flow of jobs: after real jobs, each of their queries must return series. */
const FLOW_PANELS = new Set([
  'Jobs submitted',
  'Jobs finished, by status',
  'Saga step latency p50 and p99',
  'Consumer lag, by group and topic',
  'Job update delay to the ws-service, p50 and p99',
  'Messages per second, by topic',
  'Frames delivered per second, by type',
  'Open WebSocket connections',
  'Requests per second',
  'HTTP requests per second, by route and status',
  'HTTP latency p50 and p99',
  'Saga step and delivery latency p99',
]);
/** What Grafana would put in place of each variable: all values, and windows that cover the test's jobs. */
const GRAFANA_VARIABLES: Array<[RegExp, string]> = [
  [/\$__rate_interval/g, '1m'],
  [/\$__range/g, '1h'],
  [/\$(type|job|instance)\b/g, '.*'],
];

interface Panel {
  title: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}

function* panelsOf(panels: Panel[]): Generator<Panel> {
  for (const panel of panels) {
    yield panel;
    yield* panelsOf(panel.panels ?? []);
  }
}

describe('observability on the real Jaeger and Prometheus, every service its own process', () => {
  let observe: Observability | undefined;
  let stack: Stack | undefined;
  let watcher: Awaited<ReturnType<typeof connectWs>> | undefined;
  let token = '';
  /** The jobs run in `before`, each with the trace id its frames carry. */
  const jobs: Array<{ id: string; traceId: string; status: string }> = [];

  before(async () => {
    observe = await observability();
    stack = await startStack({ otlpEndpoint: observe.otlpEndpoint });
    // The job label is the service's name, as in the compose and chart scrape configs.
    await observe.start(
      Object.fromEntries(
        Object.entries(stack.metricsUrls).map(([name, url]) => [name.replace(/-\d+$/, ''), url]),
      ),
    );
    token = await devToken(stack.baseUrl, 'observer');
    watcher = await connectWs(stack.wsUrls[0] as string, token);
    watcher.socket.send(JSON.stringify({ type: 'subscribe', all: true, level: 'detail' }));
    assert.equal((await watcher.frames.waitFor(1))[0]?.type, 'subscribed');
    const declined = { ...validOrder, simulate: { authorize_payment: { failAttempts: 1000 } } };
    for (const input of [validOrder, declined]) {
      const job = await submitOrder(stack.baseUrl, token, input);
      const events = await untilTerminal(watcher.frames, job.id, 60_000);
      jobs.push({ id: job.id, traceId: events.at(-1)?.traceId ?? '', status: events.at(-1)?.status ?? '' });
    }
    assert.deepEqual(
      jobs.map((job) => job.status),
      ['SUCCEEDED', 'COMPENSATED'],
    );
  });

  after(async () => {
    watcher?.socket.terminate();
    await stack?.stop();
    await observe?.stop();
  });

  /** The job's trace once Jaeger holds all of it: every service, and the parent of every span but the root. */
  async function wholeTrace(traceId: string): Promise<TracedSpan[]> {
    const { jaegerUrl } = observe as Observability;
    return eventually(
      async () => {
        const trace = await fetchTrace(jaegerUrl, traceId);
        return trace ? spansOf(trace) : [];
      },
      (spans) => {
        const ids = new Set(spans.map((span) => span.id));
        const services = new Set(spans.map((span) => span.service));
        const roots = spans.filter((span) => span.parentId === undefined || !ids.has(span.parentId));
        return SERVICES.every((service) => services.has(service)) && roots.length === 1;
      },
      30_000,
    );
  }

  it('holds each job in one trace across every service, linked parent to child over HTTP, gRPC and every Kafka hop', async (t) => {
    for (const job of jobs) {
      const spans = await wholeTrace(job.traceId);
      const byId = new Map(spans.map((span) => [span.id, span]));
      const parentOf = (span: TracedSpan) => (span.parentId ? byId.get(span.parentId) : undefined);

      const [root] = spans.filter((span) => span.parentId === undefined);
      assert.equal(root?.service, 'gateway');
      assert.equal(root?.name, 'POST /v1/jobs', 'the root is the REST submission, named by its route');

      const grpcServer = spans.find(
        (span) => span.tags['rpc.system'] === 'grpc' && span.tags['span.kind'] === 'server',
      );
      assert.equal(grpcServer?.service, 'job-service');
      const grpcClient = grpcServer && parentOf(grpcServer);
      assert.equal(grpcClient?.service, 'gateway', 'the gRPC server span is a child of the gateway’s call');
      assert.equal(grpcClient && parentOf(grpcClient), root, 'the gRPC call is a child of the REST request');

      const consumed = spans.filter((span) => span.tags['messaging.operation.type'] === 'process');
      for (const span of consumed) {
        const sent = parentOf(span);
        assert.equal(
          sent?.tags['messaging.operation.type'],
          'send',
          `${span.service} "${span.name}": its parent is the send`,
        );
        assert.equal(sent?.tags['messaging.destination.name'], span.tags['messaging.destination.name']);
      }
      const hops = new Set(consumed.map((span) => `${parentOf(span)?.service} → ${span.service}`));
      for (const hop of [
        'gateway → order-orchestrator',
        'order-orchestrator → participants',
        'participants → order-orchestrator',
        'order-orchestrator → job-service',
        'job-service → ws-service',
      ]) {
        assert.ok(hops.has(hop), `a Kafka hop ${hop} (found ${[...hops].join(', ')})`);
      }

      const depth = (span: TracedSpan): number => {
        const parent = parentOf(span);
        return parent ? 1 + depth(parent) : 1;
      };
      const services = new Map<string, number>();
      for (const span of spans) services.set(span.service, (services.get(span.service) ?? 0) + 1);
      t.diagnostic(
        `${job.status} job: ${spans.length} spans, depth ${Math.max(...spans.map(depth))}, ` +
          [...services].map(([service, count]) => `${service} ${count}`).join(', '),
      );
    }
  });

  it('names and describes spans by the OpenTelemetry semantic conventions, with no token or secret in them', async () => {
    for (const job of jobs) {
      for (const span of await wholeTrace(job.traceId)) {
        const { tags } = span;
        const where = `${span.service} "${span.name}"`;
        if (tags['http.request.method'] !== undefined) {
          for (const key of ['http.response.status_code', 'url.path', 'url.scheme', 'server.port'])
            assert.ok(tags[key] !== undefined, `${where}: ${key}`);
          if (tags['span.kind'] === 'server' && tags['http.route'] !== undefined)
            assert.equal(span.name, `${tags['http.request.method']} ${tags['http.route']}`, where);
        }
        if (tags['rpc.system'] !== undefined) {
          assert.equal(tags['rpc.system'], 'grpc', where);
          for (const key of ['rpc.service', 'rpc.method', 'rpc.grpc.status_code'])
            assert.ok(tags[key] !== undefined, `${where}: ${key}`);
        }
        if (tags['messaging.system'] !== undefined) {
          assert.equal(tags['messaging.system'], 'kafka', where);
          const operation = tags['messaging.operation.type'];
          const destination = tags['messaging.destination.name'];
          assert.ok(operation === 'send' || operation === 'process', `${where}: messaging.operation.type`);
          assert.equal(
            span.name,
            `${operation} ${destination}`,
            `${where}: named "{operation} {destination}"`,
          );
          assert.equal(tags['span.kind'], operation === 'send' ? 'producer' : 'consumer', where);
          assert.ok(tags['messaging.message.id'] !== undefined, `${where}: messaging.message.id`);
          if (operation === 'process')
            for (const key of [
              'messaging.consumer.group.name',
              'messaging.destination.partition.id',
              'messaging.kafka.offset',
            ])
              assert.ok(tags[key] !== undefined, `${where}: ${key}`);
        }
        const text = JSON.stringify(tags);
        assert.ok(!text.includes(token), `${where}: carries the user's token`);
        assert.doesNotMatch(text, /bearer |authorization|password|secret/i, `${where}: carries a credential`);
      }
    }
  });

  it('lets an operator find a job’s trace by service and job id', async () => {
    const { jaegerUrl } = observe as Observability;
    for (const job of jobs) {
      await wholeTrace(job.traceId);
      assert.deepEqual(await findTraceIds(jaegerUrl, 'order-orchestrator', { 'job.id': job.id }), [
        job.traceId,
      ]);
    }
  });

  it('answers every dashboard query in Prometheus, and the flow panels show the jobs', async () => {
    const { prometheusUrl } = observe as Observability;
    const query = async (expr: string) => {
      const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { result: unknown[] };
      };
      assert.equal(body.status, 'success', `${expr}: ${body.error}`);
      return body.data?.result.length ?? 0;
    };
    const targets: Array<{ dashboard: string; panel: string; expr: string }> = [];
    for (const url of DASHBOARDS) {
      const dashboard = JSON.parse(await readFile(url, 'utf8')) as { panels: Panel[] };
      for (const panel of panelsOf(dashboard.panels))
        for (const target of panel.targets ?? []) {
          if (!target.expr) continue;
          const expr = GRAFANA_VARIABLES.reduce(
            (text, [variable, value]) => text.replace(variable, value),
            target.expr,
          );
          targets.push({ dashboard: url.pathname.split('/').at(-1) as string, panel: panel.title, expr });
        }
    }
    assert.ok(targets.length > 40, `${targets.length} queries`);
    const flowing = targets.filter((target) => FLOW_PANELS.has(target.panel));
    assert.equal(
      new Set(flowing.map((target) => target.panel)).size,
      FLOW_PANELS.size,
      'every flow panel exists',
    );
    // Prometheus scrapes every second; the flow shows once a scrape after the jobs has been evaluated.
    const empty = await eventually(
      async () => {
        const missing: string[] = [];
        for (const target of flowing)
          if ((await query(target.expr)) === 0)
            missing.push(`${target.dashboard} "${target.panel}": ${target.expr}`);
        return missing;
      },
      (missing) => missing.length === 0,
      30_000,
    ).catch((error: Error) => [error.message]);
    assert.deepEqual(empty, [], 'flow panels with no series');
    for (const target of targets) await query(target.expr);
  });
});
