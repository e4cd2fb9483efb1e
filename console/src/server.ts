import type { components } from '../../test/helpers/api-types';

// Every call of the console: same-origin with the session cookie, the session's CSRF token on
// every unsafe method, problem+json answers turned into ApiError (with `errors[]` by field path).

export type Schemas = components['schemas'];
export type CaseResource = Schemas['Case'];
export type CaseSummary = Schemas['CaseSummary'];
export type StepRecord = Schemas['StepRecord'];
export type Catalogue = Schemas['Catalogue'];

export interface FieldIssue {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldIssue[];
  code?: string;
  existingCaseCode?: string;
  [k: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

let csrfToken: string | undefined;
let onSignedOut: () => void = () => undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}
/** Called when the session is gone (401 on a call made while signed in). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface CallOptions {
  query?: Query;
  body?: unknown;
  idempotencyKey?: string;
  /** A 401 is an answer here (sign-in), not a lost session. */
  expectUnauthenticated?: boolean;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, o: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(withQuery(path, o.query), { method, headers, credentials: 'same-origin', body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  } catch {
    throw new ApiError({ status: 0, title: 'network' });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const problem: Problem = { ...(typeof body === 'object' && body ? (body as Problem) : {}), status: res.status };
    const retryAfter = Number(res.headers.get('retry-after'));
    if (retryAfter > 0) problem.retryAfterSeconds = retryAfter;
    if (res.status === 401 && !o.expectUnauthenticated) onSignedOut();
    throw new ApiError(problem);
  }
  return body as T;
}

/** getRandomValues works on plain http too (randomUUID needs a secure context). */
function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface SubmissionKeys {
  /** The Idempotency-Key of this submission: the same basis sent again before an answer came keeps it. */
  keyFor(basis: unknown): string;
  /** What the server answered (or threw): once it answered, the next submission is a new one, even with the same body. */
  settled(outcome: unknown): void;
}

/**
 * One Idempotency-Key per submission: the same body sent again after a lost answer (no answer, or a
 * 5xx: the server may have done it) keeps its key, so the server does it once. Once the server
 * answered, a submission with the same body — the same person received again after a withdrawal,
 * a second retry of a step — is a new one with a new key, not a replay of the first answer.
 */
export function submissionKeys(): SubmissionKeys {
  let last: { basis: string; key: string } | undefined;
  return {
    keyFor(basis) {
      const text = JSON.stringify(basis);
      if (!last || last.basis !== text) last = { basis: text, key: `console-${randomHex(16)}` };
      return last.key;
    },
    settled(outcome) {
      // No answer (the network failed: status 0) or a 5xx: the server may have done it, so a retry keeps the key.
      const unanswered = outcome instanceof Error && !(outcome instanceof ApiError && outcome.status > 0 && outcome.status < 500);
      if (!unanswered) last = undefined;
    },
  };
}

/** The issues of a failed call by field path (422), or none. */
export const issuesOf = (err: unknown): FieldIssue[] => (err instanceof ApiError ? (err.problem.errors ?? []) : []);
