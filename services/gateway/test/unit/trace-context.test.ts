import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTelemetry } from '@jobtrack/platform/telemetry';

// Tracing starts before anything loads http or gRPC, as each service's instrument.ts does.
const telemetry = startTelemetry('gateway-test', {});
const { MemoryJobStore } = await import('@jobtrack/job-service');
const { MemoryBus } = await import('@jobtrack/platform');
const { jobResource } = await import('../../src/resources.ts');
const { client, expectJson } = await import('../support/http.ts');
const { startGatewayStack, validOrder } = await import('../support/stack.ts');

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('REST gateway with tracing on', () => {
  let stack: Awaited<ReturnType<typeof startGatewayStack>>;
  before(async () => {
    stack = await startGatewayStack({ bus: new MemoryBus(), store: new MemoryJobStore() });
  });
  after(async () => {
    await stack.stop();
    await telemetry.shutdown();
  });

  it('answers with the server span’s traceparent, in the caller’s trace, which the job records', async () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const alice = client(stack.baseUrl, await stack.token('alice'));
    const response = await alice.post(
      '/v1/jobs',
      { type: 'order.place', input: validOrder },
      { traceparent: incoming },
    );
    const job = await expectJson(response, 202, jobResource);
    const [, traceId, spanId] = TRACEPARENT.exec(response.headers.get('traceparent') ?? '') ?? [];
    assert.equal(traceId, '4bf92f3577b34da6a3ce929d0e0e4736', 'the same trace as the caller');
    assert.notEqual(spanId, '00f067aa0ba902b7', 'the server’s own span, not the caller’s');
    assert.equal(job.traceId, traceId, 'one trace id from the HTTP request to the stored job');
  });

  it('starts a trace for a caller that sent none and tells it which', async () => {
    const response = await fetch(`${stack.baseUrl}/v1/openapi.json`);
    assert.match(response.headers.get('traceparent') ?? '', TRACEPARENT);
  });
});
