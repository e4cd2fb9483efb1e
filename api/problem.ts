import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import { FieldIssue, zodIssues } from '../domain';
import { isDatabaseUnavailable } from '../prisma/errors';
import { isTemporalUnavailable } from './temporal-errors';

/** What a body in another charset is told (the JSON parser's refusal, and the routes' own check). */
export const UTF8_ONLY = 'A body must be UTF-8 (charset=utf-8, or none).';

/** The challenge every 401 carries (RFC 9110 requires one): the API takes Bearer keys; cookies are not an HTTP scheme. */
export const BEARER_CHALLENGE = 'Bearer realm="lien-thong"';

/**
 * Characters never sent back raw: controls, format characters (bidirectional controls, zero-width
 * and other invisible ones, tags) and lone surrogates. A field path may be a caller's own key.
 */
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
/** Longer paths (a caller's invented key) are cut, in code points. */
const PATH_MAX = 100;

/** `text` with unsafe characters as `\uXXXX` escapes, cut to `max` code points (then `…`). */
export function safeText(text: string, max = Infinity): string {
  const chars = Array.from(text);
  const cut = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return cut.replace(UNSAFE_CHARACTER, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** An RFC 9457 problem: every error the API returns is one of these. */
export class Problem extends Error {
  /** Extra response headers (Retry-After on 429 and 503). */
  readonly headers: Record<string, string> = {};
  readonly detail?: string;
  /** Every bad field, made safe to send back. */
  readonly errors: FieldIssue[];

  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    errors: FieldIssue[] = [],
    readonly type = `https://lien-thong.example/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.detail = detail === undefined ? undefined : safeText(detail);
    this.errors = errors.map((e) => ({ path: safeText(e.path, PATH_MAX), message: safeText(e.message) }));
  }

  static validation(errors: FieldIssue[], detail = 'The request has invalid fields; every one is listed in errors.'): Problem {
    return new Problem(422, 'Validation failed', detail, errors);
  }

  static fromZod(error: z.ZodError, prefix: string[] = []): Problem {
    return Problem.validation(zodIssues(error, prefix));
  }

  /** A 401 whose challenge says a Bearer key was given but is unknown or revoked (RFC 6750 `invalid_token`). */
  static invalidToken(detail: string): Problem {
    const p = new Problem(401, 'Unauthenticated', detail);
    p.headers['WWW-Authenticate'] = `${BEARER_CHALLENGE}, error="invalid_token"`;
    return p;
  }

  /** A body of a type, charset or encoding the route does not read. */
  static unsupportedMediaType(detail: string): Problem {
    return new Problem(415, 'Unsupported media type', detail);
  }

  /** A dependency (PostgreSQL, Temporal) is unreachable: nothing was done; retry after the given seconds. */
  static unavailable(detail: string, retryAfterSeconds: number): Problem {
    const p = new Problem(503, 'Service unavailable', detail);
    p.headers['Retry-After'] = String(retryAfterSeconds);
    return p;
  }
}

/** The JSON body of a problem. */
export function problemBody(p: Problem): Record<string, unknown> {
  return { type: p.type, title: p.title, status: p.status, ...(p.detail ? { detail: p.detail } : {}), ...(p.errors.length ? { errors: p.errors } : {}), ...p.extra };
}

export function sendProblem(res: Response, p: Problem): void {
  if (p.status === 401 && !p.headers['WWW-Authenticate']) res.set('WWW-Authenticate', BEARER_CHALLENGE);
  res.status(p.status).set(p.headers).type('application/problem+json').json(problemBody(p));
}

/** How long a client should wait before retrying while a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Central error handler (Express 5 routes async rejections here). A dependency that is down is a
 * 503 with Retry-After, never a 500; other unknown errors never leak details.
 */
export function problemHandler(log: { error: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof Problem) return sendProblem(res, err);
    const e = err as { type?: string; status?: number; statusCode?: number };
    if (e.type === 'entity.parse.failed') return sendProblem(res, new Problem(400, 'Malformed JSON', 'The request body is not valid JSON.'));
    if (e.type === 'entity.too.large') return sendProblem(res, new Problem(413, 'Payload too large'));
    // The same 415 as a body of another type (api/http/media-type.ts).
    if (e.type === 'charset.unsupported') return sendProblem(res, Problem.unsupportedMediaType(UTF8_ONLY));
    if (e.type === 'encoding.unsupported') return sendProblem(res, Problem.unsupportedMediaType("The body's Content-Encoding is not one the API reads."));
    // Other client errors of the body parser or the router (charset, encoding, a malformed path) keep their 4xx.
    const status = e.status ?? e.statusCode;
    if ((err as { expose?: boolean }).expose && status && status >= 400 && status < 500) {
      return sendProblem(res, new Problem(status, 'Unreadable request', (err as Error).message));
    }
    const route = req.route?.path as string | undefined;
    if (isDatabaseUnavailable(err)) {
      log.warn({ method: req.method, route }, 'database unavailable');
      return sendProblem(res, Problem.unavailable('The database is unreachable; nothing was done. Try again later.', RETRY_AFTER_SECONDS));
    }
    if (isTemporalUnavailable(err)) {
      log.warn({ method: req.method, route }, 'Temporal unavailable');
      return sendProblem(res, Problem.unavailable('Not confirmed in time: the workflow service, or the ledger it writes to, is unreachable or slow. Try again later with the same Idempotency-Key: the action is applied at most once.', RETRY_AFTER_SECONDS));
    }
    log.error({ err, method: req.method, route }, 'unhandled error');
    sendProblem(res, new Problem(500, 'Internal error', 'The request could not be completed; it has been logged.'));
  };
}
