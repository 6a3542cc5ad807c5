import type { JobUpdate } from '@jobtrack/client';
import cliProgress from 'cli-progress';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Shows a job's updates as they come. */
export interface Renderer {
  update(update: JobUpdate): void;
  /** Ends the live display; `final` is the terminal update, when there is one. */
  stop(final?: JobUpdate): void;
}

const stepOf = (update: JobUpdate) => update.progress.step || '-';

/** A progress bar redrawn in place, for a person at a terminal. */
export function barRenderer(stream: NodeJS.WritableStream): Renderer {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {status} | {step}',
      hideCursor: true,
      // Each update carries the whole state; drawing the latest is enough, at most this often.
      fps: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(update) {
      const payload = { status: update.status, step: stepOf(update) };
      if (!started) bar.start(100, update.progress.percent, payload);
      else bar.update(update.progress.percent, payload);
      started = true;
    },
    stop(final) {
      if (started && final) bar.update(final.progress.percent, { status: final.status, step: stepOf(final) });
      if (started) bar.stop();
    },
  };
}

/** One line per update, for logs and pipes where a redrawn bar would be noise. */
export function lineRenderer(output: Output): Renderer {
  return {
    update(update) {
      output.write(`${formatUpdate(update)}\n`);
    },
    stop() {},
  };
}

export function formatUpdate(update: JobUpdate): string {
  const { percent, stepsDone, stepsTotal, message } = update.progress;
  const steps = stepsTotal > 0 ? ` (${stepsDone}/${stepsTotal})` : '';
  const note = message ? ` - ${message}` : '';
  return `seq ${update.seq} ${update.status} ${percent}% ${stepOf(update)}${steps}${note}`;
}

/** The last line of a watch: how the job ended, with its result or error. */
export function formatOutcome(update: JobUpdate): string {
  if (update.error)
    return `job ${update.jobId} ${update.status}: ${update.error.code}: ${update.error.message}`;
  const result = update.result === undefined ? '' : ` ${JSON.stringify(update.result)}`;
  return `job ${update.jobId} ${update.status}${result}`;
}
