// Regenerates packages/contracts/src/generated from proto/ with the options the runtime uses.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTO_FILES, PROTO_ROOT } from '../packages/contracts/src/proto.ts';

const outDir = fileURLToPath(new URL('../packages/contracts/src/generated', import.meta.url));
rmSync(outDir, { recursive: true, force: true });
execFileSync(
  'npx',
  [
    'proto-loader-gen-types',
    '--longs=String',
    '--enums=String',
    '--defaults',
    '--oneofs',
    '--grpcLib=@grpc/grpc-js',
    '--importFileExtension=.ts',
    `--includeDirs=${PROTO_ROOT}`,
    `--outDir=${outDir}`,
    ...PROTO_FILES,
  ],
  { stdio: 'inherit', cwd: PROTO_ROOT },
);

// The generator stamps each file with the absolute path it read; keep the committed files machine-independent.
for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = join(entry.parentPath, entry.name);
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll(PROTO_ROOT, 'proto/'));
}
