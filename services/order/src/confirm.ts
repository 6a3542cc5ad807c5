import type { OrderPlaceInput } from '@jobtrack/contracts';
import { type LocalStepContext, StepFailure } from '@jobtrack/saga';
import { z } from 'zod';

const earlierResults = z.looseObject({
  reserve_stock: z.looseObject({ reservationId: z.string() }),
  authorize_payment: z.looseObject({ authorizationId: z.string() }),
  schedule_shipping: z.looseObject({ shipmentId: z.string() }),
});

/**
 * The orchestrator's own last step: the order confirmation, built from what the participants returned. It is
 * derived from the saga alone, so running it again (after a timeout or a restart) gives the same confirmation.
 */
export async function confirmOrder(context: LocalStepContext<OrderPlaceInput>) {
  const parsed = earlierResults.safeParse(context.results);
  if (!parsed.success) throw new StepFailure('MISSING_RESULTS', 'the earlier steps left no ids to confirm');
  const { reserve_stock, authorize_payment, schedule_shipping } = parsed.data;
  return {
    orderId: context.input.orderId,
    confirmationId: `conf-${context.jobId}`,
    reservationId: reserve_stock.reservationId,
    authorizationId: authorize_payment.authorizationId,
    shipmentId: schedule_shipping.shipmentId,
    amountCents: context.input.amountCents,
    currency: context.input.currency,
  };
}
