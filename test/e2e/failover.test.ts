import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { devToken, validOrder } from './support/platform-client.ts';
import { startStack } from './support/stack.ts';
import { connectWs, type Frame, untilTerminal } from './support/ws-client.ts';

/** A process's work must move again within this of its SIGKILL. */
const FAILOVER_BOUND_MS = 3000;
const SUBMIT_FOR_MS = 4000;
const KILL_AFTER_MS = 2000;
const SUBMIT_EVERY_MS = 100;

interface Arrival {
  jobId: string;
  seq: number;
  status: string;
  at: number;
}

/** POST /v1/jobs for an order of its own (the saga locks per order id); null when the gateway refuses it. */
async function trySubmit(baseUrl: string, token: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ type: 'order.place', input: { ...validOrder, orderId: `o-${randomUUID()}` } }),
  });
  const body = await response.text();
  if (response.status === 202) return (JSON.parse(body) as { id: string }).id;
  assert.ok(
    response.status >= 500,
    `a refusal is the platform's, not the request's: ${response.status} ${body}`,
  );
  return null;
}

describe('failover: a killed worker with a live peer, restarted', () => {
  for (const victim of ['job-service', 'order'] as const) {
    it(`${victim}: every job in flight moves again within 3 s of a SIGKILL, none lost, seq gap-free`, async (t) => {
      // Steps of 300 ms: a job in flight produces an event at least that often, so a stall shows.
      const stack = await startStack({ env: { participants: { PARTICIPANT_LATENCY_MS: '300' } } });
      try {
        await stack.addWorker(victim);
        const killed = stack.processes.find((process) => process.name === victim);
        assert.ok(killed);
        const token = await devToken(stack.baseUrl, `failover-${victim}`);
        const watcher = await connectWs(stack.wsUrls[0] as string, token);
        const arrivals: Arrival[] = [];
        watcher.socket.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as Frame;
          if (frame.type !== 'event' || !frame.jobId) return;
          arrivals.push({
            jobId: frame.jobId,
            seq: frame.seq ?? 0,
            status: frame.status ?? '',
            at: performance.now(),
          });
        });
        try {
          watcher.socket.send(JSON.stringify({ type: 'subscribe', all: true, level: 'detail' }));
          assert.equal((await watcher.frames.waitFor(1))[0]?.type, 'subscribed');

          const accepted: string[] = [];
          let refused = 0;
          let killedAt = 0;
          let restarting: Promise<unknown> | undefined;
          const started = performance.now();
          while (performance.now() - started < SUBMIT_FOR_MS) {
            if (!killedAt && performance.now() - started >= KILL_AFTER_MS) {
              killedAt = performance.now();
              await killed.stop('SIGKILL');
              restarting = stack.restart(killed);
            }
            const id = await trySubmit(stack.baseUrl, token);
            if (id) accepted.push(id);
            else refused++;
            await delay(SUBMIT_EVERY_MS);
          }
          await restarting;
          for (const id of accepted) await untilTerminal(watcher.frames, id, 60_000);

          const byJob = new Map<string, Arrival[]>();
          for (const arrival of arrivals)
            byJob.set(arrival.jobId, [...(byJob.get(arrival.jobId) ?? []), arrival]);
          for (const id of accepted) {
            const events = byJob.get(id) ?? [];
            assert.equal(events.at(-1)?.status, 'SUCCEEDED', `job ${id} ended as its input says`);
            const seqs = events.map((event) => event.seq);
            assert.deepEqual(
              seqs,
              seqs.map((_, index) => index + 1),
              `job ${id}: seq gap-free, nothing twice`,
            );
          }
          if (victim === 'order')
            assert.equal(refused, 0, 'the gateway never needs the orchestrator to accept');

          const inFlight = accepted.filter((id) => {
            const events = byJob.get(id) ?? [];
            return events.some((event) => event.at < killedAt) && events.some((event) => event.at > killedAt);
          });
          assert.ok(inFlight.length > 0, 'jobs were running across the kill');
          const stalls = inFlight.map((id) => {
            const next = (byJob.get(id) ?? []).find((event) => event.at > killedAt) as Arrival;
            return { id, ms: Math.round(next.at - killedAt) };
          });
          const worst = stalls.reduce((a, b) => (b.ms > a.ms ? b : a));
          t.diagnostic(
            `${accepted.length} accepted, ${refused} refused, ${inFlight.length} in flight at the kill; ` +
              `slowest moved again ${worst.ms} ms after it`,
          );
          assert.ok(
            worst.ms < FAILOVER_BOUND_MS,
            `job ${worst.id} moved again ${worst.ms} ms after the kill (${inFlight.length} jobs in flight)`,
          );
        } finally {
          watcher.socket.terminate();
        }
      } finally {
        await stack.stop();
      }
    });
  }
});
