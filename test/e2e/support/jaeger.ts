/** The parts of Jaeger's query API (/api/traces) that the tests read. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }>;
  tags: Array<{ key: string; type: string; value: unknown }>;
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** A span with its service and tags unpacked, and its parent (the CHILD_OF reference) if it has one. */
export interface TracedSpan {
  id: string;
  name: string;
  service: string;
  parentId: string | undefined;
  tags: Record<string, unknown>;
}

export async function fetchTrace(jaegerUrl: string, traceId: string): Promise<JaegerTrace | undefined> {
  const response = await fetch(`${jaegerUrl}/api/traces/${traceId}`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`Jaeger answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: JaegerTrace[] }).data[0];
}

/** The ids of the traces an operator finds by service and tag, as the Jaeger UI's search does. */
export async function findTraceIds(
  jaegerUrl: string,
  service: string,
  tags: Record<string, string>,
): Promise<string[]> {
  const query = new URLSearchParams({ service, tags: JSON.stringify(tags), lookback: '1h', limit: '20' });
  const response = await fetch(`${jaegerUrl}/api/traces?${query}`);
  if (!response.ok) throw new Error(`Jaeger answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: JaegerTrace[] }).data.map((trace) => trace.traceID);
}

export function spansOf(trace: JaegerTrace): TracedSpan[] {
  return trace.spans.map((span) => ({
    id: span.spanID,
    name: span.operationName,
    service: trace.processes[span.processID]?.serviceName ?? '?',
    parentId: span.references.find((reference) => reference.refType === 'CHILD_OF')?.spanID,
    tags: Object.fromEntries(span.tags.map((tag) => [tag.key, tag.value])),
  }));
}
