import { CommandError } from './errors.ts';

interface Problem {
  title?: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

export interface SubmittedJob {
  id: string;
  status: string;
}

/** The REST calls the CLI makes. Errors say what the gateway answered, never the token sent. */
export class Gateway {
  readonly #baseUrl: string;

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl;
  }

  async devToken(sub: string): Promise<{ token: string; expiresAt: string }> {
    const response = await this.#request('/v1/dev/token', { method: 'POST', body: { sub } });
    if (response.status === 404 || response.status === 405) {
      throw new CommandError(
        `the gateway at ${this.#baseUrl} mints no dev tokens: is it running with DEV_AUTH=true?`,
      );
    }
    return (await this.#json(response, 'minting a dev token')) as { token: string; expiresAt: string };
  }

  async submit(token: string, type: string, input: unknown): Promise<SubmittedJob> {
    const response = await this.#request('/v1/jobs', { method: 'POST', token, body: { type, input } });
    return (await this.#json(response, `submitting the ${type} job`)) as SubmittedJob;
  }

  async #request(path: string, init: { method: string; token?: string; body: unknown }): Promise<Response> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    try {
      return await fetch(`${this.#baseUrl}${path}`, {
        method: init.method,
        headers,
        body: JSON.stringify(init.body),
      });
    } catch (error) {
      const reason = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new CommandError(`cannot reach the gateway at ${this.#baseUrl}: ${reason}`);
    }
  }

  async #json(response: Response, what: string): Promise<unknown> {
    const text = await response.text();
    if (response.ok) return JSON.parse(text);
    throw new CommandError(`${what} failed: ${describeProblem(response, text)}`);
  }
}

function describeProblem(response: Response, text: string): string {
  let problem: Problem = {};
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    // Not a problem document (a proxy's page, say): the status line is all there is to show.
  }
  const head = `${response.status} ${problem.title ?? response.statusText}`;
  const detail = problem.detail ? `: ${problem.detail}` : '';
  const fields = (problem.errors ?? []).map((error) => `\n  ${error.field}: ${error.message}`).join('');
  return `${head}${detail}${fields}`;
}
