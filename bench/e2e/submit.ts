import { Agent, request } from 'node:http';

/** Keep-alive sockets shared by every submission of the run, as a fleet of browsers behind one proxy would. */
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

export interface Submission {
  status: number;
  body: string;
}

/** POSTs a job with the user's bearer token; resolves with the answer, whatever its status. */
export function submitJob(url: string, token: string, job: unknown): Promise<Submission> {
  const body = JSON.stringify(job);
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer in 30 s')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** POSTs a job that must be accepted, and resolves with its id. */
export async function postJob(url: string, token: string, job: unknown): Promise<string> {
  const { status, body } = await submitJob(url, token, job);
  if (status !== 202) throw new Error(`submission answered ${status}: ${body}`);
  return (JSON.parse(body) as { id: string }).id;
}

export function closeSubmitSockets(): void {
  agent.destroy();
}
