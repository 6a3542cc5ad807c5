import { z } from 'zod';

/** REST bodies: each is the one schema that validates a request (and, later, documents it in OpenAPI). */
export const submitJobBody = z.strictObject({
  type: z.string().min(1).max(100),
  input: z.record(z.string(), z.unknown()),
});

export const devTokenBody = z.strictObject({
  sub: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ -'),
});

export const jobIdParam = z.string().min(1).max(128);
