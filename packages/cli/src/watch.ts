import { format } from 'node:util';
import { type ClientLogger, JobtrackClient } from '@jobtrack/client';
import type { SubscriptionLevel } from '@jobtrack/contracts/ws-protocol';
import type { Endpoints } from './endpoints.ts';
import { CommandError } from './errors.ts';
import { EXIT_CODES, exitCodeOf } from './exit-codes.ts';
import { barRenderer, formatOutcome, lineRenderer, type Output } from './render.ts';

/** How long the CLI waits for a connection (first or again) before it gives up instead of retrying forever. */
export const CONNECT_TIMEOUT_MS = 30_000;

export interface WatchSettings {
  jobId: string;
  level: SubscriptionLevel;
  transport: 'auto' | 'websocket' | 'sse';
  endpoints: Endpoints;
  token: () => Promise<string>;
  stdout: NodeJS.WritableStream & Output;
  stderr: Output;
  verbose: boolean;
}

/** Watches a job until it ends and returns the exit code of its outcome. */
export async function watchJob(settings: WatchSettings): Promise<number> {
  const { jobId, stdout } = settings;
  const client = new JobtrackClient({
    wsUrl: settings.endpoints.wsUrl,
    gatewayUrl: settings.endpoints.gatewayUrl,
    token: settings.token,
    transport: settings.transport,
    ...(settings.verbose ? { logger: stderrLogger(settings.stderr) } : {}),
  });
  const renderer = stdout.isTTY ? barRenderer(stdout) : lineRenderer(stdout);
  const stopped = new AbortController();
  try {
    const watch = client.watch(jobId, { level: settings.level });
    const followed = (async () => {
      for await (const update of watch) renderer.update(update);
      return watch.done;
    })();
    const final = await Promise.race([
      followed,
      unreachable(client, stopped.signal),
      interrupted(stopped.signal),
    ]);
    if (final === 'interrupted') {
      renderer.stop();
      settings.stderr.write(`interrupted; job ${jobId} keeps running\n`);
      return EXIT_CODES.interrupted;
    }
    renderer.stop(final);
    stdout.write(`${formatOutcome(final)}\n`);
    return exitCodeOf(final.status);
  } catch (error) {
    renderer.stop();
    throw watchError(jobId, error);
  } finally {
    stopped.abort();
    await client.close();
  }
}

function watchError(jobId: string, error: unknown): Error {
  if (error instanceof CommandError) return error;
  const { code, message } = error as Error & { code?: string };
  // The server does not say whether a job that is not the caller's exists, and neither does this message.
  if (code === 'NOT_FOUND') return new CommandError(`job ${jobId} was not found (or is not yours)`);
  return new CommandError(`watching job ${jobId} failed: ${message}`);
}

/** Rejects once the client has gone CONNECT_TIMEOUT_MS without an open connection. */
function unreachable(client: JobtrackClient, stopped: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      timer ??= setTimeout(
        () => reject(new CommandError(`no connection to the platform within ${CONNECT_TIMEOUT_MS / 1000} s`)),
        CONNECT_TIMEOUT_MS,
      );
    };
    const off = client.on('state', (state) => {
      if (state === 'open') {
        clearTimeout(timer);
        timer = undefined;
      } else if (state === 'connecting' || state === 'reconnecting') {
        arm();
      }
    });
    if (client.state !== 'open') arm();
    stopped.addEventListener('abort', () => {
      clearTimeout(timer);
      off();
    });
  });
}

function interrupted(stopped: AbortSignal): Promise<'interrupted'> {
  return new Promise((resolve) => {
    const onSignal = () => resolve('interrupted');
    process.once('SIGINT', onSignal);
    stopped.addEventListener('abort', () => process.off('SIGINT', onSignal));
  });
}

function stderrLogger(stderr: Output): ClientLogger {
  return {
    debug: (...args) => stderr.write(`debug: ${format(...args)}\n`),
    warn: (...args) => stderr.write(`warn: ${format(...args)}\n`),
  };
}
