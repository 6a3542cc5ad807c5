import assert from 'node:assert/strict';

export const validOrder = {
  orderId: 'o-42',
  items: [{ sku: 'book-1', quantity: 1 }],
  amountCents: 2500,
  currency: 'EUR',
};

export async function devToken(baseUrl: string, user: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: user }),
  });
  assert.equal(response.status, 201);
  return ((await response.json()) as { token: string }).token;
}

export async function submitOrder(
  baseUrl: string,
  token: string,
  input: Record<string, unknown> = validOrder,
  headers: Record<string, string> = {},
): Promise<{ id: string; status: string; traceId: string }> {
  const response = await fetch(`${baseUrl}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ type: 'order.place', input }),
  });
  assert.equal(response.status, 202, await response.clone().text());
  return (await response.json()) as { id: string; status: string; traceId: string };
}

export async function getJob(baseUrl: string, token: string, id: string) {
  const response = await fetch(`${baseUrl}/v1/jobs/${id}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as {
    id: string;
    status: string;
    seq: number;
    progress: { percent: number };
  };
}
