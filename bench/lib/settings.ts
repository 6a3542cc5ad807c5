import { z } from 'zod';

/** A bench setting read from the environment: a whole count from 1 to `max`, `fallback` when unset. */
export const count = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
