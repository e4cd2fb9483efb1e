import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import { FieldIssue, zodIssues } from '../domain';

/** An RFC 9457 problem: every error the API returns is one of these. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldIssue[] = [],
    readonly type = `https://lien-thong.example/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  static validation(errors: FieldIssue[], detail = 'The request has invalid fields; every one is listed in errors.'): Problem {
    return new Problem(422, 'Validation failed', detail, errors);
  }

  static fromZod(error: z.ZodError, prefix: string[] = []): Problem {
    return Problem.validation(zodIssues(error, prefix));
  }
}

export function sendProblem(res: Response, p: Problem): void {
  res
    .status(p.status)
    .type('application/problem+json')
    .json({ type: p.type, title: p.title, status: p.status, ...(p.detail ? { detail: p.detail } : {}), ...(p.errors.length ? { errors: p.errors } : {}), ...p.extra });
}

/** Central error handler (Express 5 routes async rejections here). Unknown errors never leak details. */
export function problemHandler(log: { error: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof Problem) return sendProblem(res, err);
    const e = err as { type?: string; status?: number; statusCode?: number };
    if (e.type === 'entity.parse.failed') return sendProblem(res, new Problem(400, 'Malformed JSON', 'The request body is not valid JSON.'));
    if (e.type === 'entity.too.large') return sendProblem(res, new Problem(413, 'Payload too large'));
    // Other client errors of the body parser (unsupported charset or encoding, …) keep their 4xx.
    const status = e.status ?? e.statusCode;
    if ((err as { expose?: boolean }).expose && status && status >= 400 && status < 500) {
      return sendProblem(res, new Problem(status, 'Unreadable request body', (err as Error).message));
    }
    log.error({ err, method: req.method, path: req.route?.path }, 'unhandled error');
    sendProblem(res, new Problem(500, 'Internal error', 'The request could not be completed; it has been logged.'));
  };
}
