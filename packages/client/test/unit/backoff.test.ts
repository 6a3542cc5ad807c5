import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from '../../src/backoff.ts';

const delays = (backoff: Backoff, count: number) => Array.from({ length: count }, () => backoff.next());

describe('Backoff', () => {
  it('grows exponentially from the initial delay up to the cap when jitter draws nothing', () => {
    const backoff = new Backoff({}, () => 0);
    assert.deepEqual(delays(backoff, 9), [250, 500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  it('takes at most the jitter fraction away and never exceeds the cap', () => {
    const low = new Backoff({ jitter: 0.5 }, () => 1);
    assert.deepEqual(delays(low, 8), [125, 250, 500, 1000, 2000, 4000, 7500, 7500]);
    const random = new Backoff({ initialDelayMs: 100, maxDelayMs: 3000, multiplier: 3, jitter: 0.3 });
    for (let attempt = 0; attempt < 50; attempt++) {
      const base = Math.min(3000, 100 * 3 ** attempt);
      const delay = random.next();
      assert.ok(delay >= Math.floor(base * 0.7) && delay <= base, `attempt ${attempt}: ${delay} of ${base}`);
    }
  });

  it('spreads clients that fail together', () => {
    const firsts = new Set(Array.from({ length: 20 }, () => new Backoff({ initialDelayMs: 10_000 }).next()));
    assert.ok(firsts.size > 10, `only ${firsts.size} distinct first delays`);
  });

  it('starts over after a reset', () => {
    const backoff = new Backoff({}, () => 0);
    delays(backoff, 5);
    assert.equal(backoff.attempt, 5);
    backoff.reset();
    assert.equal(backoff.attempt, 0);
    assert.equal(backoff.next(), 250);
  });

  it('keeps defaults for options given as undefined', () => {
    assert.equal(new Backoff({ initialDelayMs: undefined }, () => 0).next(), 250);
  });

  it('rejects settings that make no sense', () => {
    assert.throws(() => new Backoff({ jitter: 1.5 }), RangeError);
    assert.throws(() => new Backoff({ multiplier: 0.5 }), RangeError);
    assert.throws(() => new Backoff({ initialDelayMs: 500, maxDelayMs: 100 }), RangeError);
  });
});
