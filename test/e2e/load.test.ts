import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Collector } from '@jobtrack/platform/testing';
import { devToken, validOrder } from './support/platform-client.ts';
import { startStack } from './support/stack.ts';
import { connectWs, type Frame, untilTerminal } from './support/ws-client.ts';

const USERS = 20;

/** What a job is asked to do, and so how it must end. */
const KINDS = [
  { share: 7, expect: 'SUCCEEDED', body: () => order({}) },
  { share: 1, expect: 'COMPENSATED', body: () => order({ authorize_payment: { failAttempts: 1000 } }) },
  { share: 2, expect: 'SUCCEEDED', body: () => media() },
] as const;

function order(simulate: Record<string, unknown>) {
  return { type: 'order.place', input: { ...validOrder, orderId: `o-${randomUUID()}`, simulate } };
}

function media() {
  return {
    type: 'media.process',
    input: {
      mediaId: `m-${randomUUID()}`,
      albumId: 'load',
      fileName: 'clip.mp4',
      contentType: 'video/mp4',
      sizeBytes: 1_048_576,
      renditions: ['thumbnail'],
    },
  };
}

interface LoadRun {
  rate: number;
  seconds: number;
  /** Worker processes SIGKILLed at a time into the run, each restarted at once. */
  kills?: Array<{ atMs: number; service: 'job-service' | 'order' }>;
}

/**
 * Submits jobs over REST at a fixed rate (open loop) for USERS users watching all their jobs over WebSocket, then
 * checks every accepted job: it ends as its input says, each seq once and in order, each step applied once, and
 * only its owner saw it. Returns how many submissions were refused (a 503: the job service was down).
 */
async function runLoad(run: LoadRun): Promise<{ accepted: number; refused: number }> {
  const stack = await startStack();
  const watchers: Array<Awaited<ReturnType<typeof connectWs>>> = [];
  try {
    const users = await Promise.all(
      Array.from({ length: USERS }, async (_, n) => {
        const token = await devToken(stack.baseUrl, `load-${n}`);
        const watcher = await connectWs(stack.wsUrls[0] as string, token);
        watchers.push(watcher);
        watcher.socket.send(JSON.stringify({ type: 'subscribe', all: true, level: 'detail' }));
        assert.equal((await watcher.frames.waitFor(1))[0]?.type, 'subscribed');
        return { token, watcher };
      }),
    );

    const expected = new Map<string, { user: number; status: string }>();
    let refused = 0;
    const kinds = KINDS.flatMap((kind) => Array.from({ length: kind.share }, () => kind));
    const submissions: Promise<void>[] = [];
    const kills = [...(run.kills ?? [])];
    const restarts: Promise<unknown>[] = [];
    const started = performance.now();
    for (let n = 0; n < run.rate * run.seconds; n++) {
      // Open loop: each submission leaves on its own schedule, whatever the earlier ones take.
      const due = started + (n * 1000) / run.rate;
      const wait = due - performance.now();
      if (wait > 0) await delay(wait);
      while (kills[0] && performance.now() - started >= kills[0].atMs) {
        const { service } = kills.shift() as { service: string };
        const victim = stack.processes.find((process) => process.name === service);
        assert.ok(victim, `${service} runs`);
        await victim.stop('SIGKILL');
        restarts.push(stack.restart(victim));
      }
      const kind = kinds[n % kinds.length] as (typeof kinds)[number];
      const user = n % USERS;
      submissions.push(
        fetch(`${stack.baseUrl}/v1/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${users[user]?.token}` },
          body: JSON.stringify(kind.body()),
        }).then(async (response) => {
          const body = await response.text();
          if (run.kills && response.status === 503 && body.includes('the job service is unavailable')) {
            refused++;
            return;
          }
          assert.equal(response.status, 202, body);
          expected.set((JSON.parse(body) as { id: string }).id, { user, status: kind.expect });
        }),
      );
    }
    await Promise.all(submissions);
    await Promise.all(restarts);

    // Each wait ends at the job's terminal frame; the runner's timeout bounds the whole.
    for (const [id, { user }] of expected) {
      await untilTerminal(users[user]?.watcher.frames as Collector<Frame>, id, 120_000);
    }

    for (const [id, { user, status }] of expected) {
      const events = (users[user]?.watcher.frames.items ?? []).filter(
        (frame) => frame.type === 'event' && frame.jobId === id,
      );
      assert.equal(events.at(-1)?.status, status, `job ${id} ended as its input says`);
      const seqs = events.map((event) => event.seq ?? 0);
      assert.deepEqual(
        seqs,
        seqs.map((_, index) => index + 1),
        `job ${id}: every seq once, in order`,
      );
      const steps = events
        .filter((event) => event.progress?.message === 'done')
        .map((event) => event.progress?.step);
      assert.equal(new Set(steps).size, steps.length, `job ${id}: no step applied twice`);
    }
    for (const [user, { watcher }] of users.entries()) {
      const foreign = watcher.frames.items.filter(
        (frame) => frame.type === 'event' && expected.get(frame.jobId ?? '')?.user !== user,
      );
      assert.deepEqual(foreign, [], `user ${user} saw only their own jobs`);
    }
    return { accepted: expected.size, refused };
  } finally {
    for (const watcher of watchers) watcher.socket.terminate();
    await stack.stop();
  }
}

describe('load, every service its own process, jobs watched over WebSocket', () => {
  it('100 jobs/s for 10 s: every job ends as its input says, each seq once and in order, each step applied once', async (t) => {
    const { accepted, refused } = await runLoad({ rate: 100, seconds: 10 });
    assert.deepEqual([accepted, refused], [1000, 0]);
    t.diagnostic(`${accepted} jobs accepted and checked`);
  });

  it('200 jobs/s for 10 s, the job service then the order orchestrator SIGKILLed and restarted: nothing lost or applied twice', async (t) => {
    const { accepted, refused } = await runLoad({
      rate: 200,
      seconds: 10,
      kills: [
        { atMs: 3000, service: 'job-service' },
        { atMs: 6000, service: 'order' },
      ],
    });
    // The gateway may refuse only for want of the job service, with a 503 that says so; everything accepted ends.
    assert.ok(accepted > 0, `${accepted} accepted`);
    t.diagnostic(`${accepted} jobs accepted and checked, ${refused} refused while the job service was down`);
  });
});
