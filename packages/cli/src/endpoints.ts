import { WS_PATH } from '@jobtrack/contracts/ws-protocol';
import { type OptionValues, stringOption } from './args.ts';
import { UsageError } from './errors.ts';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8080';
/** The ws-service's default port, beside the gateway's 8080 on the same host. */
export const DEFAULT_WS_PORT = '8081';

export interface Endpoints {
  gatewayUrl: string;
  wsUrl: string;
}

type Env = Record<string, string | undefined>;

/** Where the platform is: options win over the environment; the WebSocket URL defaults to the gateway's host. */
export function endpointsOf(values: OptionValues, env: Env): Endpoints {
  const gateway = parseUrl(
    stringOption(values, 'gateway') ?? (env.JOBTRACK_GATEWAY_URL || DEFAULT_GATEWAY_URL),
    '--gateway / JOBTRACK_GATEWAY_URL',
    ['http:', 'https:'],
  );
  const explicitWs = stringOption(values, 'ws') ?? (env.JOBTRACK_WS_URL || undefined);
  const ws = explicitWs
    ? parseUrl(explicitWs, '--ws / JOBTRACK_WS_URL', ['ws:', 'wss:'])
    : derivedWsUrl(gateway);
  return { gatewayUrl: gateway.toString().replace(/\/$/, ''), wsUrl: ws.toString() };
}

function derivedWsUrl(gateway: URL): URL {
  const ws = new URL(gateway);
  ws.protocol = gateway.protocol === 'https:' ? 'wss:' : 'ws:';
  ws.port = DEFAULT_WS_PORT;
  ws.pathname = WS_PATH;
  ws.search = '';
  return ws;
}

function parseUrl(text: string, source: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source}: '${text}' is not a URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new UsageError(
      `${source}: '${text}' must start with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );
  }
  return url;
}
