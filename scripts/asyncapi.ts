import { writeFile } from 'node:fs/promises';
import { buildAsyncApiDocument } from '../packages/api-docs/src/asyncapi.ts';

/**
 * Writes docs/asyncapi.json from the protocol's schemas; `npm run asyncapi` formats it as the linter wants.
 * A unit test of packages/api-docs fails when the committed file and the schemas drift apart.
 */
await writeFile(new URL('../docs/asyncapi.json', import.meta.url), JSON.stringify(buildAsyncApiDocument()));
