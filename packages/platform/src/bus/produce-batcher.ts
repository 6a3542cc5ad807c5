import type { BusMessage } from './port.ts';

interface Waiting {
  messages: readonly BusMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the messages published during one turn of the event loop and sends them as one produce request,
 * like a producer's linger: under load, a request carries many messages instead of one request per message,
 * which is where a busy publisher's time goes. Every caller still learns the outcome of its own messages.
 */
export class ProduceBatcher {
  readonly #send: (batch: ReadonlyMap<string, readonly BusMessage[]>) => Promise<void>;
  readonly #maxMessages: number;
  #pending = new Map<string, Waiting[]>();
  #count = 0;
  #scheduled = false;

  constructor(send: (batch: ReadonlyMap<string, readonly BusMessage[]>) => Promise<void>, maxMessages = 500) {
    this.#send = send;
    this.#maxMessages = maxMessages;
  }

  publish(topic: string, messages: readonly BusMessage[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiting = this.#pending.get(topic);
      const entry = { messages, resolve, reject };
      if (waiting) waiting.push(entry);
      else this.#pending.set(topic, [entry]);
      this.#count += messages.length;
      if (this.#count >= this.#maxMessages) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#count === 0) return;
    const pending = this.#pending;
    this.#pending = new Map();
    this.#count = 0;
    const batch = new Map(
      [...pending].map(([topic, waiting]) => [topic, waiting.flatMap((entry) => entry.messages)]),
    );
    const callers = [...pending.values()].flat();
    this.#send(batch).then(
      () => {
        for (const caller of callers) caller.resolve();
      },
      (error: unknown) => {
        for (const caller of callers) caller.reject(error);
      },
    );
  }
}
