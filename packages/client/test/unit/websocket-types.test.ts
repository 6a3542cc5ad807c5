import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebSocketConstructorLike } from '../../src/types.ts';

describe('WebSocketConstructorLike', () => {
  it('is met by the platform WebSocket of browsers and Node', () => {
    // The assignment is the check: it fails to compile if the SDK asks more of a WebSocket than the standard has.
    const standard: WebSocketConstructorLike = WebSocket;
    assert.equal(typeof standard, 'function');
  });
});
