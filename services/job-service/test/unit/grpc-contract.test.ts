import { MemoryBus } from '@jobtrack/platform';
import { MemoryJobStore } from '../../src/store/memory-job-store.ts';
import { expiryContract } from '../support/expiry-contract.ts';
import { jobServiceContract } from '../support/grpc-contract.ts';

jobServiceContract('in-memory store and bus', {
  store: async () => new MemoryJobStore(),
  bus: () => new MemoryBus(),
  topicPrefix: '',
});

expiryContract('in-memory store and bus', {
  store: async () => new MemoryJobStore(),
  bus: () => new MemoryBus(),
  topicPrefix: '',
});
