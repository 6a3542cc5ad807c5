import { MemoryJobStore } from '../../src/store/memory-job-store.ts';
import { jobStoreContract } from '../support/job-store-contract.ts';

jobStoreContract('in-memory', async () => new MemoryJobStore());
