import { z } from 'zod';
import { jobIdSchema } from '../identity-schemas.ts';
import { SUBSCRIPTION_LEVELS } from './constants.ts';

/** Fields that client and server frames share, so both sides describe them alike. */
export const jobId = jobIdSchema;

export const seq = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

export const level = z
  .enum(SUBSCRIPTION_LEVELS)
  .describe(
    '`status`: only events whose status differs from the previous one sent; `progress`: also when the ' +
      'percent changed; `detail`: every update.',
  );

export const epochSeconds = z.int().min(0).describe('Epoch seconds.');
