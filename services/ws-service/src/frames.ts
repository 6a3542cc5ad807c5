import {
  type ClientFrame,
  clientFrame,
  type EventFrame,
  fromProtoStatus,
  type Job,
  type JobStatusName,
  type JobUpdate,
  type ServerFrame,
  type WsErrorCode,
} from '@jobtrack/contracts';

export type ParsedFrame =
  | { ok: true; frame: ClientFrame }
  | { ok: false; code: WsErrorCode; message: string };

const CLIENT_TYPES: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe']);

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
  if (!CLIENT_TYPES.has(type)) {
    return { ok: false, code: 'UNKNOWN_TYPE', message: `unknown frame type "${type.slice(0, 64)}"` };
  }
  const result = clientFrame.safeParse(value);
  if (result.success) return { ok: true, frame: result.data };
  const issue = result.error.issues[0];
  const field = issue?.code === 'unrecognized_keys' ? issue.keys.join('", "') : issue?.path.join('.');
  return { ok: false, code: 'INVALID_FIELD', message: `field "${field}": ${issue?.message ?? 'invalid'}` };
}

export function serializeFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}

/** An event frame ready to send, with what a subscription needs to decide whether to send it. */
export interface OutgoingEvent {
  jobId: string;
  owner: string;
  seq: number;
  status: JobStatusName;
  text: string;
}

type JobState = Pick<JobUpdate, 'seq' | 'status' | 'progress' | 'error' | 'resultJson'>;

/**
 * The event frame for a job update, serialized once for every socket it goes to. Undefined for a state a client
 * cannot be shown (no status), which only a faulty producer sends.
 */
export function eventFromUpdate(update: JobUpdate, traceId: string): OutgoingEvent | undefined {
  return outgoing(update.jobId, update.owner, update, traceId);
}

/** The event frame of a job's current state, sent on subscribe; it carries the trace of the job's creation. */
export function eventFromJob(job: Job): OutgoingEvent | undefined {
  return outgoing(job.id, job.owner, job, job.traceId);
}

function outgoing(jobId: string, owner: string, state: JobState, traceId: string): OutgoingEvent | undefined {
  const status = fromProtoStatus(state.status);
  if (!status) return undefined;
  const seq = Number(state.seq);
  const progress = state.progress;
  const frame: EventFrame = {
    type: 'event',
    jobId,
    seq,
    status,
    progress: {
      percent: progress?.percent ?? 0,
      step: progress?.step ?? '',
      ...(progress?.message ? { message: progress.message } : {}),
    },
  };
  if (state.error?.code) frame.error = { code: state.error.code, message: state.error.message };
  if (state.resultJson) frame.result = parseResult(state.resultJson);
  // An all-zero id is the no-op tracer's: there is no trace to point at.
  if (traceId && !/^0+$/.test(traceId)) frame.traceId = traceId;
  return { jobId, owner, seq, status, text: serializeFrame(frame) };
}

/** The result is JSON written by the job service; should it ever not parse, the client still gets the text. */
function parseResult(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
