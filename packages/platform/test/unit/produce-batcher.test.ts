import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BusMessage } from '../../src/bus/port.ts';
import { ProduceBatcher } from '../../src/bus/produce-batcher.ts';

const message = (key: string): BusMessage => ({ key, value: new Uint8Array([1]), headers: {} });

describe('produce batcher', () => {
  it('sends what was published in one turn as one batch, grouped by topic, and settles every caller', async () => {
    const sent: Array<Array<[string, string[]]>> = [];
    const batcher = new ProduceBatcher(async (batch) => {
      sent.push([...batch].map(([topic, messages]) => [topic, messages.map((m) => m.key)]));
    });
    await Promise.all([
      batcher.publish('a', [message('1')]),
      batcher.publish('b', [message('2')]),
      batcher.publish('a', [message('3'), message('4')]),
    ]);
    await batcher.publish('a', [message('5')]);
    assert.deepEqual(sent, [
      [
        ['a', ['1', '3', '4']],
        ['b', ['2']],
      ],
      [['a', ['5']]],
    ]);
  });

  it('fails every caller of a batch that could not be sent', async () => {
    const batcher = new ProduceBatcher(async () => {
      throw new Error('broker down');
    });
    const results = await Promise.allSettled([
      batcher.publish('a', [message('1')]),
      batcher.publish('b', [message('2')]),
    ]);
    assert.deepEqual(
      results.map((result) => result.status === 'rejected' && (result.reason as Error).message),
      ['broker down', 'broker down'],
    );
  });

  it('sends at once when a batch reaches its size limit', async () => {
    const sizes: number[] = [];
    const batcher = new ProduceBatcher(async (batch) => {
      sizes.push([...batch.values()].reduce((sum, messages) => sum + messages.length, 0));
    }, 3);
    await Promise.all(['1', '2', '3', '4'].map((key) => batcher.publish('a', [message(key)])));
    assert.deepEqual(sizes, [3, 1]);
  });
});
