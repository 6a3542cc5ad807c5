import { type Context, type Link, ROOT_CONTEXT, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import type { SagaInstance, SagaObservation } from './instance.ts';

const tracer = trace.getTracer('@jobtrack/saga');

/** The span context of the message that started the saga, kept so every step span can link to it. */
export function currentOrigin(): SagaInstance['origin'] {
  const span = trace.getActiveSpan();
  if (!span) return null;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** A context whose parent is the saga's origin, for work no message carries, such as a fired timer. */
export function originContext(origin: SagaInstance['origin']): Context {
  if (!origin) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { ...origin, traceFlags: TraceFlags.SAMPLED, isRemote: true });
}

/**
 * One span per step attempt, from the command to the reply that ended it. An attempt spans messages (and maybe
 * an orchestrator restart), so its span is recorded when it ends, with its real start time, as a child of the
 * message that ended it and linked to the saga's origin in the job's trace.
 */
export function recordAttemptSpan(
  instance: SagaInstance,
  attempt: Extract<SagaObservation, { kind: 'attempt_ended' }>,
  endTime: number,
): void {
  const links: Link[] = instance.origin
    ? [
        {
          context: { ...instance.origin, traceFlags: TraceFlags.SAMPLED },
          attributes: { 'saga.link': 'origin' },
        },
      ]
    : [];
  const span = tracer.startSpan(`saga step ${attempt.step} ${attempt.action.toLowerCase()}`, {
    startTime: attempt.startedAt,
    links,
    attributes: {
      'saga.id': instance.sagaId,
      'saga.type': instance.type,
      'job.id': instance.jobId,
      'saga.step': attempt.step,
      'saga.step.action': attempt.action,
      'saga.step.attempt': attempt.attempt,
      'saga.step.outcome': attempt.outcome,
    },
  });
  if (attempt.outcome !== 'success') span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.outcome });
  span.end(endTime);
}
