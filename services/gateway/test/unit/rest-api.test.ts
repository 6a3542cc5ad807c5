import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOPICS } from '@jobtrack/contracts';
import { MemoryJobStore } from '@jobtrack/job-service';
import { MemoryBus } from '@jobtrack/platform';
import { Collector } from '@jobtrack/platform/testing';
import { type GatewayStack, startGatewayStack, validOrder } from '../support/stack.ts';

describe('REST gateway', () => {
  let stack: GatewayStack;
  let alice: string;
  let bob: string;
  before(async () => {
    stack = await startGatewayStack({ bus: new MemoryBus(), store: new MemoryJobStore() });
    alice = await stack.token('alice');
    bob = await stack.token('bob');
  });
  after(() => stack.stop());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.baseUrl}/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice}`, ...headers },
      body,
    });

  async function problem(response: Response, status: number) {
    assert.equal(response.status, status);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await response.json()) as {
      status: number;
      title: string;
      errors?: Array<{ field: string }>;
    };
    assert.equal(body.status, status);
    return body;
  }

  it('accepts a job with 202, a Location and the PENDING job, and dispatches its command keyed by job id', async () => {
    const commands = new Collector<{ key: string; jobId: string; owner: string; input: unknown }>();
    const consumer = await stack.messaging.consume({
      groupId: 'test-orchestrator',
      topic: TOPICS.orderCommands,
      handle: async (command, meta) =>
        commands.push({
          key: meta.key,
          jobId: command.jobId,
          owner: command.owner,
          input: JSON.parse(command.inputJson),
        }),
    });
    const response = await post(JSON.stringify({ type: 'order.place', input: validOrder }));
    assert.equal(response.status, 202);
    const job = (await response.json()) as { id: string; status: string; type: string };
    assert.equal(response.headers.get('location'), `/v1/jobs/${job.id}`);
    assert.equal(job.status, 'PENDING');
    assert.equal(job.type, 'order.place');
    const [command] = await commands.waitFor(1);
    assert.deepEqual(command, { key: job.id, jobId: job.id, owner: 'alice', input: validOrder });
    await consumer.stop();

    const read = await fetch(`${stack.baseUrl}/v1/jobs/${job.id}`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { id: string }).id, job.id);
  });

  it('hides a job from another user with 404, the same as an unknown id', async () => {
    const created = (await (
      await post(JSON.stringify({ type: 'order.place', input: validOrder }))
    ).json()) as { id: string };
    const asBob = await fetch(`${stack.baseUrl}/v1/jobs/${created.id}`, {
      headers: { authorization: `Bearer ${bob}` },
    });
    const unknown = await fetch(`${stack.baseUrl}/v1/jobs/no-such-job`, {
      headers: { authorization: `Bearer ${bob}` },
    });
    const hidden = await problem(asBob, 404);
    const missing = await problem(unknown, 404);
    assert.equal(hidden.title, missing.title);
  });

  it('answers 401 without a token, with a malformed one, and with one signed by another key', async () => {
    await problem(await post('{}', { authorization: '' }), 401);
    await problem(await post('{}', { authorization: 'Bearer not-a-jwt' }), 401);
    const forged = await (await import('@jobtrack/platform')).createDevTokenIssuer({
      issuer: 'jobtrack-dev',
      audience: 'jobtrack',
    });
    const { token } = await forged.mint('alice');
    const response = await post('{}', { authorization: `Bearer ${token}` });
    await problem(response, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /invalid_token/);
  });

  it('answers 401 for an expired token', async () => {
    const { token } = await stack.issuer.mint('alice', -120);
    const body = await problem(await post('{}', { authorization: `Bearer ${token}` }), 401);
    assert.match(JSON.stringify(body), /expired/);
  });

  it('names the fields of an invalid body', async () => {
    const malformed = await problem(await post('{"type": "order.place",'), 400);
    assert.equal(malformed.errors?.[0]?.field, '(body)');
    const unknownType = await problem(await post(JSON.stringify({ type: 'teleport', input: {} })), 400);
    assert.deepEqual(
      unknownType.errors?.map((e) => e.field),
      ['type'],
    );
    const missing = await problem(await post(JSON.stringify({ input: {} })), 400);
    assert.deepEqual(
      missing.errors?.map((e) => e.field),
      ['type'],
    );
    const badInput = await problem(
      await post(
        JSON.stringify({ type: 'order.place', input: { ...validOrder, items: [{ sku: '', quantity: 0 }] } }),
      ),
      400,
    );
    assert.deepEqual(badInput.errors?.map((e) => e.field).toSorted(), [
      'input.items[0].quantity',
      'input.items[0].sku',
    ]);
  });

  it('answers 415 for a body that is not JSON and 413 for an oversized one', async () => {
    await problem(
      await post('type=order.place', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
    );
    const huge = JSON.stringify({
      type: 'order.place',
      input: { ...validOrder, orderId: 'x'.repeat(20_000) },
    });
    await problem(await post(huge), 413);
  });

  it('answers an unknown route with a 404 problem', async () => {
    await problem(await fetch(`${stack.baseUrl}/v2/nothing`), 404);
  });

  it('mints dev tokens and serves the key set in dev-auth mode', async () => {
    const jwks = (await (await fetch(`${stack.baseUrl}/.well-known/jwks.json`)).json()) as {
      keys: unknown[];
    };
    assert.equal(jwks.keys.length, 1);
    const minted = await fetch(`${stack.baseUrl}/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'carol' }),
    });
    assert.equal(minted.status, 201);
    const { token } = (await minted.json()) as { token: string };
    const listed = await post(JSON.stringify({ type: 'order.place', input: validOrder }), {
      authorization: `Bearer ${token}`,
    });
    assert.equal(listed.status, 202);
  });
});

describe('REST gateway without dev auth', () => {
  it('has no dev routes at all', async () => {
    const stack = await startGatewayStack({
      bus: new MemoryBus(),
      store: new MemoryJobStore(),
      devAuth: false,
    });
    try {
      assert.equal((await fetch(`${stack.baseUrl}/.well-known/jwks.json`)).status, 404);
      const token = await fetch(`${stack.baseUrl}/v1/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"sub":"x"}',
      });
      assert.equal(token.status, 404);
    } finally {
      await stack.stop();
    }
  });
});
