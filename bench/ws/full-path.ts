import { randomUUID } from 'node:crypto';
import {
  createJobServiceApi,
  type MediaProcessInput,
  type ParticipantCommand,
  TOPICS,
} from '@jobtrack/contracts';
import type { BusConsumer, Messaging } from '@jobtrack/platform';
import { stampMessage } from './clock.ts';

const STEP = 'generate_renditions';
/** Progress must rise for the orchestrator to apply it: 1 to 99 per running step. */
const MAX_PERCENT = 99;

/** A media.process saga waiting in its transcoding step, with what a progress reply for it must name. */
interface RunningStep {
  jobId: string;
  command: ParticipantCommand;
  commandId: string;
  percent: number;
}

/** The bench's progress replies take this many jobs at `ratePerS` for `durationS`. */
export function jobsNeeded(ratePerS: number, durationS: number): number {
  return Math.ceil((ratePerS * durationS) / MAX_PERCENT);
}

/**
 * The full path of a progress report: media.process jobs submitted as the gateway does (CreateJob on the job
 * service, then the start command to the orchestrator), whose transcoder is told to hang on its first attempt, so the step stays running while the bench
 * plays the transcoder and publishes PROGRESS replies for it, each carrying its publish time. A reply then goes
 * participant → orchestrator → job event → job service → job update → ws-service → socket.
 */
export class MediaProgress {
  readonly #messaging: Messaging;
  readonly #running = new Map<string, RunningStep>();
  #consumer: BusConsumer | undefined;
  #waiting: { jobIds: readonly string[]; resolve(): void } | undefined;

  private constructor(messaging: Messaging) {
    this.#messaging = messaging;
  }

  /** Starts reading the transcoder's commands (for their ids) before any job exists. */
  static async start(messaging: Messaging, groupId: string): Promise<MediaProgress> {
    const progress = new MediaProgress(messaging);
    progress.#consumer = await messaging.consume({
      groupId,
      topic: TOPICS.transcoderCommands,
      fromBeginning: true,
      handle: async (command, meta) => progress.#onCommand(command, meta.id),
    });
    return progress;
  }

  #onCommand(command: ParticipantCommand, commandId: string): void {
    if (command.step !== STEP || command.action !== 'STEP_ACTION_EXECUTE' || command.attempt !== 1) return;
    this.#running.set(command.jobId, { jobId: command.jobId, command, commandId, percent: 0 });
    if (this.#waiting && this.#missing(this.#waiting.jobIds) === 0) this.#waiting.resolve();
  }

  #missing(jobIds: readonly string[]): number {
    return jobIds.filter((jobId) => !this.#running.has(jobId)).length;
  }

  /**
   * The input of a media.process job whose transcoding step stays running (its first attempt hangs) while the
   * bench plays the transcoder.
   */
  static jobInput(): MediaProcessInput {
    return {
      mediaId: `media-${randomUUID()}`,
      albumId: 'album-bench',
      fileName: 'clip.mp4',
      contentType: 'video/mp4',
      sizeBytes: 10_000_000,
      renditions: ['thumbnail', '720p'],
      simulate: { [STEP]: { hangAttempts: 1 } },
    };
  }

  /** Resolves once every one of the jobs is in its transcoding step; fails after `timeoutMs`. */
  async untilInStep(jobIds: readonly string[], timeoutMs: number): Promise<void> {
    if (this.#missing(jobIds) === 0) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => {
          this.#waiting = { jobIds, resolve };
        }),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${this.#missing(jobIds)} jobs did not reach ${STEP} in ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.#waiting = undefined;
    }
  }

  /** Submits one job per owner as the gateway does, and resolves once every one of them is in its transcoding step. */
  async createJobs(
    jobServiceAddress: string,
    owners: readonly string[],
    timeoutMs: number,
  ): Promise<string[]> {
    const api = createJobServiceApi(jobServiceAddress);
    try {
      const created = await Promise.all(
        owners.map(async (owner) => {
          const input = MediaProgress.jobInput();
          const response = await api.createJob({
            type: 'media.process',
            owner,
            inputJson: JSON.stringify(input),
          });
          const job = response.job;
          if (!job) throw new Error('CreateJob answered without a job');
          await this.#messaging.publish(
            TOPICS.mediaCommands,
            job.id,
            { jobId: job.id, type: job.type, owner: job.owner, start: { inputJson: JSON.stringify(input) } },
            { id: `${job.id}:start` },
          );
          return job.id;
        }),
      );
      await this.untilInStep(created, timeoutMs);
      return created;
    } finally {
      api.close();
    }
  }

  /** Sends the next progress reply of job `jobIds[n % length]`, stamped with its publish time. */
  sendProgress(jobIds: readonly string[], n: number): Promise<void> {
    const jobId = jobIds[n % jobIds.length] as string;
    const step = this.#running.get(jobId);
    if (!step) return Promise.reject(new Error(`job ${jobId} is not in ${STEP}`));
    if (step.percent >= MAX_PERCENT) return Promise.reject(new Error(`job ${jobId} has no progress left`));
    step.percent++;
    const { command } = step;
    return this.#messaging.publish(TOPICS.mediaReplies, jobId, {
      sagaId: command.sagaId,
      jobId,
      step: command.step,
      action: command.action,
      commandId: step.commandId,
      outcome: 'REPLY_OUTCOME_PROGRESS',
      percent: step.percent,
      message: stampMessage(),
    });
  }

  async stop(): Promise<void> {
    await this.#consumer?.stop();
  }
}
