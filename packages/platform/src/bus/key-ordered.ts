/** What handling one fetched batch of a partition came to. */
export interface BatchOutcome {
  /** How many of the batch's leading messages are done: the offset of the last of them is safe to commit. */
  done: number;
  /** The first failure, when a message failed; it and everything after it uncommitted are delivered again. */
  error?: unknown;
}

/**
 * Handles a partition's batch the way a job platform needs it: messages of one key one after another, in order,
 * and different keys concurrently, at most `window` keys at a time. Kafka only orders a partition, and a partition
 * carries thousands of jobs; handling them one message at a time would make every job wait for every other job's
 * round trips to Redis and the broker.
 *
 * A key's chain stops at its first failure, so no later message of that key runs before it. The commit point is
 * the longest run of done messages from the batch's start, as in Confluent's parallel consumer: messages done
 * past a gap are delivered again after a failure or a crash, which the handlers' idempotency absorbs.
 * `keepGoing` is asked before each message; when it says no (the consumer stops, or lost the partition in a
 * rebalance), nothing new starts and what runs is awaited.
 */
export async function handleKeyOrdered<M extends { key: string }>(
  messages: readonly M[],
  handle: (message: M) => Promise<void>,
  options: { window: number; keepGoing?: () => boolean },
): Promise<BatchOutcome> {
  const chains = new Map<string, number[]>();
  messages.forEach((message, index) => {
    const chain = chains.get(message.key);
    if (chain) chain.push(index);
    else chains.set(message.key, [index]);
  });
  const finished = new Uint8Array(messages.length);
  let error: unknown;
  let failed = false;
  const keepGoing = () => !failed && (options.keepGoing?.() ?? true);

  const pending = chains.values();
  const worker = async () => {
    for (let chain = pending.next(); !chain.done; chain = pending.next()) {
      for (const index of chain.value) {
        if (!keepGoing()) return;
        try {
          await handle(messages[index] as M);
          finished[index] = 1;
        } catch (caught) {
          if (!failed) error = caught;
          failed = true;
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.window, chains.size) }, worker));

  let done = 0;
  while (done < messages.length && finished[done] === 1) done++;
  return failed ? { done, error } : { done };
}
