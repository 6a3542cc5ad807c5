import type { Response } from 'express';
import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/** An error answered as RFC 9457 application/problem+json. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  /** RFC 9457 extension members, e.g. the id of a job the failure concerns. */
  readonly extensions: Record<string, unknown>;

  constructor(
    status: number,
    title: string,
    detail: string,
    extra: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = extra.errors;
    this.headers = extra.headers ?? {};
    this.extensions = extra.extensions ?? {};
  }
}

export function sendProblem(response: Response, problem: HttpProblem, instance: string): void {
  response
    .status(problem.status)
    .set(problem.headers)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        ...problem.extensions,
        type: 'about:blank',
        title: problem.title,
        status: problem.status,
        detail: problem.message,
        instance,
        ...(problem.errors ? { errors: problem.errors } : {}),
      }),
    );
}

/** Field paths as clients wrote them: `input.items[0].sku`. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    let field = prefix;
    for (const part of issue.path) {
      field += typeof part === 'number' ? `[${part}]` : field ? `.${String(part)}` : String(part);
    }
    const unknownKeys = issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
    return { field: field || '(body)', message: `${issue.message}${unknownKeys}` };
  });
}

export function invalidRequest(errors: FieldError[]): HttpProblem {
  return new HttpProblem(400, 'Bad Request', 'the request body is not valid', { errors });
}
