import type { JobUpdate } from '@jobtrack/client';

/** The REST representation of a job, as far as the page reads it. */
export type JobResource = Omit<JobUpdate, 'jobId'> & { id: string; type: string };

export interface DevToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface DemoConfig {
  /** Where the WebSocket is; null means /ws on this page's origin. */
  wsUrl: string | null;
}

/** A failed API call, with the problem's detail as the message so it can be shown as is. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function call(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(path, init);
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const detail =
      typeof body === 'object' && body !== null && 'detail' in body
        ? String(body.detail)
        : response.statusText;
    throw new ApiError(response.status, `${response.status}: ${detail}`);
  }
  return body;
}

/** A POST with the bearer token when there is one, and a JSON body when there is one. */
function post(token: string | undefined, body?: unknown): RequestInit {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body === undefined) return { method: 'POST', headers };
  return {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

export async function loadConfig(): Promise<DemoConfig> {
  return (await call('/demo/config.json')) as DemoConfig;
}

export async function mintToken(user: string): Promise<DevToken> {
  const minted = (await call('/v1/dev/token', post(undefined, { sub: user }))) as {
    token: string;
    expiresAt: string;
  };
  return { token: minted.token, expiresAt: Date.parse(minted.expiresAt) };
}

export async function submitJob(token: string, type: string, input: unknown): Promise<JobResource> {
  return (await call('/v1/jobs', post(token, { type, input }))) as JobResource;
}

export async function cancelJob(token: string, id: string): Promise<JobResource> {
  return (await call(`/v1/jobs/${encodeURIComponent(id)}:cancel`, post(token))) as JobResource;
}
