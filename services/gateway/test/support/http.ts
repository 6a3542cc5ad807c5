import assert from 'node:assert/strict';
import type { z } from 'zod';
import { problem } from '../../src/resources.ts';

export type Problem = z.infer<typeof problem>;

/** Asserts an RFC 9457 answer with `status` and returns its parsed body. */
export async function expectProblem(response: Response, status: number): Promise<Problem> {
  assert.equal(response.status, status, `expected ${status}, got ${response.status}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = problem.parse(await response.json());
  assert.equal(body.status, status);
  return body;
}

/** Asserts `status` and that the JSON body is exactly what `schema` documents. */
export async function expectJson<S extends z.ZodType>(
  response: Response,
  status: number,
  schema: S,
): Promise<z.output<S>> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return schema.parse(JSON.parse(text));
}

/** A client for one user's token. */
export function client(baseUrl: string, token: string) {
  const auth = { authorization: `Bearer ${token}` };
  return {
    get: (path: string, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}${path}`, { headers: { ...auth, ...headers } }),
    post: (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: {
          ...auth,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}

export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

/** Reads a text/event-stream body one message (a block ended by a blank line) at a time. */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = '';

  constructor(response: Response) {
    assert.ok(response.body, 'the response has a body');
    this.#reader = response.body.getReader();
  }

  /** The next message, or undefined once the server ended the stream. */
  async next(): Promise<SseMessage | undefined> {
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        return parseBlock(block);
      }
      const { value, done } = await this.#reader.read();
      if (done) return undefined;
      this.#buffer += this.#decoder.decode(value, { stream: true });
    }
  }

  /** The next message that is an event (not a heartbeat or the retry hint), or undefined at the end. */
  async nextEvent(): Promise<SseMessage | undefined> {
    for (;;) {
      const message = await this.next();
      if (!message || message.event) return message;
    }
  }

  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

function parseBlock(block: string): SseMessage {
  const message: SseMessage = { comments: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      message.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id' || field === 'event' || field === 'data' || field === 'retry') message[field] = value;
  }
  return message;
}
