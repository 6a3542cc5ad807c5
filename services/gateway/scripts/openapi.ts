import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../src/openapi.ts';

/**
 * Writes docs/api/openapi.json: the document a production gateway serves at /v1/openapi.json (no dev routes).
 * A unit test fails when the committed file and the schemas drift apart; run `npm run openapi -w services/gateway`.
 */
export const OPENAPI_FILE = new URL('../../../docs/api/openapi.json', import.meta.url);

export function openApiDocument(): unknown {
  return buildOpenApiDocument({ devAuth: false });
}

if (import.meta.main) {
  const path = fileURLToPath(OPENAPI_FILE);
  await writeFile(path, JSON.stringify(openApiDocument()));
  // Formatted as the linter wants it, so `npm run lint` passes on the generated file as on any other.
  execFileSync('npx', ['--no-install', 'biome', 'format', '--write', path], { stdio: 'inherit' });
}
