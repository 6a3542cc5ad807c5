import { once } from 'node:events';
import { createServer } from 'node:net';

/**
 * Test servers take ports from here, below the kernel's ephemeral range (32768 and up by default): a port from
 * that range, free when chosen, can be taken as the local port of some outgoing connection before the server
 * binds it, and a busy run makes hundreds of those. Random, so concurrent test processes rarely pick alike.
 */
const LOWEST = 20_000;
const HIGHEST = 32_000;
const ATTEMPTS = 50;

/**
 * Every port this process has handed out. A port is free when chosen but its server may bind it seconds later (a
 * Kafka JVM takes that long), so without this a second caller could be handed the same port in between, and one of
 * the two servers would fail to start.
 */
const handedOut = new Set<number>();

async function bindable(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('listening', () => resolve(true));
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1');
  });
  if (!bound) return false;
  server.close();
  await once(server, 'close');
  return true;
}

/** A free loopback port outside the ephemeral range, for a server started next to take. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST));
    if (handedOut.has(port) || !(await bindable(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${HIGHEST} after ${ATTEMPTS} tries`);
}
