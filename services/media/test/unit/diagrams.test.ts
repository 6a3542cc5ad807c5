import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { DEFAULT_SAGA_TIMING, sagaDocument } from '@jobtrack/saga';
import { createMediaProcessSaga } from '../../src/index.ts';

const docs = new URL('../../../../docs/sagas/', import.meta.url);

describe('committed saga diagrams', () => {
  it('docs/sagas/media.process.md is what the engine draws of the media.process definition', async () => {
    const committed = await readFile(new URL('media.process.md', docs), 'utf8');
    assert.equal(
      normalize(committed),
      normalize(sagaDocument(createMediaProcessSaga(DEFAULT_SAGA_TIMING))),
      'stale: run npm run diagrams',
    );
  });
});

/** The formatter pads table cells; what matters is the content. */
function normalize(markdown: string): string {
  return markdown
    .replace(/ *\| */g, '|')
    .replace(/\|-+/g, '|-')
    .trim();
}
