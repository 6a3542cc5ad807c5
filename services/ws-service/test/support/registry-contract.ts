import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eventually } from '@jobtrack/platform/testing';
import type { RegisteredSocket, SocketRegistry } from '../../src/registry/port.ts';

/**
 * The behaviour every SocketRegistry adapter must have: run against the in-memory one in unit tests and the
 * Redis one in infra tests, so the embedded mode cannot drift from production. `create` gets the TTL to use.
 */
export function socketRegistryContract(
  name: string,
  create: (ttlMs: number) => Promise<SocketRegistry>,
): void {
  describe(`SocketRegistry contract: ${name}`, () => {
    const socket = (user = `user-${randomUUID()}`): RegisteredSocket => ({
      socketId: `socket-${randomUUID()}`,
      user,
    });

    it('counts each socket under its user', async () => {
      const registry = await create(60_000);
      const first = socket();
      const second = socket(first.user);
      await registry.register(first);
      await registry.register(second);
      await registry.register(socket());
      assert.deepEqual(
        (await registry.socketsOfUser(first.user)).toSorted(),
        [first.socketId, second.socketId].toSorted(),
      );
      assert.deepEqual(await registry.socketsOfUser(`user-${randomUUID()}`), []);
    });

    it('forgets a removed socket, and a second remove is harmless', async () => {
      const registry = await create(60_000);
      const removed = socket();
      const kept = socket(removed.user);
      await registry.register(removed);
      await registry.register(kept);
      await registry.remove(removed);
      assert.deepEqual(await registry.socketsOfUser(removed.user), [kept.socketId]);
      await registry.remove(removed);
      assert.deepEqual(await registry.socketsOfUser(removed.user), [kept.socketId]);
    });

    it('expires what is not refreshed and keeps what is', async () => {
      const registry = await create(400);
      const lapsed = socket();
      const refreshed = socket(lapsed.user);
      await registry.register(lapsed);
      await registry.register(refreshed);
      // Each probe is a heartbeat of the replica that still holds `refreshed`, at well under the TTL.
      await eventually(
        async () => {
          await registry.refresh([refreshed]);
          return registry.socketsOfUser(lapsed.user);
        },
        (sockets) => !sockets.includes(lapsed.socketId),
        10_000,
      );
      assert.deepEqual(await registry.socketsOfUser(lapsed.user), [refreshed.socketId]);
    });

    it('restores a socket on refresh, as after losing the registry', async () => {
      const registry = await create(60_000);
      const restored = socket();
      await registry.refresh([restored]);
      assert.deepEqual(await registry.socketsOfUser(restored.user), [restored.socketId]);
      await registry.remove(restored);
      assert.deepEqual(await registry.socketsOfUser(restored.user), []);
    });
  });
}
