import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from '../../src/index.ts';

const policy = { initialBackoffMs: 100, maxBackoffMs: 1000 };
const seeds = Array.from({ length: 500 }, (_, i) => `job-${i}:reserve_stock:EXECUTE:1`);

/** The delay before any jitter: initial × multiplier^(attempt − 1), capped. */
const bases = [
  [1, 100],
  [2, 200],
  [3, 400],
  [4, 800],
  [5, 1000],
  [9, 1000],
] as const;

describe('backoffDelay', () => {
  it('stays within [base / 2, base] for every attempt, the base growing exponentially up to maxBackoffMs', () => {
    for (const [attempt, base] of bases) {
      for (const seed of seeds) {
        const delay = backoffDelay(policy, attempt, seed);
        assert.ok(
          delay >= base / 2 && delay <= base,
          `attempt ${attempt}: ${delay} ms within [${base / 2}, ${base}]`,
        );
        assert.ok(Number.isInteger(delay));
      }
    }
  });

  it('scales one seed by the multiplier per attempt until the cap', () => {
    const seed = 'job-1:schedule_shipping:EXECUTE';
    const first = backoffDelay(policy, 1, seed);
    for (const [attempt, base] of bases) {
      assert.ok(Math.abs(backoffDelay(policy, attempt, seed) - (first * base) / 100) <= base / 100);
    }
    const tripling = { ...policy, multiplier: 3 };
    assert.ok(Math.abs(backoffDelay(tripling, 2, seed) - first * 3) <= 3);
    assert.ok(Math.abs(backoffDelay(tripling, 3, seed) - first * 9) <= 9);
    assert.equal(backoffDelay(tripling, 4, seed), backoffDelay(policy, 9, seed), 'both capped at 1000');
  });

  it('spreads delays over the whole jitter range', () => {
    const delays = seeds.map((seed) => backoffDelay(policy, 4, seed));
    assert.ok(Math.min(...delays) < 440, `smallest ${Math.min(...delays)} near 400`);
    assert.ok(Math.max(...delays) > 760, `largest ${Math.max(...delays)} near 800`);
  });

  it('gives the same delay for the same seed, and different delays for different seeds', () => {
    for (const seed of seeds.slice(0, 20)) {
      assert.equal(backoffDelay(policy, 3, seed), backoffDelay({ ...policy }, 3, seed));
    }
    const distinct = new Set(seeds.map((seed) => backoffDelay(policy, 5, seed)));
    assert.ok(distinct.size > seeds.length / 2, `${distinct.size} distinct delays of ${seeds.length}`);
    assert.notEqual(
      backoffDelay(policy, 5, 'job-1:a:EXECUTE:1'),
      backoffDelay(policy, 5, 'job-2:a:EXECUTE:1'),
    );
  });

  it('treats an attempt below 1 as the first, and a zero policy as no delay', () => {
    assert.equal(backoffDelay(policy, 0, 's'), backoffDelay(policy, 1, 's'));
    assert.equal(backoffDelay({ initialBackoffMs: 0, maxBackoffMs: 0 }, 3, 's'), 0);
  });
});
