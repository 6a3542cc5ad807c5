import assert from 'node:assert/strict';
import { it } from 'node:test';
import { KafkaBus } from '../../src/bus/kafka-bus.ts';
import { createLogger } from '../../src/logger.ts';
import { eventually } from '../support/collector.ts';
import { scratchBroker } from '../support/scratch-broker.ts';

const logger = createLogger({ name: 'kafka-readiness', level: 'silent' });

it('waits for a broker still starting, is not ready while the cluster is lost, and is ready again once it is back', async () => {
  const broker = await scratchBroker();
  const bus = new KafkaBus({ brokers: [broker.brokers], clientId: 'readiness-test', logger });
  try {
    // Nothing listens yet: the connection is retried until the broker has started.
    const connecting = bus.connect();
    broker.start();
    await connecting;
    await bus.createTopics([{ name: 'readiness', partitions: 2 }]);
    await bus.consume({
      groupId: 'readiness',
      topics: ['readiness'],
      fromBeginning: true,
      handle: async () => {},
    });
    assert.equal(bus.isHealthy(), true, 'ready once the consumer has joined');

    await broker.stop();
    await eventually(
      () => bus.isHealthy(),
      (healthy) => !healthy,
      20_000,
    );

    broker.start();
    await eventually(
      () => bus.isHealthy(),
      (healthy) => healthy,
      60_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nbroker: ${broker.output()}`, { cause: error });
  } finally {
    await bus.close();
    await broker.remove();
  }
});
