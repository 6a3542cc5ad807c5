import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handleKeyOrdered } from '../../src/bus/key-ordered.ts';

interface Message {
  key: string;
  n: number;
}

const batch = (...keys: string[]): Message[] => keys.map((key, n) => ({ key, n }));

/** A handler whose calls finish when the test says, recording start and end order. */
function controlledHandler() {
  const started: number[] = [];
  const ended: number[] = [];
  const gates = new Map<number, { open: () => void; fail: (error: Error) => void }>();
  const handle = (message: Message) =>
    new Promise<void>((resolve, reject) => {
      started.push(message.n);
      gates.set(message.n, {
        open: () => {
          ended.push(message.n);
          resolve();
        },
        fail: reject,
      });
    });
  const settle = async () => {
    for (let turn = 0; turn < 10; turn++) await Promise.resolve();
  };
  return { handle, started, ended, gates, settle };
}

describe('handleKeyOrdered', () => {
  it('runs different keys at once and one key in order', async () => {
    const { handle, started, gates, settle } = controlledHandler();
    const outcome = handleKeyOrdered(batch('a', 'b', 'a', 'c'), handle, { window: 8 });
    await settle();
    assert.deepEqual(started, [0, 1, 3], 'the first message of every key starts; the second of a waits');
    gates.get(0)?.open();
    await settle();
    assert.deepEqual(started, [0, 1, 3, 2], 'a’s next message starts once its first is done');
    for (const n of [1, 2, 3]) gates.get(n)?.open();
    assert.deepEqual(await outcome, { done: 4 });
  });

  it('keeps at most `window` keys in flight', async () => {
    const { handle, started, gates, settle } = controlledHandler();
    const outcome = handleKeyOrdered(batch('a', 'b', 'c', 'd'), handle, { window: 2 });
    await settle();
    assert.deepEqual(started, [0, 1]);
    gates.get(1)?.open();
    await settle();
    assert.deepEqual(started, [0, 1, 2]);
    for (const n of [0, 2]) gates.get(n)?.open();
    await settle();
    gates.get(3)?.open();
    assert.deepEqual(await outcome, { done: 4 });
  });

  it('commits only the leading run of done messages, and starts nothing new after a failure', async () => {
    const { handle, started, gates, settle } = controlledHandler();
    const outcome = handleKeyOrdered(batch('a', 'b', 'c', 'b', 'a'), handle, { window: 8 });
    await settle();
    gates.get(0)?.open();
    gates.get(2)?.open();
    await settle();
    gates.get(1)?.fail(new Error('broker gone'));
    await settle();
    gates.get(4)?.open();
    const { done, error } = await outcome;
    assert.equal(done, 1, 'message 1 failed, so only message 0 may be committed');
    assert.equal((error as Error).message, 'broker gone');
    assert.ok(!started.includes(3), 'b’s later message never ran past its failed one');
  });

  it('stops starting messages once told to, and reports what was done', async () => {
    let going = true;
    const seen: number[] = [];
    const outcome = await handleKeyOrdered(
      batch('a', 'a', 'a'),
      async (message) => {
        seen.push(message.n);
        if (message.n === 1) going = false;
      },
      { window: 4, keepGoing: () => going },
    );
    assert.deepEqual(seen, [0, 1]);
    assert.deepEqual(outcome, { done: 2 });
  });
});
