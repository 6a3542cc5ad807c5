import { createHash } from 'node:crypto';
import { z } from 'zod';
import { invalidArgument } from './errors.ts';

/** Where a listing stopped: the creation time and id of the last job it looked at. */
export interface ListCursor {
  createdAt: number;
  id: string;
}

const tokenShape = z.strictObject({
  v: z.literal(1),
  t: z.int().nonnegative(),
  i: z.string().min(1).max(128),
  q: z.string().length(16),
});

/** Ties a token to the owner and filters it was made for: reusing it with others is a client error. */
function queryHash(owner: string, filters: { status: string; type: string }): string {
  return createHash('sha256')
    .update(`${owner}\0${filters.status}\0${filters.type}`)
    .digest('base64url')
    .slice(0, 16);
}

/**
 * Page tokens are opaque to clients but not secret: one can only move a cursor through its holder's own jobs,
 * so they are encoded, not signed.
 */
export function encodePageToken(
  cursor: ListCursor,
  owner: string,
  filters: { status: string; type: string },
): string {
  const token = { v: 1, t: cursor.createdAt, i: cursor.id, q: queryHash(owner, filters) };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodePageToken(
  token: string,
  owner: string,
  filters: { status: string; type: string },
): ListCursor {
  let parsed: z.infer<typeof tokenShape>;
  try {
    parsed = tokenShape.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    throw invalidArgument('page_token is not a token this service issued');
  }
  if (parsed.q !== queryHash(owner, filters)) {
    throw invalidArgument('page_token was issued for other filters; repeat the same status and type');
  }
  return { createdAt: parsed.t, id: parsed.i };
}
