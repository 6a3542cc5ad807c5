import { build } from 'esbuild';

/**
 * The demo page's script, bundled from its TypeScript entry on first use and kept in memory: the gateway runs
 * from source, so there is no build step to produce it ahead of time. A failed bundle is not kept, so the next
 * request tries again once the source is fixed.
 */
export function pageBundle(entry: string): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= bundle(entry).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    // Resolves the workspace packages (the SDK, the protocol) to their TypeScript sources, as Node does here.
    conditions: ['source'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}
