import { MemoryBus } from '../../src/index.ts';
import { messageBusContract } from '../support/bus-contract.ts';

messageBusContract('in-memory', async () => new MemoryBus());
