import { createRequire } from 'node:module';
import { WS_TOKEN_PARAM } from '@jobtrack/contracts/ws-protocol';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface Telemetry {
  shutdown(): Promise<void>;
}

/** OTLP export is on when the standard variables name an endpoint, and off otherwise. */
function exportEnabled(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts tracing for the process. Call it before the modules that http and gRPC instrumentation patch are
 * loaded, which is why each service's main.ts imports its instrument.ts first. Spans always get real ids, so
 * trace ids reach logs and WebSocket frames even when nothing is exported.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  const processors: SpanProcessor[] = exportEnabled(env)
    ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })]
    : [];
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => isProbe(request.url),
        requestHook: (span, request) => {
          // A browser's WebSocket token rides in the query; the span must not carry it.
          if ('url' in request && request.url?.includes(`${WS_TOKEN_PARAM}=`)) {
            const target = withoutToken(request.url);
            span.setAttributes({
              'http.target': target,
              'http.url': `http://${request.headers.host ?? 'localhost'}${target}`,
              'url.query': target.split('?')[1] ?? '',
            });
          }
        },
      }),
      new GrpcInstrumentation({ ignoreGrpcMethods: [/^Check$/, /^Watch$/] }),
    ],
  });
  preloadInstrumentedModules();
  active = provider;
  return { shutdown: () => provider.shutdown() };
}

let active: TracerProvider | undefined;

/** Exports what is still buffered; runMain calls it last, so the spans of a draining service are not lost. */
export async function flushTelemetry(): Promise<void> {
  await active?.shutdown();
}

/**
 * The instrumentations patch modules as they are require()d. Services import them as ES modules, which bypasses
 * that hook, so load them once through require here: the patched exports are what the later imports receive.
 */
function preloadInstrumentedModules(): void {
  const require = createRequire(import.meta.url);
  require('node:http');
  require('@grpc/grpc-js');
}

/** The URL with the value of its token parameter replaced, for logs and spans. */
export function withoutToken(url: string): string {
  return url.replace(new RegExp(`([?&]${WS_TOKEN_PARAM}=)[^&#]*`, 'g'), '$1REDACTED');
}

function isProbe(url: string | undefined): boolean {
  return url === '/healthz' || url === '/readyz' || url === '/metrics';
}
