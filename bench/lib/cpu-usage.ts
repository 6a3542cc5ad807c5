import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Linux reports process and machine CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const TICKS_PER_S = 100;

function processSeconds(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...ticks] = line.trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_S;
}

/** CPU used over a window, in cores (1.0 = one core busy all the time). */
export interface CpuShares {
  /** By process name, for the processes given. */
  processes: Record<string, number>;
  /** All processes of the machine: the rest is Kafka, Redis and anything else running. */
  machine: number;
}

/** Measures the CPU each named process and the whole machine used between start and stop (Linux /proc). */
export function startCpuMeter(pids: Record<string, number>): { stop(): CpuShares | undefined } {
  const read = () => {
    try {
      const processes = Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => [name, processSeconds(pid)]),
      );
      return { processes, machine: machineBusySeconds(), at: performance.now() };
    } catch {
      return undefined;
    }
  };
  const first = read();
  return {
    stop() {
      const last = read();
      if (!first || !last) return undefined;
      const wallS = (last.at - first.at) / 1000;
      const processes = Object.fromEntries(
        Object.entries(last.processes).map(([name, seconds]) => [
          name,
          (seconds - (first.processes[name] ?? 0)) / wallS,
        ]),
      );
      return { processes, machine: (last.machine - first.machine) / wallS };
    },
  };
}

/**
 * The local Kafka broker and Redis server, found by their command lines, so their CPU shows beside the services'
 * (they share the machine). A process that cannot be read is left out.
 */
export function infraPids(redisUrl: string): Record<string, number> {
  const redisPort = new URL(redisUrl).port || '6379';
  const found: Record<string, number> = {};
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let command: string;
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (command.includes('kafka.Kafka ')) found.kafka = Number(entry);
    else if (command.startsWith('redis-server') && command.includes(`:${redisPort}`))
      found.redis = Number(entry);
  }
  return found;
}
