import { MemorySocketRegistry } from '../../src/memory-socket-registry.ts';
import { socketRegistryContract } from '../support/socket-registry-contract.ts';

socketRegistryContract('in-memory', async (ttlMs) => new MemorySocketRegistry({ ttlMs }));
