import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileMarkdown, summarizeProfile } from '../lib/cpu-profile.ts';
import {
  type CensusGrowth,
  censusGrowth,
  censusOf,
  growthDifference,
  type HeapCensus,
} from './heap-snapshot.ts';
import { InspectorSession, withInspector } from './inspector.ts';
import type { HeapReading } from './measure.ts';
import type { InspectedServer } from './services.ts';

/** Heap censuses at the memory readings and CPU profiles over the delivery windows; hooks only when enabled. */
export class Profiler {
  readonly census: { label: string; growth: CensusGrowth[] }[] = [];
  /** Markdown, one block per profiled window. */
  readonly cpu: string[] = [];
  readonly #enabled: boolean;
  readonly #taken = new Map<'before' | 'after', HeapCensus>();

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  /** Takes a census at each memory reading (after its garbage collections). */
  readingHook(server: InspectedServer) {
    if (!this.#enabled) return undefined;
    return async (moment: 'before' | 'after') => {
      const census = await withInspector(server.inspectorPort, async (session) =>
        censusOf(await session.heapSnapshot()),
      );
      this.#taken.set(moment, census);
    };
  }

  /** The growth between the last reading's censuses, per socket it opened. */
  recordCensus(reading: HeapReading): void {
    const before = this.#taken.get('before');
    const after = this.#taken.get('after');
    this.#taken.clear();
    if (before && after && reading.sockets.ready) {
      this.census.push({ label: reading.label, growth: censusGrowth(before, after, reading.sockets.ready) });
    }
  }

  /** The growth per socket of one census minus another's, when both were taken. */
  overBaseline(baseline: string, server: string): CensusGrowth[] | undefined {
    const of = (label: string) => this.census.find((census) => census.label === label)?.growth;
    const [base, more] = [of(baseline), of(server)];
    return base && more ? growthDifference(more, base) : undefined;
  }

  /** Profiles the server's CPU over a delivery window. */
  windowHook(server: InspectedServer, title: string) {
    if (!this.#enabled) return undefined;
    let session: InspectorSession | undefined;
    let stop: (() => Promise<unknown>) | undefined;
    return async (edge: 'start' | 'end') => {
      if (edge === 'start') {
        session = await InspectorSession.open(server.inspectorPort);
        stop = await session.startCpuProfile();
        return;
      }
      const profile = await stop?.();
      await session?.close();
      const dir = await mkdtemp(join(tmpdir(), 'bench-ws-'));
      try {
        const path = join(dir, 'ws-service.cpuprofile');
        await writeFile(path, JSON.stringify(profile));
        this.cpu.push(profileMarkdown(title, await summarizeProfile(path)), '');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
  }
}
