import assert from 'node:assert/strict';
import { glob, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import {
  ALERTS_DOC,
  allPanels,
  dashboardExpressions,
  headingAnchors,
  loadDashboards,
  loadRules,
  metricNames,
  recordedNames,
  ruleExpressions,
} from './support/monitoring.ts';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template literal.
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

describe('Grafana dashboards', async () => {
  const dashboards = await loadDashboards();

  it('ships the overview and the per-service RED dashboard, with unique stable uids', () => {
    const uids = dashboards.map(({ dashboard }) => dashboard.uid);
    assert.deepEqual(
      dashboards.map(({ file }) => file),
      ['overview.json', 'service-red.json'],
    );
    assert.ok(
      uids.every((uid) => typeof uid === 'string' && /^[\w-]{1,40}$/.test(uid)),
      `uids: ${uids.join(', ')}`,
    );
    assert.equal(new Set(uids).size, uids.length, 'uids are unique');
  });

  for (const { file, dashboard } of dashboards) {
    describe(file, () => {
      const panels = allPanels(dashboard);
      const queried = panels.filter((panel) => panel.type !== 'row');

      it('takes its Prometheus data source from the datasource variable', () => {
        const variables = dashboard.templating?.list ?? [];
        const datasource = variables.find((variable) => variable.name === 'datasource');
        assert.equal(datasource?.type, 'datasource');
        assert.equal(datasource?.query, 'prometheus');
        for (const variable of variables.filter((v) => v.type === 'query')) {
          assert.deepEqual(variable.datasource, DATASOURCE, `variable ${String(variable.name)}`);
        }
      });

      it('has panels with unique ids, each querying Prometheus through the variable', () => {
        assert.ok(queried.length > 0);
        const ids = panels.map((panel) => panel.id);
        assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
        for (const panel of queried) {
          const title = String(panel.title);
          assert.deepEqual(panel.datasource, DATASOURCE, `${title}: datasource`);
          assert.ok((panel.targets ?? []).length > 0, `${title}: has no query`);
          const refIds = (panel.targets ?? []).map((target) => target.refId);
          assert.equal(new Set(refIds).size, refIds.length, `${title}: refIds are unique`);
          for (const target of panel.targets ?? []) {
            assert.ok(typeof target.expr === 'string' && target.expr.trim() !== '', `${title}: empty expr`);
            assert.deepEqual(target.datasource, DATASOURCE, `${title}: target datasource`);
            assert.ok(metricNames(target.expr).size > 0, `${title}: ${target.expr} reads no metric`);
          }
        }
      });

      it('names no instance, pod or host', () => {
        for (const expr of dashboardExpressions(dashboard)) {
          assert.doesNotMatch(expr, /\b(instance|pod|host|node)\s*=~?\s*"(?!\$)/, expr);
        }
      });

      it('only uses the template variables it defines, and Grafana built-ins', () => {
        const defined = new Set((dashboard.templating?.list ?? []).map((variable) => String(variable.name)));
        const text = JSON.stringify(dashboard);
        for (const [, name = ''] of text.matchAll(/\$\{?(\w+)/g)) {
          assert.ok(defined.has(name) || name.startsWith('__'), `unknown variable $${name}`);
        }
      });
    });
  }
});

describe('alert rules', async () => {
  const rules = await loadRules();
  const anchors = headingAnchors(await readFile(ALERTS_DOC, 'utf8'));
  const alerts = rules.groups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined));

  it('is a Prometheus rule file of named groups with rules', () => {
    assert.ok(rules.groups.length > 0);
    const names = rules.groups.map((group) => group.name);
    assert.equal(new Set(names).size, names.length, 'group names are unique');
    for (const group of rules.groups) assert.ok(group.rules.length > 0, `${group.name} has rules`);
  });

  it('covers stuck jobs, consumer lag, dead letters, slow consumers and the error-rate SLOs', () => {
    const names = alerts.map((rule) => String(rule.alert));
    assert.equal(new Set(names).size, names.length, 'alert names are unique');
    for (const expected of [
      'JobtrackSagasStuck',
      'JobtrackConsumerLagHigh',
      'JobtrackDeadLetterGrowth',
      'JobtrackSlowConsumerDisconnectSpike',
      'JobtrackGatewayErrorBudgetFastBurn',
      'JobtrackGrpcErrorBudgetFastBurn',
    ]) {
      assert.ok(names.includes(expected), `missing ${expected}`);
    }
  });

  it('gives every alert an expr, a for, a severity, a summary, a description and a documented runbook', () => {
    for (const rule of alerts) {
      const name = String(rule.alert);
      assert.ok(typeof rule.expr === 'string' && rule.expr.trim() !== '', `${name}: expr`);
      assert.match(String(rule.for), /^\d+[smhd]$/, `${name}: for`);
      assert.ok(['critical', 'warning', 'info'].includes(String(rule.labels?.severity)), `${name}: severity`);
      assert.ok(String(rule.annotations?.summary ?? '').trim() !== '', `${name}: summary`);
      assert.ok(String(rule.annotations?.description ?? '').trim() !== '', `${name}: description`);
      const runbook = /^docs\/alerts\.md#([\w-]+)$/.exec(String(rule.annotations?.runbook_url));
      assert.ok(runbook, `${name}: runbook_url points into docs/alerts.md`);
      assert.equal(runbook[1], name.toLowerCase(), `${name}: the anchor is the alert's heading`);
      assert.ok(anchors.has(runbook[1]), `${name}: docs/alerts.md has no heading for #${runbook[1]}`);
    }
  });

  it('records only what its alerts use', () => {
    const used = new Set(ruleExpressions(rules).flatMap((expr) => [...metricNames(expr)]));
    for (const name of recordedNames(rules)) assert.ok(used.has(name), `${name} is recorded but never used`);
  });
});

/**
 * The metric names the services' sources declare, for an offline early warning; the end-to-end metrics contract
 * scrapes the running services and is the one that counts.
 */
async function declaredInSources(): Promise<{ names: Set<string>; defaultMetrics: boolean }> {
  const names = new Set<string>();
  let defaultMetrics = false;
  const root = new URL('../../', import.meta.url);
  for await (const file of glob('{packages,services}/*/src/**/*.ts', { cwd: root.pathname })) {
    const source = await readFile(new URL(file, root), 'utf8');
    defaultMetrics ||= /\bcollectDefaultMetrics\(/.test(source);
    for (const [, kind, name = ''] of source.matchAll(
      /new (Counter|Gauge|Histogram|Summary)\(\{\s*name: '(\w+)'/g,
    )) {
      names.add(name);
      if (kind === 'Histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    }
  }
  return { names, defaultMetrics };
}

describe('metric names of the dashboards and rules', () => {
  it("are declared in the services' sources", async () => {
    const { names, defaultMetrics } = await declaredInSources();
    assert.ok(names.size > 20, `only ${names.size} metrics found in the sources: is the pattern stale?`);
    const rules = await loadRules();
    const recorded = recordedNames(rules);
    const expressions = [
      ...(await loadDashboards()).flatMap(({ dashboard }) => dashboardExpressions(dashboard)),
      ...ruleExpressions(rules),
    ];
    const used = new Set(expressions.flatMap((expr) => [...metricNames(expr)]));
    const unknown = [...used].filter(
      (name) =>
        !recorded.has(name) && !names.has(name) && !(defaultMetrics && /^(process|nodejs)_/.test(name)),
    );
    assert.deepEqual(unknown, [], `declared by no service: ${unknown.join(', ')}`);
  });
});

describe('metric names in PromQL', () => {
  it('are the identifiers outside label matchers, ranges, label lists, strings and function calls', () => {
    assert.deepEqual(
      [
        ...metricNames(
          'histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{route!="x{y}", job=~"$job"}[$__rate_interval])))' +
            ' / on (topic) group_left sum(b_total offset 1h) > 14.4 * 0.001 unless c:ratio_rate5m > bool 1e3',
        ),
      ],
      ['a_bucket', 'b_total', 'c:ratio_rate5m'],
    );
  });
});
