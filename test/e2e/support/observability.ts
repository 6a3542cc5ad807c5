import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@jobtrack/platform/testing';

const OBSERVE_SCRIPT = fileURLToPath(new URL('../../../scripts/observe/observe.sh', import.meta.url));

export interface Observability {
  /** Where the services send their spans (OTEL_EXPORTER_OTLP_ENDPOINT). */
  otlpEndpoint: string;
  /** Jaeger's query API and UI. */
  jaegerUrl: string;
  prometheusUrl: string;
  /**
   * Starts Jaeger and a Prometheus scraping these /metrics URLs (by job name) every second, through the project's
   * scripts/observe/observe.sh, on ports and storage of this test's own.
   */
  start(targets: Record<string, string>): Promise<void>;
  /** Stops both and removes their storage; safe when they never started. */
  stop(): Promise<void>;
}

/** Ports are chosen first, so the services can be pointed at Jaeger before it runs. */
export async function observability(): Promise<Observability> {
  const dir = await mkdtemp(join(tmpdir(), 'jobtrack-observe-'));
  const [otlpHttp, otlpGrpc, ui, queryGrpc, prometheus] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const baseEnv = {
    ...process.env,
    JOBTRACK_INFRA_DIR: dir,
    JAEGER_OTLP_HTTP_PORT: String(otlpHttp),
    JAEGER_OTLP_GRPC_PORT: String(otlpGrpc),
    JAEGER_UI_PORT: String(ui),
    JAEGER_QUERY_GRPC_PORT: String(queryGrpc),
    PROMETHEUS_PORT: String(prometheus),
    PROMETHEUS_SCRAPE_INTERVAL: '1s',
  };
  const run = async (command: string, env: NodeJS.ProcessEnv) => {
    const child = spawn('bash', [OBSERVE_SCRIPT, command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`observe.sh ${command} exited with ${code}:\n${output}`);
  };
  return {
    otlpEndpoint: `http://127.0.0.1:${otlpHttp}`,
    jaegerUrl: `http://127.0.0.1:${ui}`,
    prometheusUrl: `http://127.0.0.1:${prometheus}`,
    async start(targets) {
      const list = Object.entries(targets).map(([job, url]) => `${job}=${new URL(url).host}`);
      await run('start', { ...baseEnv, PROMETHEUS_TARGETS: list.join(',') });
    },
    async stop() {
      try {
        await run('stop', baseEnv);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
