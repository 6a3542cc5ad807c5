import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryJobStore } from '@jobtrack/job-service';
import { MemoryBus } from '@jobtrack/platform';
import { jobEvents, jobList, jobResource } from '../../src/resources.ts';
import { client, expectJson, expectProblem } from '../support/http.ts';
import { type GatewayStack, startGatewayStack, validOrder } from '../support/stack.ts';

const order = { type: 'order.place', input: validOrder };

describe('REST gateway: list and cancel', () => {
  let stack: GatewayStack;
  let alice: ReturnType<typeof client>;
  let bob: ReturnType<typeof client>;
  before(async () => {
    stack = await startGatewayStack({ bus: new MemoryBus(), store: new MemoryJobStore() });
    alice = client(stack.baseUrl, await stack.token('alice'));
    bob = client(stack.baseUrl, await stack.token('bob'));
  });
  after(() => stack.stop());

  const submit = async (as: typeof alice) => expectJson(await as.post('/v1/jobs', order), 202, jobResource);

  it('lists the caller’s jobs newest first, page by page, until no nextPageToken', async () => {
    const lister = client(stack.baseUrl, await stack.token('lister'));
    const created = [];
    for (let index = 0; index < 5; index++) created.push((await submit(lister)).id);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = `page_size=2${token ? `&page_token=${encodeURIComponent(token)}` : ''}`;
      const page = await expectJson(await lister.get(`/v1/jobs?${query}`), 200, jobList);
      assert.ok(page.jobs.length <= 2);
      seen.push(...page.jobs.map((job) => job.id));
      token = page.nextPageToken;
      pages++;
    } while (token && pages < 10);
    assert.deepEqual(seen, created.toReversed());

    const all = await expectJson(await lister.get('/v1/jobs'), 200, jobList);
    assert.equal(all.jobs.length, 5);
    assert.equal(all.nextPageToken, undefined);
  });

  it('filters by status and type', async () => {
    const filterer = client(stack.baseUrl, await stack.token('filterer'));
    const running = await submit(filterer);
    const pending = await submit(filterer);
    await stack.report(running.id, 1, 'RUNNING');
    await stack.updated(running.id, 1);
    const onlyRunning = await expectJson(await filterer.get('/v1/jobs?status=RUNNING'), 200, jobList);
    assert.deepEqual(
      onlyRunning.jobs.map((job) => job.id),
      [running.id],
    );
    const onlyPending = await expectJson(await filterer.get('/v1/jobs?status=PENDING'), 200, jobList);
    assert.deepEqual(
      onlyPending.jobs.map((job) => job.id),
      [pending.id],
    );
    const ofType = await expectJson(await filterer.get('/v1/jobs?type=order.place'), 200, jobList);
    assert.equal(ofType.jobs.length, 2);
    const otherType = await expectJson(await filterer.get('/v1/jobs?type=media.transcode'), 200, jobList);
    assert.deepEqual(otherType.jobs, []);
  });

  it('answers 400 naming the query parameter that is invalid, and for a bad page_token', async () => {
    const fieldOf = async (query: string) =>
      (await expectProblem(await alice.get(`/v1/jobs?${query}`), 400)).errors?.map((error) => error.field);
    assert.deepEqual(await fieldOf('page_size=0'), ['page_size']);
    assert.deepEqual(await fieldOf('page_size=201'), ['page_size']);
    assert.deepEqual(await fieldOf('page_size=ten'), ['page_size']);
    assert.deepEqual(await fieldOf('page_size=1.5'), ['page_size']);
    assert.deepEqual(await fieldOf('status=DONE'), ['status']);
    assert.deepEqual(await fieldOf('status=RUNNING&status=PENDING'), ['status']);
    assert.deepEqual(await fieldOf('pageSize=10'), ['pageSize']);
    assert.deepEqual(await fieldOf('page_token=not-a-token'), ['page_token']);
  });

  it('answers 400 for a page_token used by another user or with other filters', async () => {
    const paged = client(stack.baseUrl, await stack.token('paged'));
    for (let index = 0; index < 3; index++) await submit(paged);
    const page = await expectJson(await paged.get('/v1/jobs?page_size=1'), 200, jobList);
    const token = encodeURIComponent(page.nextPageToken ?? '');
    assert.ok(token);
    await expectProblem(await bob.get(`/v1/jobs?page_size=1&page_token=${token}`), 400);
    await expectProblem(await paged.get(`/v1/jobs?page_size=1&status=RUNNING&page_token=${token}`), 400);
  });

  it('cancels a running job: 200, cancelRequested, no cancel link once done', async () => {
    const job = await submit(alice);
    await stack.report(job.id, 1, 'RUNNING');
    await stack.updated(job.id, 1);
    const cancelled = await expectJson(await alice.post(`/v1/jobs/${job.id}:cancel`), 200, jobResource);
    assert.equal(cancelled.cancelRequested, true);
    assert.ok(['CANCELLING', 'RUNNING'].includes(cancelled.status));
    assert.equal(cancelled.done, false);
    const again = await expectJson(await alice.post(`/v1/jobs/${job.id}:cancel`), 200, jobResource);
    assert.equal(again.cancelRequested, true, 'repeating a cancel is harmless');

    // The orchestrator's event counter is its own; the job's seq counts every applied change, the cancel too.
    await stack.report(job.id, 2, 'CANCELLED', {
      error: { code: 'CANCELLED', message: 'cancelled by its owner' },
    });
    await stack.updated(job.id, again.seq + 1);
    const ended = await expectJson(await alice.get(`/v1/jobs/${job.id}`), 200, jobResource);
    assert.equal(ended.status, 'CANCELLED');
    assert.equal(ended.links.cancel, undefined);
    const refused = await expectProblem(await alice.post(`/v1/jobs/${job.id}:cancel`), 409);
    assert.match(refused.detail, /cannot be cancelled/);
  });

  it('never shows one user’s jobs to another: get, list, events and cancel all answer as if there were none', async () => {
    const mine = await submit(alice);
    await stack.report(mine.id, 1, 'RUNNING');
    await stack.updated(mine.id, 1);
    const theirs = await submit(bob);

    const missing = await expectProblem(await bob.get('/v1/jobs/00000000-0000-4000-8000-000000000000'), 404);
    const hidden = await expectProblem(await bob.get(`/v1/jobs/${mine.id}`), 404);
    assert.equal(hidden.title, missing.title);
    assert.equal(hidden.detail, `no job ${mine.id}`);
    await expectProblem(await bob.get(`/v1/jobs/${mine.id}/events`), 404);
    await expectProblem(await bob.get(`/v1/jobs/${mine.id}/events`, { accept: 'text/event-stream' }), 404);
    await expectProblem(await bob.post(`/v1/jobs/${mine.id}:cancel`), 404);

    const bobsList = await expectJson(await bob.get('/v1/jobs?page_size=200'), 200, jobList);
    assert.ok(bobsList.jobs.every((job) => job.owner === 'bob'));
    assert.ok(bobsList.jobs.some((job) => job.id === theirs.id));
    assert.ok(!bobsList.jobs.some((job) => job.id === mine.id));
    const alicesList = await expectJson(await alice.get('/v1/jobs?page_size=200'), 200, jobList);
    assert.ok(alicesList.jobs.every((job) => job.owner === 'alice'));
    assert.ok(!alicesList.jobs.some((job) => job.id === theirs.id));

    const untouched = await expectJson(await alice.get(`/v1/jobs/${mine.id}`), 200, jobResource);
    assert.equal(untouched.cancelRequested, false, 'bob’s cancel did nothing');
    const history = await expectJson(await alice.get(`/v1/jobs/${mine.id}/events`), 200, jobEvents);
    assert.equal(history.updates.length, 1);
  });
});
