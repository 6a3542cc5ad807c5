import { type RequestListener, type Server } from 'node:http';
import { type Health } from './health.ts';
/** Listens and resolves with the bound port (0 picks a free one, which tests rely on). */
export declare function listen(server: Server, port: number, host?: string): Promise<number>;
/** Stops accepting, lets in-flight requests finish, then drops idle keep-alive sockets. */
export declare function closeServer(server: Server): Promise<void>;
/** The operational server of a service with no HTTP API of its own: health and metrics only. */
export declare function createOperationalServer(health: Health, fallback?: RequestListener): Server;
