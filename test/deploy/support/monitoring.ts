import { readdir, readFile } from 'node:fs/promises';
import { parse } from 'yaml';

const ROOT = new URL('../../../', import.meta.url);
export const DASHBOARDS_DIR = new URL('charts/jobtrack/dashboards/', ROOT);
export const RULES_FILE = new URL('charts/jobtrack/alerts/jobtrack.rules.yaml', ROOT);
export const ALERTS_DOC = new URL('docs/alerts.md', ROOT);

export interface Target {
  expr?: unknown;
  refId?: unknown;
  datasource?: unknown;
}

export interface Panel {
  id?: unknown;
  type?: unknown;
  title?: unknown;
  datasource?: unknown;
  targets?: Target[];
  panels?: Panel[];
}

export interface Dashboard {
  uid?: unknown;
  title?: unknown;
  panels?: Panel[];
  templating?: { list?: { name?: unknown; type?: unknown; query?: unknown; datasource?: unknown }[] };
}

export interface Rule {
  alert?: unknown;
  record?: unknown;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}

export async function loadDashboards(): Promise<{ file: string; dashboard: Dashboard }[]> {
  const files = (await readdir(DASHBOARDS_DIR)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      file,
      dashboard: JSON.parse(await readFile(new URL(file, DASHBOARDS_DIR), 'utf8')) as Dashboard,
    })),
  );
}

export async function loadRules(): Promise<RuleFile> {
  return parse(await readFile(RULES_FILE, 'utf8')) as RuleFile;
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** The PromQL of every panel target and of every query variable (label_values(<selector>, label)). */
export function dashboardExpressions(dashboard: Dashboard): string[] {
  const targets = allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).flatMap((target) => (typeof target.expr === 'string' ? [target.expr] : [])),
  );
  const variables = (dashboard.templating?.list ?? []).flatMap((variable) => {
    if (variable.type !== 'query') return [];
    const query = variable.query;
    const text = typeof query === 'string' ? query : (query as { query?: unknown } | undefined)?.query;
    if (typeof text !== 'string') return [];
    const labelValues = /^\s*label_values\((.*),\s*[a-zA-Z_]\w*\s*\)\s*$/s.exec(text);
    return [labelValues?.[1] ?? text];
  });
  return [...targets, ...variables];
}

export function ruleExpressions(rules: RuleFile): string[] {
  return rules.groups.flatMap((group) =>
    group.rules.flatMap((rule) => (typeof rule.expr === 'string' ? [rule.expr] : [])),
  );
}

/** Series the rules record: defined here rather than exported, so the contract is about their sources. */
export function recordedNames(rules: RuleFile): Set<string> {
  return new Set(
    rules.groups.flatMap((group) =>
      group.rules.flatMap((rule) => (typeof rule.record === 'string' ? [rule.record] : [])),
    ),
  );
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'inf',
  'nan',
]);

/** Label lists of grouping and vector-matching modifiers: `by (le, type)`, `on (topic) group_left`. */
const LABEL_LISTS = /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;

/**
 * The metric names a PromQL expression reads. Not a parser: strings, Grafana variables, label matchers, range
 * selectors and label lists are blanked out, and what is left that looks like an identifier, is not followed by
 * `(` (a function or aggregation) and is not a keyword, is a metric name.
 */
export function metricNames(expr: string): Set<string> {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(LABEL_LISTS, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.:])[a-zA-Z_:][\w:]*(?!\w)/g)) {
    const rest = stripped.slice((match.index ?? 0) + match[0].length);
    if (/^\s*\(/.test(rest) || KEYWORDS.has(match[0].toLowerCase())) continue;
    names.add(match[0]);
  }
  return names;
}

/** The anchors GitHub gives the headings of a markdown document. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading = ''] of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    anchors.add(
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return anchors;
}
