import { MemorySagaStore } from '../../src/index.ts';
import { sagaStoreContract } from '../support/saga-store-contract.ts';

sagaStoreContract('memory', async () => ({ store: new MemorySagaStore(), close: async () => {} }));
