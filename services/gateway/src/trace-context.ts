import { trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

function validTraceparent(value: string | undefined): string | undefined {
  const match = value ? TRACEPARENT.exec(value) : null;
  if (!match || match[1] === ZERO_TRACE || match[2] === ZERO_SPAN) return undefined;
  return value;
}

/**
 * Answers with a traceparent so a client can find its request in the traces: the server span's when tracing is
 * on (the HTTP instrumentation makes it the active span), otherwise the caller's own, if it sent a valid one.
 */
export const echoTraceparent: RequestHandler = (request, response, next) => {
  const span = trace.getActiveSpan()?.spanContext();
  const traceparent =
    span && trace.isSpanContextValid(span)
      ? `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, '0')}`
      : validTraceparent(request.get('traceparent'));
  if (traceparent) response.set('traceparent', traceparent);
  next();
};
