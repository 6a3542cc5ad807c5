import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './processes.ts';

const marker = (section: string, edge: 'start' | 'end') => `<!-- bench:${section}:${edge} -->`;

/**
 * Replaces one generated section of a results file, between its markers, leaving the rest (other sections and
 * any hand-written note) as it is. A missing file or section is created from `skeleton`.
 */
export async function updateSection(
  path: string,
  section: string,
  content: string,
  skeleton: string,
): Promise<void> {
  let text = await readFile(path, 'utf8').catch(() => skeleton);
  const start = marker(section, 'start');
  const end = marker(section, 'end');
  if (!text.includes(start)) text = `${text.trimEnd()}\n\n${start}\n${end}\n`;
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  await writeFile(path, `${before}\n${content.trim()}\n${after}`);
  // The repository's lint formats markdown too (aligned tables); write the file as it would.
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/biome'), ['format', '--write', path], {
    cwd: ROOT,
  });
}

export function sectionMarkers(section: string): string {
  return `${marker(section, 'start')}\n${marker(section, 'end')}`;
}
