import type { RequestSource } from '../lib/load.ts';

/** A valid order.place submission, the job type every bench request submits. */
export const ORDER_SUBMISSION = JSON.stringify({
  type: 'order.place',
  input: {
    orderId: 'bench-order-1',
    items: [
      { sku: 'sku-book-1', quantity: 2 },
      { sku: 'sku-pen-7', quantity: 1 },
    ],
    amountCents: 4999,
    currency: 'EUR',
  },
});

const ID_FIELD = /"id":"([^"]+)"/;
const MAX_IDS_PER_USER = 50_000;

/** The ids of the jobs each user submitted, handed out round-robin for reads by the same user. */
export class JobIds {
  readonly #byUser: string[][];
  readonly #cursor: number[];
  /** Every 2xx submission answer seen, including those past the per-user cap. */
  seen = 0;

  constructor(users: number) {
    this.#byUser = Array.from({ length: users }, () => []);
    this.#cursor = Array.from({ length: users }, () => 0);
  }

  addFrom(user: number, body: string): void {
    this.seen++;
    const id = ID_FIELD.exec(body)?.[1];
    const ids = this.#byUser[user];
    if (id && ids && ids.length < MAX_IDS_PER_USER) ids.push(id);
  }

  next(user: number): string {
    const ids = this.#byUser[user];
    if (!ids?.length) throw new Error(`user ${user} has no jobs to read`);
    const cursor = this.#cursor[user] ?? 0;
    this.#cursor[user] = (cursor + 1) % ids.length;
    return ids[cursor] as string;
  }
}

/** Connection (or request) n submits as user n mod users, so the load spreads over every user's token. */
export function submitJobs(tokens: string[], ids: JobIds): RequestSource {
  const headers = tokens.map((token) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  }));
  return {
    next: (n) => ({
      method: 'POST',
      path: '/v1/jobs',
      headers: headers[n % tokens.length] ?? {},
      body: ORDER_SUBMISSION,
    }),
    onBody: (n, body) => ids.addFrom(n % tokens.length, body),
  };
}

/** Reads jobs that the reading user submitted earlier, cycling through them. */
export function readJobs(tokens: string[], ids: JobIds): RequestSource {
  const headers = tokens.map((token) => ({ authorization: `Bearer ${token}` }));
  return {
    next: (n) => {
      const user = n % tokens.length;
      return { method: 'GET', path: `/v1/jobs/${ids.next(user)}`, headers: headers[user] ?? {} };
    },
  };
}
