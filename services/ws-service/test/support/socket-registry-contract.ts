import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eventually } from '@jobtrack/platform/testing';
import type { SocketEntry, SocketRegistry } from '../../src/socket-registry.ts';

/**
 * The behaviour every SocketRegistry adapter must have: run against the in-memory one in unit tests and the
 * Redis one in infra tests, so the embedded mode cannot drift from production. `create` gets the TTL to use.
 */
export function socketRegistryContract(
  name: string,
  create: (ttlMs: number) => Promise<SocketRegistry>,
): void {
  describe(`SocketRegistry contract: ${name}`, () => {
    const entry = (user = `user-${randomUUID()}`): SocketEntry => ({
      socketId: `socket-${randomUUID()}`,
      user,
      instance: 'instance-a',
      connectedAt: 1_700_000_000_123,
    });
    const jobId = () => `job-${randomUUID()}`;

    it('registers a socket under its user', async () => {
      const registry = await create(60_000);
      const first = entry();
      const second = entry(first.user);
      await registry.register(first);
      await registry.register(second);
      assert.deepEqual(await registry.socket(first.socketId), first);
      assert.deepEqual(
        (await registry.socketsOfUser(first.user)).toSorted(),
        [first.socketId, second.socketId].toSorted(),
      );
      assert.deepEqual(await registry.socketsOfUser(`user-${randomUUID()}`), []);
      assert.equal(await registry.socket(`socket-${randomUUID()}`), undefined);
    });

    it('maps a job to the sockets subscribed to it, until they unsubscribe', async () => {
      const registry = await create(60_000);
      const first = entry();
      const second = entry();
      const job = jobId();
      const other = jobId();
      await registry.register(first);
      await registry.register(second);
      await registry.subscribe(first.socketId, job);
      await registry.subscribe(second.socketId, job);
      await registry.subscribe(second.socketId, other);
      assert.deepEqual(
        (await registry.socketsOfJob(job)).toSorted(),
        [first.socketId, second.socketId].toSorted(),
      );
      await registry.unsubscribe(first.socketId, job);
      assert.deepEqual(await registry.socketsOfJob(job), [second.socketId]);
      assert.deepEqual(await registry.socketsOfJob(other), [second.socketId]);
      assert.deepEqual(await registry.socketsOfJob(jobId()), []);
    });

    it('forgets a removed socket everywhere', async () => {
      const registry = await create(60_000);
      const removed = entry();
      const kept = entry(removed.user);
      const job = jobId();
      for (const socket of [removed, kept]) {
        await registry.register(socket);
        await registry.subscribe(socket.socketId, job);
      }
      await registry.remove(removed.socketId);
      assert.equal(await registry.socket(removed.socketId), undefined);
      assert.deepEqual(await registry.socketsOfUser(removed.user), [kept.socketId]);
      assert.deepEqual(await registry.socketsOfJob(job), [kept.socketId]);
      await registry.remove(removed.socketId);
    });

    it('expires what is not refreshed and keeps what is', async () => {
      const registry = await create(400);
      const lapsed = entry();
      const refreshed = entry(lapsed.user);
      const job = jobId();
      for (const socket of [lapsed, refreshed]) {
        await registry.register(socket);
        await registry.subscribe(socket.socketId, job);
      }
      // Each probe is a heartbeat of the instance that still holds `refreshed`, at well under the TTL.
      await eventually(
        async () => {
          await registry.refresh([{ ...refreshed, jobIds: [job] }]);
          return registry.socketsOfJob(job);
        },
        (sockets) => !sockets.includes(lapsed.socketId),
        10_000,
      );
      assert.deepEqual(await registry.socketsOfJob(job), [refreshed.socketId]);
      assert.deepEqual(await registry.socketsOfUser(lapsed.user), [refreshed.socketId]);
      assert.equal(await registry.socket(lapsed.socketId), undefined);
      assert.deepEqual(await registry.socket(refreshed.socketId), refreshed);
    });

    it('restores a socket from its state on refresh, as after losing the registry', async () => {
      const registry = await create(60_000);
      const socket = entry();
      const job = jobId();
      await registry.refresh([{ ...socket, jobIds: [job] }]);
      assert.deepEqual(await registry.socket(socket.socketId), socket);
      assert.deepEqual(await registry.socketsOfUser(socket.user), [socket.socketId]);
      assert.deepEqual(await registry.socketsOfJob(job), [socket.socketId]);
      await registry.remove(socket.socketId);
      assert.deepEqual(await registry.socketsOfJob(job), []);
    });
  });
}
