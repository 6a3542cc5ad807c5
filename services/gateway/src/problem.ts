import type { Request, Response } from 'express';
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
      /** What went wrong underneath, for the log; never sent to the client. */
      cause?: unknown;
    } = {},
  ) {
    super(detail, { cause: extra.cause });
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

function fieldName(prefix: string, path: readonly PropertyKey[]): string {
  let field = prefix;
  for (const part of path) {
    field += typeof part === 'number' ? `[${part}]` : field ? `.${String(part)}` : String(part);
  }
  return field;
}

/**
 * Field paths as clients wrote them: `input.items[0].sku`. `root` names the whole value when the problem is
 * with it rather than a field, e.g. "(body)" for a body that is not an object.
 */
export function fieldErrors(error: z.ZodError, prefix = '', root = '(body)'): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: fieldName(prefix, [...issue.path, key]),
        message: 'unknown field',
      }));
    }
    return [{ field: fieldName(prefix, issue.path) || root, message: issue.message }];
  });
}

export function invalidRequest(errors: FieldError[], detail = 'the request is not valid'): HttpProblem {
  return new HttpProblem(400, 'Bad Request', detail, { errors });
}

/** The parsed value, or a 400 problem naming every invalid field. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: { prefix?: string; root: string },
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(fieldErrors(result.error, where.prefix, where.root));
  return result.data;
}

/** Bodies are JSON only; anything else is 415, before the body is even read. */
export function requireJson(request: Request): void {
  if (!request.is('application/json')) {
    throw new HttpProblem(415, 'Unsupported Media Type', 'send the body as application/json', {
      headers: { 'accept-post': 'application/json' },
    });
  }
}
