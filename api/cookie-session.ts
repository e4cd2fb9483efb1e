import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hashKey, type Principal } from '../prisma/api-keys';
import { Problem } from './problem';

// The codec server's and the console's browser sessions work alike: a random 256-bit token in an
// HttpOnly cookie, only its SHA-256 stored (as for API keys: a random token needs no slow hash).

export const newSessionToken = (): string => randomBytes(32).toString('base64url');
export const hashSessionToken = (token: string): string => hashKey(token);

/** The value of cookie `name`, if present, not empty and (when given) of the expected shape. */
export function cookieValue(req: Request, name: string, shape?: RegExp): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name && value.length) {
      const token = value.join('=');
      return token && (!shape || shape.test(token)) ? token : undefined;
    }
  }
  return undefined;
}

/**
 * After `authenticate` (API keys): a request without an Authorization header may carry a session
 * cookie; a live session becomes the principal. An unknown or ended one is recorded as a 401
 * (answered by `refuseUnauthenticated` after the failed-authentication limit counted it).
 */
export function cookieSessionAuthenticate(tokenOf: (req: Request) => string | undefined, principalOf: (tokenHash: string) => Promise<Principal | undefined>, ended: string): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    if (req.principal || req.get('authorization')) return next();
    const token = tokenOf(req);
    if (!token) return next();
    const principal = await principalOf(hashSessionToken(token));
    if (principal) {
      req.principal = principal;
      req.authFailure = undefined;
    } else {
      req.authFailure = new Problem(401, 'Unauthenticated', ended);
    }
    next();
  };
}
