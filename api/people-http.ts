import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { PrismaClient } from '../prisma/generated/client';
import { findUserSession, normaliseUsername, principalOf } from '../prisma/users';
import { cookieSessionAuthenticate, cookieValue } from './cookie-session';
import { Problem, sendProblem } from './problem';

// How a person reaches /v1 from the console: `POST /v1/session` checks the password and sets an
// HttpOnly, SameSite=Strict cookie holding a random 256-bit token (only its SHA-256 is stored);
// every /v1 route then accepts the cookie as the person's principal when no Authorization header
// is sent. Unsafe methods with a cookie need the session's CSRF token in `X-CSRF-Token` (a
// second defence behind SameSite=Strict, which old browsers and some proxies do not honour).

export const USER_SESSION_COOKIE = 'ltk_session';
export const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Failed sign-ins are counted over this window. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export interface PeopleSettings {
  /** Secure cookies (production: the console is served over HTTPS). */
  secureCookies: boolean;
  /** A session ends this long after sign-in, whatever the activity (one working day). */
  sessionMs: number;
  signInFailuresPerUsername: number;
  signInFailuresPerAddress: number;
}

export const DEFAULT_PEOPLE_SETTINGS: PeopleSettings = { secureCookies: false, sessionMs: 8 * 3_600_000, signInFailuresPerUsername: 5, signInFailuresPerAddress: 20 };


export function userSessionCookie(token: string, settings: PeopleSettings, secure: boolean): string {
  return `${USER_SESSION_COOKIE}=${token}; Path=/; Max-Age=${Math.round(settings.sessionMs / 1000)}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export const clearedUserSessionCookie = (secure: boolean): string => `${USER_SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;

export const userSessionToken = (req: Request): string | undefined => cookieValue(req, USER_SESSION_COOKIE, /^[A-Za-z0-9_-]{20,100}$/);

/** Compares tokens in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** After `authenticate` (API keys): a console session cookie of an enabled user becomes the person's principal. */
export const userSessionAuthenticate = (db: PrismaClient, now: () => Date): RequestHandler =>
  cookieSessionAuthenticate(
    userSessionToken,
    async (hash) => {
      const session = await findUserSession(db, hash, now());
      return session && principalOf(session.user, session.csrfToken);
    },
    'The session has ended or was revoked; sign in again.',
  );

/** Unsafe methods of a cookie session must echo its CSRF token; Bearer keys are not concerned. */
export const requireCsrfToken: RequestHandler = (req, _res, next) => {
  const expected = req.principal?.csrfToken;
  if (expected && UNSAFE_METHODS.has(req.method)) {
    const sent = req.get(CSRF_HEADER);
    if (!sent || !sameToken(sent, expected)) throw new Problem(403, 'CSRF token missing or wrong', `Send the session's csrfToken (from POST or GET /v1/session) in the ${CSRF_HEADER} header.`);
  }
  next();
};

/**
 * Failed sign-ins slowed per username and per client address: once the limit of failures within
 * the window is reached, further attempts get 429 with Retry-After until the window passes (a
 * success does not count). Per address the limit is higher, so one officer's typos do not lock out
 * an office behind one NAT address.
 */
export function signInLimits(settings: PeopleSettings): RequestHandler[] {
  const answer = (detail: string) => (_req: Request, res: Response) => sendProblem(res, new Problem(429, 'Too many failed sign-ins', detail));
  // Only a wrong username or password (401) is a failure: a malformed sign-in (422) guesses nothing
  // and must not lock the officer out.
  const common = {
    windowMs: SIGN_IN_WINDOW_MS,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req: Request, res: Response) => res.statusCode !== 401,
  };
  const username = (req: Request) => {
    const u = (req.body as { username?: unknown } | undefined)?.username;
    return typeof u === 'string' && u.length <= 200 ? normaliseUsername(u) : undefined;
  };
  return [
    rateLimit({
      ...common,
      limit: settings.signInFailuresPerAddress,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
      handler: answer('Too many failed sign-ins from this address; try again after Retry-After seconds.'),
    }),
    rateLimit({
      ...common,
      limit: settings.signInFailuresPerUsername,
      skip: (req) => username(req) === undefined,
      keyGenerator: (req) => `username:${username(req)}`,
      handler: answer('Too many failed sign-ins for this username; try again after Retry-After seconds.'),
    }),
  ];
}
