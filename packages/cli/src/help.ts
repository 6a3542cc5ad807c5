import { DEFAULT_GATEWAY_URL, DEFAULT_WS_PORT } from './endpoints.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { CONNECT_TIMEOUT_MS } from './watch.ts';

export const HELP = `jobtrack: get a dev token, submit jobs and watch them live.

Usage:
  jobtrack token --user <sub>
      Mint a dev token for <sub> (the gateway must run with DEV_AUTH=true) and print it.
  jobtrack submit <type> (--input <json> | --input-file <path>) [--watch]
      Submit a job (type: order.place, media.process) and print its id; with --watch, follow it to its end.
  jobtrack watch <jobId>
      Follow a job with a live progress bar (one line per update when stdout is not a terminal).
  jobtrack --help

Options:
  --gateway <url>     REST gateway base URL. Env JOBTRACK_GATEWAY_URL. Default ${DEFAULT_GATEWAY_URL}.
  --ws <url>          WebSocket service URL. Env JOBTRACK_WS_URL. Default: the gateway's host on port
                      ${DEFAULT_WS_PORT}, path /ws (ws:// or wss:// after the gateway's scheme).
  --token <jwt>       Token for submit and watch. Env JOBTRACK_TOKEN.
  --user <sub>        Instead of a token: mint dev tokens for <sub> as needed.
  --level <level>     What to watch: status, progress (default) or detail (every step event).
  --transport <kind>  auto (default), websocket or sse (the gateway's event stream).
  --verbose           Report reconnects and other transport events on stderr.
  -h, --help          Show this help.

Tokens are never printed, except by 'jobtrack token'. A watch gives up when it has had no connection
for ${CONNECT_TIMEOUT_MS / 1000} s.

Exit codes:
  ${EXIT_CODES.ok}    success; a watched job SUCCEEDED
  ${EXIT_CODES.error}    usage error, or the gateway or WebSocket service failed or could not be reached
  ${EXIT_CODES.failed}    the watched job FAILED
  ${EXIT_CODES.compensated}    the watched job was COMPENSATED (a step failed and the completed ones were undone)
  ${EXIT_CODES.cancelled}    the watched job was CANCELLED
  ${EXIT_CODES.interrupted}  interrupted (Ctrl-C); the job keeps running
`;
