import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { DEFAULT_SAGA_TIMING, phaseDocument, sagaDocument } from '@jobtrack/saga';
import { createOrderPlaceSaga } from '../../src/index.ts';

const docs = new URL('../../../../docs/sagas/', import.meta.url);

describe('committed saga diagrams', () => {
  it('docs/sagas/order.place.md is what the engine draws of the order.place definition', async () => {
    const committed = await readFile(new URL('order.place.md', docs), 'utf8');
    assert.equal(
      normalize(committed),
      normalize(sagaDocument(createOrderPlaceSaga(DEFAULT_SAGA_TIMING))),
      'stale: run npm run diagrams',
    );
  });

  it('docs/sagas/phases.md is the transition table as it is', async () => {
    const committed = await readFile(new URL('phases.md', docs), 'utf8');
    assert.equal(normalize(committed), normalize(phaseDocument()), 'stale: run npm run diagrams');
  });
});

/** The formatter pads table cells; what matters is the content. */
function normalize(markdown: string): string {
  return markdown
    .replace(/ *\| */g, '|')
    .replace(/\|-+/g, '|-')
    .trim();
}
