import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type JobCommand, TOPICS } from '@jobtrack/contracts';
import { MemoryJobStore } from '@jobtrack/job-service';
import { createDevTokenIssuer, MemoryBus, PERMISSIONS } from '@jobtrack/platform';
import { Collector } from '@jobtrack/platform/testing';
import { base64url } from 'jose';
import { devToken, jobResource } from '../../src/resources.ts';
import { client, expectJson, expectProblem } from '../support/http.ts';
import { AUDIENCE, type GatewayStack, ISSUER, startGatewayStack, validOrder } from '../support/stack.ts';

const order = { type: 'order.place', input: validOrder };

describe('REST gateway: submit and get', () => {
  let stack: GatewayStack;
  let alice: ReturnType<typeof client>;
  /** Start commands by job id, with the message key they were sent under. */
  const starts = new Map<string, Collector<{ key: string; command: JobCommand }>>();
  const startsOf = (jobId: string) => {
    let collector = starts.get(jobId);
    if (!collector) {
      collector = new Collector();
      starts.set(jobId, collector);
    }
    return collector;
  };
  let stopCommands: () => Promise<void>;
  before(async () => {
    stack = await startGatewayStack({ bus: new MemoryBus(), store: new MemoryJobStore() });
    alice = client(stack.baseUrl, await stack.token('alice'));
    const consumer = await stack.messaging.consume({
      groupId: 'test-orchestrator',
      topic: TOPICS.orderCommands,
      handle: async (command, meta) => {
        if (command.start) startsOf(command.jobId).push({ key: meta.key, command });
      },
    });
    stopCommands = () => consumer.stop();
  });
  after(async () => {
    await stopCommands();
    await stack.stop();
  });

  it('accepts a job with 202, a Location and the PENDING job, and dispatches its command keyed by job id', async () => {
    const response = await alice.post('/v1/jobs', order);
    const job = await expectJson(response, 202, jobResource);
    assert.equal(response.headers.get('location'), `/v1/jobs/${job.id}`);
    assert.equal(response.headers.get('idempotent-replayed'), null);
    assert.equal(job.status, 'PENDING');
    assert.equal(job.type, 'order.place');
    assert.equal(job.owner, 'alice');
    assert.equal(job.done, false);
    assert.equal(job.result, undefined);
    assert.equal(job.error, undefined);
    assert.deepEqual(job.links, {
      self: `/v1/jobs/${job.id}`,
      events: `/v1/jobs/${job.id}/events`,
      cancel: `/v1/jobs/${job.id}:cancel`,
    });
    assert.ok(Date.parse(job.expiresAt) > Date.parse(job.createdAt));

    const [dispatched] = await startsOf(job.id).waitFor(1);
    assert.equal(dispatched?.key, job.id);
    assert.equal(dispatched?.command.owner, 'alice');
    assert.equal(dispatched?.command.type, 'order.place');
    assert.deepEqual(JSON.parse(dispatched?.command.start?.inputJson ?? 'null'), validOrder);
  });

  it('serves a running job with Retry-After, and a finished one with its result and without', async () => {
    const job = await expectJson(await alice.post('/v1/jobs', order), 202, jobResource);
    const pending = await alice.get(`/v1/jobs/${job.id}`);
    assert.equal(pending.headers.get('retry-after'), '1');
    assert.equal((await expectJson(pending, 200, jobResource)).id, job.id);

    await stack.report(job.id, 1, 'RUNNING');
    await stack.updated(job.id, 1);
    const running = await expectJson(await alice.get(`/v1/jobs/${job.id}`), 200, jobResource);
    assert.equal(running.status, 'RUNNING');
    assert.deepEqual(running.progress, {
      percent: 10,
      step: 'step-1',
      message: '',
      stepsDone: 1,
      stepsTotal: 10,
    });
    assert.equal(running.result, undefined);

    await stack.report(job.id, 2, 'SUCCEEDED', { resultJson: '{"trackingId":"T-1"}' });
    await stack.updated(job.id, 2);
    const finished = await alice.get(`/v1/jobs/${job.id}`);
    assert.equal(finished.headers.get('retry-after'), null);
    const body = await expectJson(finished, 200, jobResource);
    assert.equal(body.status, 'SUCCEEDED');
    assert.equal(body.done, true);
    assert.deepEqual(body.result, { trackingId: 'T-1' });
    assert.equal(body.error, undefined);
    assert.equal(body.links.cancel, undefined);
  });

  it('renders a failed job with its error and no result', async () => {
    const job = await expectJson(await alice.post('/v1/jobs', order), 202, jobResource);
    await stack.report(job.id, 1, 'FAILED', {
      error: { code: 'PAYMENT_DECLINED', message: 'card declined' },
    });
    await stack.updated(job.id, 1);
    const failed = await expectJson(await alice.get(`/v1/jobs/${job.id}`), 200, jobResource);
    assert.equal(failed.status, 'FAILED');
    assert.deepEqual(failed.error, { code: 'PAYMENT_DECLINED', message: 'card declined' });
    assert.equal('result' in failed, false);
  });

  it('replays a request with the same Idempotency-Key: the same job, 202, Idempotent-Replayed, one job only', async () => {
    const key = { 'idempotency-key': 'order-o-1-attempt' };
    const first = await alice.post('/v1/jobs', order, key);
    const created = await expectJson(first, 202, jobResource);
    const again = await alice.post('/v1/jobs', order, key);
    const replayed = await expectJson(again, 202, jobResource);
    assert.equal(replayed.id, created.id);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.headers.get('location'), `/v1/jobs/${created.id}`);

    // Still PENDING, so the start command goes out again: the gateway may have died before sending it.
    const sent = await startsOf(created.id).waitFor(2);
    assert.deepEqual(
      sent.map(({ key }) => key),
      [created.id, created.id],
    );

    const bob = client(stack.baseUrl, await stack.token('bob'));
    const bobs = await expectJson(await bob.post('/v1/jobs', order, key), 202, jobResource);
    assert.notEqual(bobs.id, created.id, 'keys are scoped to their owner');
  });

  it('does not dispatch again when a replayed job has already started', async () => {
    const key = { 'idempotency-key': '"structured-form-key"' };
    const created = await expectJson(await alice.post('/v1/jobs', order, key), 202, jobResource);
    await stack.report(created.id, 1, 'RUNNING');
    await stack.updated(created.id, 1);
    const replayed = await expectJson(await alice.post('/v1/jobs', order, key), 202, jobResource);
    assert.equal(replayed.id, created.id);
    assert.equal(replayed.status, 'RUNNING');
    // A command sent after the replay has arrived, so a second start for the replayed job would have too.
    const marker = await expectJson(await alice.post('/v1/jobs', order), 202, jobResource);
    await startsOf(marker.id).waitFor(1);
    assert.equal(startsOf(created.id).items.length, 1);
  });

  it('answers 422 when an Idempotency-Key is reused with a different request', async () => {
    const key = { 'idempotency-key': 'reused-key' };
    await expectJson(await alice.post('/v1/jobs', order, key), 202, jobResource);
    const different = { type: 'order.place', input: { ...validOrder, amountCents: 1 } };
    const conflict = await expectProblem(await alice.post('/v1/jobs', different, key), 422);
    assert.deepEqual(
      conflict.errors?.map((error) => error.field),
      ['Idempotency-Key'],
    );
  });

  it('answers 400 naming the Idempotency-Key header when it is malformed', async () => {
    for (const value of ['has space', 'x'.repeat(256), 'tab\there']) {
      const refused = await expectProblem(
        await alice.post('/v1/jobs', order, { 'idempotency-key': value }),
        400,
      );
      assert.deepEqual(
        refused.errors?.map((error) => error.field),
        ['Idempotency-Key'],
        value,
      );
    }
  });

  it('names the fields of an invalid body', async () => {
    const malformed = await expectProblem(
      await fetch(`${stack.baseUrl}/v1/jobs`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await stack.token('alice')}`,
        },
        body: '{"type": "order.place",',
      }),
      400,
    );
    assert.equal(malformed.errors?.[0]?.field, '(body)');
    const fields = async (body: unknown) =>
      (await expectProblem(await alice.post('/v1/jobs', body), 400)).errors?.map((e) => e.field).toSorted();
    assert.deepEqual(await fields({ type: 'teleport', input: {} }), ['type']);
    assert.deepEqual(await fields({ input: {} }), ['type']);
    assert.deepEqual(await fields([1, 2]), ['(body)']);
    assert.deepEqual(await fields({ ...order, extra: 1 }), ['extra']);
    assert.deepEqual(await fields({ type: 'order.place' }), ['input']);
    assert.deepEqual(
      await fields({ type: 'order.place', input: { ...validOrder, items: [{ sku: '', quantity: 0 }] } }),
      ['input.items[0].quantity', 'input.items[0].sku'],
    );
    assert.deepEqual(await fields({ type: 'order.place', input: { ...validOrder, currency: 'euro' } }), [
      'input.currency',
    ]);
  });

  it('answers 415 for a body that is not JSON and 413 for an oversized one', async () => {
    await expectProblem(
      await alice.post('/v1/jobs', undefined, { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
    );
    await expectProblem(await alice.post('/v1/jobs', undefined), 415);
    const huge = { type: 'order.place', input: { ...validOrder, orderId: 'x'.repeat(20_000) } };
    await expectProblem(await alice.post('/v1/jobs', huge), 413);
  });

  it('answers 400 naming the id for a malformed job id, and 404 for an unknown one', async () => {
    const bad = await expectProblem(await alice.get('/v1/jobs/not%20an%20id'), 400);
    assert.deepEqual(
      bad.errors?.map((error) => error.field),
      ['id'],
    );
    await expectProblem(await alice.get(`/v1/jobs/${'a'.repeat(129)}`), 400);
    await expectProblem(await alice.get('/v1/jobs/no-such-job'), 404);
    await expectProblem(await alice.get('/v1/jobs/%E0%A4%A'), 400);
  });

  it('answers 404 problem for an unknown route and 405 with Allow for a known path with another method', async () => {
    await expectProblem(await fetch(`${stack.baseUrl}/v2/nothing`), 404);
    await expectProblem(await alice.get('/v1/jobs/x/y/z'), 404);
    const token = await stack.token('alice');
    const cases: Array<[string, string, string]> = [
      ['DELETE', '/v1/jobs', 'GET, POST, HEAD, OPTIONS'],
      ['PUT', '/v1/jobs/abc', 'GET, HEAD, OPTIONS'],
      ['GET', '/v1/jobs/abc:cancel', 'POST, OPTIONS'],
      ['POST', '/v1/jobs/abc/events', 'GET, HEAD, OPTIONS'],
      ['POST', '/v1/openapi.json', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
      });
      await expectProblem(response, 405);
      assert.equal(response.headers.get('allow'), allow, `${method} ${path}`);
    }
  });

  it('routes the cancel custom method apart from the job it names', async () => {
    const job = await expectJson(await alice.post('/v1/jobs', order), 202, jobResource);
    const cancelled = await expectJson(await alice.post(`/v1/jobs/${job.id}:cancel`), 200, jobResource);
    assert.equal(cancelled.id, job.id);
    const read = await expectJson(await alice.get(`/v1/jobs/${job.id}`), 200, jobResource);
    assert.equal(read.cancelRequested, true);
  });
});

describe('REST gateway: authentication and permissions', () => {
  let stack: GatewayStack;
  before(async () => {
    stack = await startGatewayStack({ bus: new MemoryBus(), store: new MemoryJobStore() });
  });
  after(() => stack.stop());

  const submit = (authorization: string) =>
    fetch(`${stack.baseUrl}/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(order),
    });

  it('answers 401 without a token and with a malformed one', async () => {
    const missing = await submit('');
    await expectProblem(missing, 401);
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    await expectProblem(await submit('Bearer not-a-jwt'), 401);
    await expectProblem(await submit('Basic YWxpY2U6c2VjcmV0'), 401);
  });

  it('answers 401 for a token signed by another key, an expired one and a none-algorithm one', async () => {
    const forger = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const forged = await submit(`Bearer ${(await forger.mint('alice')).token}`);
    await expectProblem(forged, 401);
    assert.match(forged.headers.get('www-authenticate') ?? '', /invalid_token/);

    const expired = await expectProblem(
      await submit(`Bearer ${(await stack.issuer.mint('alice', -120)).token}`),
      401,
    );
    assert.match(expired.detail, /expired/);

    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const claims = { sub: 'alice', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 };
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, permissions: ['jobs:write'] })}.`;
    await expectProblem(await submit(`Bearer ${unsigned}`), 401);
  });

  it('answers 403 when the token lacks the permission the operation needs', async () => {
    const reader = client(stack.baseUrl, await stack.token('alice', [PERMISSIONS.jobsRead]));
    const writer = client(stack.baseUrl, await stack.token('alice', [PERMISSIONS.jobsWrite]));
    const refused = await reader.post('/v1/jobs', order);
    const problem = await expectProblem(refused, 403);
    assert.match(problem.detail, /jobs:write/);
    assert.match(refused.headers.get('www-authenticate') ?? '', /insufficient_scope/);

    const job = await expectJson(await writer.post('/v1/jobs', order), 202, jobResource);
    await expectProblem(await writer.get(`/v1/jobs/${job.id}`), 403);
    await expectProblem(await writer.get('/v1/jobs'), 403);
    await expectProblem(await writer.get(`/v1/jobs/${job.id}/events`), 403);
    await expectProblem(await reader.post(`/v1/jobs/${job.id}:cancel`), 403);
    await expectJson(await reader.get(`/v1/jobs/${job.id}`), 200, jobResource);
    await expectJson(await writer.post(`/v1/jobs/${job.id}:cancel`), 200, jobResource);

    const none = client(stack.baseUrl, await stack.token('alice', []));
    await expectProblem(await none.get('/v1/jobs'), 403);
  });

  it('mints dev tokens, with every permission or the subset asked for, and serves the key set', async () => {
    const jwks = (await (await fetch(`${stack.baseUrl}/.well-known/jwks.json`)).json()) as {
      keys: unknown[];
    };
    assert.equal(jwks.keys.length, 1);
    const mint = (body: unknown, contentType = 'application/json') =>
      fetch(`${stack.baseUrl}/v1/dev/token`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify(body),
      });
    const full = await expectJson(await mint({ sub: 'carol' }), 201, devToken);
    await expectJson(await submit(`Bearer ${full.token}`), 202, jobResource);

    const readOnly = await expectJson(
      await mint({ sub: 'carol', permissions: ['jobs:read'] }),
      201,
      devToken,
    );
    await expectProblem(await submit(`Bearer ${readOnly.token}`), 403);

    const badPermission = await expectProblem(await mint({ sub: 'carol', permissions: ['jobs:admin'] }), 400);
    assert.deepEqual(
      badPermission.errors?.map((error) => error.field),
      ['permissions[0]'],
    );
    await expectProblem(await mint({ sub: 'carol' }, 'text/plain'), 415);
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
      await expectProblem(token, 404);
    } finally {
      await stack.stop();
    }
  });
});
