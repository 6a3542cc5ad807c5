import {
  CLIENT_FRAMES,
  type ClientFrame,
  type ClientFrameType,
  type EventFrame,
  fromProtoStatus,
  type Job,
  type JobUpdate,
  jobUpdateView,
  type ServerFrame,
  type WsErrorCode,
} from '@jobtrack/contracts';
import type { z } from 'zod';
import type { OutgoingEvent } from './job-stream.ts';

export type ParsedFrame =
  | { ok: true; frame: ClientFrame }
  | { ok: false; code: WsErrorCode; message: string };

/** Reads a client's text frame; a rejection says which rule it broke, for an error frame the client can act on. */
export function parseClientFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'BAD_FRAME', message: 'a frame must be a JSON text' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'BAD_FRAME', message: 'a frame must be a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return { ok: false, code: 'INVALID_FIELD', message: 'field "type" must be a string' };
  }
  if (!Object.hasOwn(CLIENT_FRAMES, type)) {
    return { ok: false, code: 'UNKNOWN_TYPE', message: `unknown frame type "${type.slice(0, 64)}"` };
  }
  // A subscribe or unsubscribe naming a job is the job form; otherwise the all-jobs form.
  const variants: ReadonlyArray<z.ZodType<ClientFrame>> = CLIENT_FRAMES[type as ClientFrameType];
  if (variants.length > 1 && !Object.hasOwn(value, 'jobId') && !Object.hasOwn(value, 'all')) {
    return {
      ok: false,
      code: 'INVALID_FIELD',
      message: 'field "jobId": required, or "all": true for every job',
    };
  }
  const schema = (Object.hasOwn(value, 'jobId') ? variants[0] : variants.at(-1)) as z.ZodType<ClientFrame>;
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, frame: result.data };
  const issue = result.error.issues[0];
  const field = issue?.code === 'unrecognized_keys' ? issue.keys.join('", "') : issue?.path.join('.');
  return { ok: false, code: 'INVALID_FIELD', message: `field "${field}": ${issue?.message ?? 'invalid'}` };
}

export function serializeFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}

/**
 * The event frame of a job update. Undefined for an update a client cannot be shown (no status), which only a
 * faulty producer sends.
 */
function eventFrame(update: JobUpdate, traceId: string | undefined): EventFrame | undefined {
  if (!fromProtoStatus(update.status)) return undefined;
  const frame: EventFrame = { type: 'event', ...jobUpdateView(update) };
  // An all-zero id is the no-op tracer's: there is no trace to point at.
  if (traceId && !/^0+$/.test(traceId)) frame.traceId = traceId;
  return frame;
}

/** A job update from Kafka as the frame every subscribed socket is sent, with the trace of its message. */
export function relayedEvent(update: JobUpdate, traceId: string | undefined): OutgoingEvent | undefined {
  const frame = eventFrame(update, traceId);
  return frame && outgoing(update.owner, frame, JSON.stringify(frame));
}

/** The job's current state as an event frame, sent on subscribe; it carries the trace of the job's creation. */
export function snapshotEvent(job: Job): OutgoingEvent | undefined {
  const frame = eventFrame({ ...job, jobId: job.id }, job.traceId);
  return frame && outgoing(job.owner, frame, JSON.stringify(frame));
}

export function historyEvent(update: JobUpdate): OutgoingEvent | undefined {
  const frame = eventFrame(update, undefined);
  return frame && outgoing(update.owner, frame, JSON.stringify(frame));
}

function outgoing(owner: string, frame: EventFrame, text: string): OutgoingEvent {
  return {
    jobId: frame.jobId,
    owner,
    seq: frame.seq,
    status: frame.status,
    percent: frame.progress.percent,
    committedAt: Date.parse(frame.updatedAt),
    data: Buffer.from(text),
  };
}
