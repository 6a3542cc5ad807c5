import { writeFile } from 'node:fs/promises';
import { createMediaProcessSaga } from '@jobtrack/media';
import { createOrderPlaceSaga } from '@jobtrack/order';
import { DEFAULT_SAGA_TIMING, phaseDocument, sagaDocument } from '@jobtrack/saga';

/** Writes docs/sagas/: one diagram per saga definition, drawn by the engine, and the phase table. */
const root = new URL('../docs/sagas/', import.meta.url);
for (const definition of [
  createOrderPlaceSaga(DEFAULT_SAGA_TIMING),
  createMediaProcessSaga(DEFAULT_SAGA_TIMING),
]) {
  await writeFile(new URL(`${definition.type}.md`, root), sagaDocument(definition));
}
await writeFile(new URL('phases.md', root), phaseDocument());
