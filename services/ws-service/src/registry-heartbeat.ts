import type { Logger } from '@jobtrack/platform';
import type { SocketRegistry, SocketState } from './socket-registry.ts';

/** One slice of the sockets is re-asserted this often; all of them once per `ttl / 3`. */
const SLICE_MS = 1000;

/**
 * Re-asserts this replica's sockets in the registry, a slice every second rather than all at once: ten thousand
 * sockets written in one burst stall Redis and this replica's event loop, which shows as delivery latency. A
 * socket whose position shifts between slices may wait one more period, well inside the TTL of three.
 */
export function startRegistryHeartbeat(options: {
  registry: SocketRegistry;
  sockets: () => Iterable<{ state(): SocketState }>;
  logger: Logger;
}): { stop(): void } {
  const { registry, logger } = options;
  const periodMs = Math.max(1, Math.floor(registry.ttlMs / 3));
  const slices = Math.max(1, Math.floor(periodMs / SLICE_MS));
  let slice = 0;
  let writing = false;
  const timer = setInterval(
    () => {
      if (writing) return;
      const all = [...options.sockets()];
      const size = Math.ceil(all.length / slices);
      const part = all.slice(slice * size, (slice + 1) * size);
      slice = (slice + 1) % slices;
      if (part.length === 0) return;
      writing = true;
      registry
        .refresh(part.map((socket) => socket.state()))
        .catch((error: unknown) => logger.warn({ err: error }, 'socket registry refresh failed'))
        .finally(() => {
          writing = false;
        });
    },
    Math.max(1, Math.floor(periodMs / slices)),
  );
  return { stop: () => clearInterval(timer) };
}
