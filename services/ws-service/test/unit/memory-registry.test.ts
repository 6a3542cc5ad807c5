import { MemorySocketRegistry } from '../../src/registry/memory-registry.ts';
import { socketRegistryContract } from '../support/registry-contract.ts';

socketRegistryContract('in-memory', async (ttlMs) => new MemorySocketRegistry({ ttlMs }));
