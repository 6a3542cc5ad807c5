import { z } from 'zod';
import { type TopicDefinition } from './topics.ts';
/**
 * A kind of job a client may submit: its input schema and the topic of the orchestrator that owns it.
 * Adding a domain is one entry here; the gateway validates with `input` and documents it in OpenAPI.
 */
export interface JobTypeDefinition {
    readonly type: string;
    readonly description: string;
    readonly input: z.ZodType;
    readonly commandTopic: TopicDefinition<'jobtrack.events.v1.StartJobCommand'>;
}
export declare const orderPlaceInput: z.ZodObject<{
    orderId: z.ZodString;
    items: z.ZodArray<z.ZodObject<{
        sku: z.ZodString;
        quantity: z.ZodInt;
    }, z.core.$strict>>;
    amountCents: z.ZodInt;
    currency: z.ZodString;
    simulate: z.ZodOptional<z.ZodObject<{
        failStep: z.ZodOptional<z.ZodEnum<{
            reserve_stock: "reserve_stock";
            authorize_payment: "authorize_payment";
            schedule_shipping: "schedule_shipping";
        }>>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type OrderPlaceInput = z.infer<typeof orderPlaceInput>;
export declare const JOB_TYPES: Readonly<Record<string, JobTypeDefinition>>;
export declare function findJobType(type: string): JobTypeDefinition | undefined;
