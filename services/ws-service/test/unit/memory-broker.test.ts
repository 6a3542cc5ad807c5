import { MemoryBroker, MemoryBrokerNetwork } from '../../src/broker/memory-broker.ts';
import { brokerContract } from '../support/broker-contract.ts';

brokerContract('in-memory', async () => {
  const network = new MemoryBrokerNetwork<string>();
  const a = new MemoryBroker(network);
  const b = new MemoryBroker(network);
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
    },
  };
});
