import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VerifiedTokens } from '../../src/verified-tokens.ts';

describe('verified token cache', () => {
  const principal = (expiresAt: number) => ({ subject: 'alice', expiresAt });

  it('serves a token until its max age or its expiry, whichever comes first', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokens<{ subject: string; expiresAt: number }>({
      maxAgeMs: 60_000,
      now: () => now,
    });
    cache.set('long', principal(now / 1000 + 3600));
    cache.set('short', principal(now / 1000 + 10));
    now += 9_999;
    assert.equal(cache.get('short')?.subject, 'alice');
    now += 1;
    assert.equal(cache.get('short'), undefined, 'never past the token expiry');
    assert.equal(cache.get('long')?.subject, 'alice');
    now += 50_000;
    assert.equal(cache.get('long'), undefined, 'never past the max age');
  });

  it('does not keep an already expired token, and drops the oldest entry when full', () => {
    const now = 5_000_000;
    const cache = new VerifiedTokens<{ subject: string; expiresAt: number }>({
      maxEntries: 2,
      now: () => now,
    });
    cache.set('expired', principal(now / 1000 - 1));
    assert.equal(cache.get('expired'), undefined);
    cache.set('a', principal(now / 1000 + 60));
    cache.set('b', principal(now / 1000 + 60));
    cache.set('c', principal(now / 1000 + 60));
    assert.deepEqual(
      ['a', 'b', 'c'].map((token) => cache.get(token) !== undefined),
      [false, true, true],
    );
  });
});
