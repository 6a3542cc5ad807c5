import { type OrderPlaceInput, TOPICS } from '@jobtrack/contracts';
import { defineSaga, type SagaDefinition, type SagaTiming } from '@jobtrack/saga';
import { confirmOrder } from './confirm.ts';

/**
 * order.place. Stock is reserved (and released if the order goes no further), the payment authorization is
 * the point of no return, shipping is retried until a carrier takes it, and the orchestrator confirms the
 * order itself. One order id runs one saga at a time: a second one waits its turn.
 */
export function createOrderPlaceSaga(timing: SagaTiming): SagaDefinition<OrderPlaceInput> {
  const backoff = { initialBackoffMs: timing.initialBackoffMs, maxBackoffMs: timing.maxBackoffMs };
  return defineSaga<OrderPlaceInput>({
    type: 'order.place',
    commandTopic: TOPICS.orderCommands,
    replyTopic: TOPICS.orderReplies,
    lock: { key: (input) => `order:${input.orderId}`, onBusy: 'wait', leaseMs: timing.lockLeaseMs },
    compensationBackoff: backoff,
    steps: [
      {
        name: 'reserve_stock',
        kind: 'compensatable',
        invoke: { participant: TOPICS.inventoryCommands },
        compensate: { participant: TOPICS.inventoryCommands },
        timeoutMs: timing.stepTimeoutMs,
        retry: { maxAttempts: 3, ...backoff, nonRetryable: ['OUT_OF_STOCK'] },
      },
      {
        name: 'authorize_payment',
        kind: 'pivot',
        invoke: { participant: TOPICS.paymentCommands },
        timeoutMs: timing.stepTimeoutMs,
        retry: { maxAttempts: 3, ...backoff, nonRetryable: ['PAYMENT_DECLINED'] },
      },
      {
        name: 'schedule_shipping',
        kind: 'retriable',
        invoke: { participant: TOPICS.shippingCommands },
        timeoutMs: timing.stepTimeoutMs,
        retry: { maxAttempts: 10, ...backoff },
      },
      {
        name: 'confirm',
        kind: 'retriable',
        invoke: { run: confirmOrder },
        timeoutMs: timing.stepTimeoutMs,
        retry: { maxAttempts: 5, ...backoff },
      },
    ],
  });
}
