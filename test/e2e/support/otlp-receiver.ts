import { createServer, type Server } from 'node:http';
import { listen } from '@jobtrack/platform';

interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{ spans?: Array<{ traceId: string; name: string }> }>;
  }>;
}

export interface ReceivedSpan {
  service: string;
  traceId: string;
  name: string;
}

/** A minimal OTLP/HTTP JSON trace receiver, standing where Jaeger would, so a test can see every service's spans. */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Every export as it arrived, to search for what must never be in a span. */
  readonly bodies: string[] = [];
  readonly #server: Server;
  port = 0;

  constructor() {
    this.#server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        if (request.url === '/v1/traces') {
          this.bodies.push(body);
          this.#record(JSON.parse(body) as OtlpExport);
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  async start(): Promise<string> {
    this.port = await listen(this.#server, 0, '127.0.0.1');
    return `http://127.0.0.1:${this.port}`;
  }

  servicesInTrace(traceId: string): Set<string> {
    return new Set(this.spans.filter((span) => span.traceId === traceId).map((span) => span.service));
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #record(payload: OtlpExport): void {
    for (const resourceSpans of payload.resourceSpans ?? []) {
      const service =
        resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ??
        'unknown';
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? [])
          this.spans.push({ service, traceId: span.traceId, name: span.name });
      }
    }
  }
}
