import { createHash, timingSafeEqual } from 'node:crypto';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ProblemDetails } from './records';

const PROBLEM_BASE = 'https://lien-thong.example/problems/';

export function sendProblem(
  res: Response,
  status: number,
  slug: string,
  title: string,
  detail: string,
  errors?: ProblemDetails['errors'],
): void {
  const body: ProblemDetails = { type: PROBLEM_BASE + slug, title, status, detail, ...(errors ? { errors } : {}) };
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

/** Every failing field, so the caller fixes them all in one round. */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Bearer check in constant time; a no-op when no token is configured (local development). */
export function requireBearer(token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!expected) return next();
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) return next();
    res.set('WWW-Authenticate', 'Bearer');
    sendProblem(res, 401, 'unauthorized', 'Unauthorized', 'a valid Authorization: Bearer token is required');
  };
}

/** Dispatches and cancellations are retried by the engine, so each must name itself. */
export function requireIdempotencyKey(req: Request, res: Response, next: NextFunction): void {
  const key = req.get('idempotency-key')?.trim();
  if (!key || key.length > 200) {
    sendProblem(res, 400, 'idempotency-key-required', 'Idempotency-Key required', 'send an Idempotency-Key header of 1–200 characters', [
      { path: 'headers.idempotency-key', message: key ? 'at most 200 characters' : 'required' },
    ]);
    return;
  }
  res.locals.idempotencyKey = key;
  next();
}

export function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (req.is('application/json')) return next();
  sendProblem(res, 415, 'unsupported-media-type', 'Unsupported Media Type', 'send Content-Type: application/json');
}

/** Malformed JSON and oversized bodies come from the body parser; answer them as problems too. */
export const problemErrorHandler = (logger: Logger): ErrorRequestHandler => (err: unknown, _req, res, next) => {
  if (res.headersSent) return next(err);
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') {
    return sendProblem(res, 400, 'malformed-json', 'Malformed JSON', 'the request body is not valid JSON');
  }
  if (e.type === 'entity.too.large') {
    return sendProblem(res, 413, 'body-too-large', 'Payload Too Large', 'the request body is too large');
  }
  const status = typeof e.status === 'number' && e.status >= 400 && e.status < 600 ? e.status : 500;
  if (status >= 500) logger.error({ err }, 'request failed');
  sendProblem(res, status, 'internal', 'Error', status === 500 ? 'internal error' : (e.message ?? 'error'));
};
