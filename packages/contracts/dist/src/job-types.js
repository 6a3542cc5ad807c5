import { z } from 'zod';
import { TOPICS } from "./topics.js";
const orderItem = z.strictObject({
    sku: z.string().min(1).max(64),
    quantity: z.int().min(1).max(1000),
});
export const orderPlaceInput = z.strictObject({
    orderId: z.string().min(1).max(64),
    items: z.array(orderItem).min(1).max(100),
    amountCents: z.int().min(1).max(100_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    /** Lets a caller (or a test) drive a participant to fail: e.g. a payment step that declines. */
    simulate: z
        .strictObject({
        failStep: z.enum(['reserve_stock', 'authorize_payment', 'schedule_shipping']).optional(),
    })
        .optional(),
});
export const JOB_TYPES = {
    'order.place': {
        type: 'order.place',
        description: 'Places an order: reserves stock, authorizes payment, schedules shipping.',
        input: orderPlaceInput,
        commandTopic: TOPICS.orderCommands,
    },
};
export function findJobType(type) {
    return Object.hasOwn(JOB_TYPES, type) ? JOB_TYPES[type] : undefined;
}
//# sourceMappingURL=job-types.js.map