import { createLogger, KafkaBus } from '../../src/index.ts';
import { messageBusContract } from '../support/bus-contract.ts';
import { requireEnv } from '../support/infra.ts';

const brokers = requireEnv('KAFKA_BROKERS').split(',');
const logger = createLogger({ name: 'kafka-contract', level: 'warn' });

messageBusContract('kafka', async () => new KafkaBus({ brokers, clientId: 'contract-test', logger }));
