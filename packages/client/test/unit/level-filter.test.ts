import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levelFilter } from '../../src/level-filter.ts';
import { update } from './updates.ts';

const STREAM = [
  update(1, 'PENDING', 0),
  update(2, 'RUNNING', 0),
  update(3, 'RUNNING', 0),
  update(4, 'RUNNING', 50),
  update(5, 'RUNNING', 50),
  update(6, 'SUCCEEDED', 100),
];

const passed = (level: 'status' | 'progress' | 'detail') =>
  STREAM.filter(levelFilter(level)).map((u) => u.seq);

describe('levelFilter', () => {
  it('passes status changes only at status level', () => assert.deepEqual(passed('status'), [1, 2, 6]));
  it('also passes percent changes at progress level', () =>
    assert.deepEqual(passed('progress'), [1, 2, 4, 6]));
  it('passes everything at detail level', () => assert.deepEqual(passed('detail'), [1, 2, 3, 4, 5, 6]));
});
