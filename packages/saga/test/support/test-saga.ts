import { TOPICS } from '@jobtrack/contracts';
import { defineSaga, type SagaDefinition, type SemanticLock } from '../../src/index.ts';

export interface TestInput {
  orderId: string;
}

/**
 * A saga with every kind of step and a different retry policy on each, for the state machine and the diagrams:
 * reserve_stock (compensatable, 3 attempts, OUT_OF_STOCK final), check_fraud (compensatable, one attempt),
 * authorize_payment (the pivot, 2 attempts, PAYMENT_DECLINED final), schedule_shipping (retriable, 3 attempts).
 */
export function testSaga(lock?: Omit<SemanticLock<TestInput>, 'key'>): SagaDefinition<TestInput> {
  return defineSaga<TestInput>({
    type: 'order.place',
    commandTopic: TOPICS.orderCommands,
    replyTopic: TOPICS.orderReplies,
    ...(lock ? { lock: { ...lock, key: (input: TestInput) => `order:${input.orderId}` } } : {}),
    compensationBackoff: { initialBackoffMs: 50, maxBackoffMs: 200 },
    steps: [
      {
        name: 'reserve_stock',
        kind: 'compensatable',
        invoke: { participant: TOPICS.inventoryCommands },
        compensate: { participant: TOPICS.inventoryCommands },
        timeoutMs: 1000,
        retry: { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 400, nonRetryable: ['OUT_OF_STOCK'] },
      },
      {
        name: 'check_fraud',
        kind: 'compensatable',
        invoke: { participant: TOPICS.paymentCommands },
        compensate: { participant: TOPICS.paymentCommands },
        timeoutMs: 500,
      },
      {
        name: 'authorize_payment',
        kind: 'pivot',
        invoke: { participant: TOPICS.paymentCommands },
        timeoutMs: 1000,
        retry: {
          maxAttempts: 2,
          initialBackoffMs: 100,
          maxBackoffMs: 400,
          nonRetryable: ['PAYMENT_DECLINED'],
        },
      },
      {
        name: 'schedule_shipping',
        kind: 'retriable',
        invoke: { participant: TOPICS.shippingCommands },
        timeoutMs: 1000,
        retry: { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1000, multiplier: 3 },
      },
    ],
  });
}
