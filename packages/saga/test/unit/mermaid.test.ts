import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { phaseDiagram, sagaDiagram, TRANSITIONS } from '../../src/index.ts';
import { testSaga } from '../support/test-saga.ts';

const lines = (diagram: string) => diagram.split('\n').map((line) => line.trim());

describe('sagaDiagram', () => {
  const diagram = lines(sagaDiagram(testSaga()));

  it('is a Mermaid state diagram with a state per step and per compensation', () => {
    assert.equal(diagram[0], 'stateDiagram-v2');
    for (const line of [
      'state "reserve_stock (compensatable)" as do_reserve_stock',
      'state "check_fraud (compensatable)" as do_check_fraud',
      'state "authorize_payment (pivot)" as do_authorize_payment',
      'state "schedule_shipping (retriable)" as do_schedule_shipping',
      'state "undo reserve_stock" as undo_reserve_stock',
      'state "undo check_fraud" as undo_check_fraud',
    ]) {
      assert.ok(diagram.includes(line), line);
    }
    assert.ok(
      !diagram.some((line) => line.includes('undo_authorize_payment')),
      'a pivot has nothing to undo',
    );
  });

  /** An edge as `from --> to: label`; labels are prose, so only the words that matter are checked. */
  const hasEdge = (from: string, to: string, label: RegExp) =>
    diagram.some((line) => {
      const prefix = `${from} --> ${to}: `;
      return line.startsWith(prefix) && label.test(line.slice(prefix.length));
    });

  const expected: Array<[string, Array<[string, string, RegExp]>]> = [
    [
      'the success chain',
      [
        ['[*]', 'do_reserve_stock', /^start$/],
        ['do_reserve_stock', 'do_check_fraud', /^success$/],
        ['do_check_fraud', 'do_authorize_payment', /^success$/],
        ['do_authorize_payment', 'do_schedule_shipping', /^success$/],
        ['do_schedule_shipping', 'SUCCEEDED', /^success$/],
      ],
    ],
    [
      'a failure undoing the previous compensatable step, or nothing for the first',
      [
        ['do_reserve_stock', 'COMPENSATED', /^failure$/],
        ['do_check_fraud', 'undo_reserve_stock', /^failure$/],
        ['do_authorize_payment', 'undo_check_fraud', /^failure$/],
      ],
    ],
    [
      'timeouts: a compensatable step is undone itself, a pivot stops for an operator',
      [
        ['do_check_fraud', 'undo_check_fraud', /timeout/],
        ['do_authorize_payment', 'FAILED', /timeout.*PIVOT_OUTCOME_UNKNOWN/],
        ['do_schedule_shipping', 'FAILED', /RETRIES_EXHAUSTED/],
      ],
    ],
    [
      'a retry self-loop on the steps with attempts to spare',
      [
        ['do_reserve_stock', 'do_reserve_stock', /attempts left.*backoff/],
        ['do_authorize_payment', 'do_authorize_payment', /attempts left.*backoff/],
        ['do_schedule_shipping', 'do_schedule_shipping', /attempts left.*backoff/],
      ],
    ],
    [
      'cancel undoing before the pivot and refused from it on',
      [
        ['do_reserve_stock', 'undo_reserve_stock', /^cancel$/],
        ['do_check_fraud', 'undo_check_fraud', /^cancel$/],
        ['do_authorize_payment', 'do_authorize_payment', /^cancel refused$/],
        ['do_schedule_shipping', 'do_schedule_shipping', /^cancel refused$/],
      ],
    ],
    [
      'compensations in reverse order, retried until they succeed',
      [
        ['undo_check_fraud', 'undo_reserve_stock', /^success$/],
        ['undo_reserve_stock', 'COMPENSATED', /success.*failure/],
        ['undo_reserve_stock', 'CANCELLED', /success.*cancel/],
        ['undo_check_fraud', 'undo_check_fraud', /backoff.*until it succeeds/],
        ['undo_reserve_stock', 'undo_reserve_stock', /backoff.*until it succeeds/],
      ],
    ],
    ['an invalid command', [['[*]', 'FAILED', /invalid command/]]],
  ];
  for (const [what, edges] of expected) {
    it(`draws ${what}`, () => {
      for (const [from, to, label] of edges)
        assert.ok(hasEdge(from, to, label), `missing: ${from} --> ${to}: ${label}`);
    });
  }

  it('ends every terminal phase', () => {
    for (const end of ['SUCCEEDED', 'COMPENSATED', 'CANCELLED', 'FAILED']) {
      assert.ok(diagram.includes(`${end} --> [*]`), end);
    }
  });

  it('draws no retry loop for a step with a single attempt, and no cancel loop before the pivot', () => {
    assert.ok(!hasEdge('do_check_fraud', 'do_check_fraud', /./));
    assert.ok(!hasEdge('do_reserve_stock', 'do_reserve_stock', /cancel/));
  });

  it('draws the lock: waiting for it, or turned away', () => {
    const waiting = lines(sagaDiagram(testSaga({ onBusy: 'wait', leaseMs: 5000 })));
    for (const edge of [
      '[*] --> WAITING_LOCK: ',
      'WAITING_LOCK --> do_reserve_stock: ',
      'WAITING_LOCK --> CANCELLED: ',
    ]) {
      assert.ok(
        waiting.some((line) => line.startsWith(edge)),
        edge,
      );
    }
    const rejecting = lines(sagaDiagram(testSaga({ onBusy: 'reject', leaseMs: 5000 })));
    assert.ok(rejecting.some((line) => /^\[\*\] --> FAILED: .*BUSY/.test(line)));
    assert.ok(!rejecting.some((line) => line.includes('WAITING_LOCK')));
    assert.ok(!diagram.some((line) => line.includes('lock')), 'no lock, no lock states');
  });
});

describe('phaseDiagram', () => {
  it('lists every entry of the transition table, and nothing else between phases', () => {
    const diagram = lines(phaseDiagram());
    assert.equal(diagram[0], 'stateDiagram-v2');
    const declared = Object.entries(TRANSITIONS).flatMap(([phase, inputs]) =>
      Object.entries(inputs).flatMap(([input, entry]) =>
        (entry?.to ?? []).map((to) => `${phase} --> ${to}: ${input}`),
      ),
    );
    assert.ok(declared.length > 0);
    const between = diagram.filter((line) => line.includes(' --> ') && !line.includes('[*]'));
    assert.deepEqual(between.sort(), declared.sort());
    for (const start of ['[*] --> EXECUTING: start', '[*] --> WAITING_LOCK: start, lock busy']) {
      assert.ok(diagram.includes(start), start);
    }
  });
});
