import { TOPICS } from '@jobtrack/contracts';
import { defineSaga } from '@jobtrack/saga';

/** order.place: the step names match the simulated participants and contracts' `simulate.failStep`. */
export const orderPlaceSaga = defineSaga({
  type: 'order.place',
  steps: [
    { name: 'reserve_stock', participant: TOPICS.inventoryCommands, compensate: true },
    { name: 'authorize_payment', participant: TOPICS.paymentCommands, compensate: true },
    { name: 'schedule_shipping', participant: TOPICS.shippingCommands, compensate: true },
  ],
});
