import { type MediaProcessInput, TOPICS } from '@jobtrack/contracts';
import { defineSaga, type SagaDefinition, type SagaTiming } from '@jobtrack/saga';

/** Renditions take a while: their attempt may run this many step timeouts, reporting progress meanwhile. */
const RENDITION_TIMEOUT_FACTOR = 4;

/**
 * media.process. The upload is stored and its renditions generated (both undone if the media goes no
 * further), adding it to the album is the point of no return, and the owner is notified, with retries. A
 * media id is processed by one saga at a time: a second request while one runs is turned away as BUSY.
 */
export function createMediaProcessSaga(timing: SagaTiming): SagaDefinition<MediaProcessInput> {
  const backoff = { initialBackoffMs: timing.initialBackoffMs, maxBackoffMs: timing.maxBackoffMs };
  return defineSaga<MediaProcessInput>({
    type: 'media.process',
    commandTopic: TOPICS.mediaCommands,
    replyTopic: TOPICS.mediaReplies,
    lock: { key: (input) => `media:${input.mediaId}`, onBusy: 'reject', leaseMs: timing.lockLeaseMs },
    compensationBackoff: backoff,
    steps: [
      {
        name: 'store_upload',
        kind: 'compensatable',
        invoke: { participant: TOPICS.storageCommands },
        compensate: { participant: TOPICS.storageCommands },
        timeoutMs: timing.stepTimeoutMs,
        retry: { maxAttempts: 3, ...backoff },
      },
      {
        name: 'generate_renditions',
        kind: 'compensatable',
        invoke: { participant: TOPICS.transcoderCommands },
        compensate: { participant: TOPICS.transcoderCommands },
        timeoutMs: timing.stepTimeoutMs * RENDITION_TIMEOUT_FACTOR,
        retry: { maxAttempts: 2, ...backoff, nonRetryable: ['TRANSCODE_FAILED'] },
      },
      {
        name: 'add_to_album',
        kind: 'pivot',
        invoke: { participant: TOPICS.albumCommands },
        timeoutMs: timing.stepTimeoutMs,
        retry: { maxAttempts: 3, ...backoff, nonRetryable: ['ALBUM_FULL'] },
      },
      {
        name: 'notify',
        kind: 'retriable',
        invoke: { participant: TOPICS.notifierCommands },
        timeoutMs: timing.stepTimeoutMs,
        retry: { maxAttempts: 10, ...backoff },
      },
    ],
  });
}
