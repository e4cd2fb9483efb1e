import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { findPrincipal, hashKey, Principal } from '../prisma/api-keys';
import type { PrismaClient } from '../prisma/generated/client';
import { Problem, sendProblem } from './problem';
import { tooManyPage, TRACKING_CSP } from './tracking/page';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** Why authentication failed; answered after the failed-authentication limit had its say. */
    authFailure?: Problem;
  }
}

/** How long a known key is trusted without asking the database again (a revocation takes effect within it). */
const KEY_CACHE_MS = 10_000;
const KEY_CACHE_MAX = 10_000;

/**
 * Every /v1 call carries `Authorization: Bearer <api key>`; the key decides desk, agency or
 * operator. A failure is not answered here but recorded, so the failed-authentication limit can
 * count it first (`authFailureLimit`), then `refuseUnauthenticated` answers 401.
 */
export function authenticate(db: PrismaClient): RequestHandler {
  const known = new Map<string, { principal: Principal; until: number }>();
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      req.authFailure = new Problem(401, 'Unauthenticated', 'Send Authorization: Bearer <api key>.');
      return next();
    }
    const hash = hashKey(match[1]!);
    const cached = known.get(hash);
    let principal = cached && cached.until > Date.now() ? cached.principal : undefined;
    if (!principal) {
      principal = await findPrincipal(db, match[1]!);
      if (!principal) {
        req.authFailure = Problem.invalidToken('The API key is unknown or revoked.');
        return next();
      }
      if (known.size >= KEY_CACHE_MAX) known.clear();
      known.set(hash, { principal, until: Date.now() + KEY_CACHE_MS });
    }
    req.principal = principal;
    next();
  };
}

export const refuseUnauthenticated: RequestHandler = (req, _res, next) => {
  if (req.authFailure || !req.principal) throw req.authFailure ?? new Problem(401, 'Unauthenticated');
  next();
};

export interface RateLimits {
  /** Requests per minute one API key may make. */
  perKeyPerMinute: number;
  /** Failed authentications per minute from one client address before it gets 429. */
  authFailuresPerMinute: number;
  /** Requests per minute one client address may make to the public tracking page (default 30). */
  publicLookupsPerMinute?: number;
}

const tooMany = (detail: string) => (req: Request, res: Response) => {
  const p = new Problem(429, 'Too many requests', detail);
  // express-rate-limit has set Retry-After; keep it.
  sendProblem(res, p);
};

/**
 * Failed authentications counted per client address (a key being guessed, a misconfigured
 * client): past the limit they get 429 instead of 401 until the window passes. Requests with a
 * valid key are neither counted nor refused, so one bad client does not lock out its neighbours.
 */
export function authFailureLimit(limits: RateLimits): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: limits.authFailuresPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (req) => req.principal !== undefined,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: tooMany('Too many failed authentications from this address; try again after Retry-After seconds.'),
  });
}

/** Requests counted per API key, after authentication. */
export function perKeyLimit(limits: RateLimits): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: limits.perKeyPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => req.principal?.keyId ?? 'anonymous',
    handler: tooMany('Too many requests with this API key; try again after Retry-After seconds.'),
  });
}

/**
 * Lookups of the public tracking page and rating posts, counted per client address: a person
 * checks a case a few times; enumerating case codes or guessing rating codes gets a 429 page.
 */
export function publicLookupLimit(limits: RateLimits): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: limits.publicLookupsPerMinute ?? 30,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: (req, res) => {
      const seconds = Math.max(1, Number(res.getHeader('Retry-After')) || 60);
      const lang = req.query.lang === 'en' ? 'en' : 'vi';
      res.status(429).set({ 'Content-Security-Policy': TRACKING_CSP, 'Cache-Control': 'no-store', 'Retry-After': String(seconds) }).type('html').send(tooManyPage(lang, seconds));
    },
  });
}
