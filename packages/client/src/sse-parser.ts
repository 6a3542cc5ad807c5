export interface SseMessage {
  /** The `event` field, or 'message' when the event named none. */
  event: string;
  /** The `data` lines joined with newlines. */
  data: string;
  /** The last event id set so far in the stream, as a reconnect would send it in Last-Event-ID. */
  lastEventId: string;
}

/**
 * An incremental text/event-stream parser following the WHATWG rules: lines end in CRLF, LF or CR (a CRLF may be
 * split across chunks), comments start with ':', one space after the colon is dropped, data lines join with '\n',
 * an empty line dispatches, and an event without data is not dispatched. Written here because EventSource cannot
 * send an Authorization header, so the SDK reads the stream through fetch.
 */
export class SseParser {
  #buffer = '';
  #skipLeadingLf = false;
  #atStart = true;
  #event = '';
  #data: string[] = [];
  #lastEventId = '';
  #retryMs: number | undefined;

  /** The reconnection time the server asked for with a `retry` field, if any. */
  get retryMs(): number | undefined {
    return this.#retryMs;
  }

  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** Feeds decoded text and returns the events it completed; a partial line waits for the next chunk. */
  feed(text: string): SseMessage[] {
    let chunk = text;
    if (this.#skipLeadingLf && chunk.length > 0) {
      if (chunk.startsWith('\n')) chunk = chunk.slice(1);
      this.#skipLeadingLf = false;
    }
    if (this.#atStart && chunk.length > 0) {
      if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      this.#atStart = false;
    }
    this.#buffer += chunk;
    const messages: SseMessage[] = [];
    let start = 0;
    for (let index = 0; index < this.#buffer.length; index++) {
      const char = this.#buffer[index];
      if (char !== '\n' && char !== '\r') continue;
      const message = this.#line(this.#buffer.slice(start, index));
      if (message) messages.push(message);
      if (char === '\r') {
        if (index + 1 === this.#buffer.length) this.#skipLeadingLf = true;
        else if (this.#buffer[index + 1] === '\n') index++;
      }
      start = index + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    return messages;
  }

  #line(line: string): SseMessage | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        // The spec ignores an id with a NUL, which could not be sent back in a header.
        if (!value.includes('\0')) this.#lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#retryMs = Number(value);
        break;
    }
    return undefined;
  }

  #dispatch(): SseMessage | undefined {
    const event = this.#event || 'message';
    const data = this.#data;
    this.#event = '';
    this.#data = [];
    if (data.length === 0) return undefined;
    return { event, data: data.join('\n'), lastEventId: this.#lastEventId };
  }
}
