import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * Call while a request is being handled; the function it returns gives that request's HTTP server span its route
 * template, so the span is named "POST /v1/jobs" and carries `http.route`, as the semantic conventions ask (the
 * raw path would put a job id in every name). The HTTP instrumentation reads the route when the response closes,
 * which comes after its 'finish' event.
 */
export function httpRouteRecorder(): (route: string) => void {
  const metadata = getRPCMetadata(context.active());
  return (route) => {
    if (metadata?.type === RPCType.HTTP) metadata.route = route;
  };
}
