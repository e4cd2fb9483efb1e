import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findPrincipal } from '../prisma/api-keys';
import { findCodecSession } from '../prisma/codec';
import type { PrismaClient } from '../prisma/generated/client';
import { cookieSessionAuthenticate, cookieValue } from './cookie-session';
import { Problem, sendProblem } from './problem';

// How a browser reaches the codec server: the Temporal Web UI calls it from its own origin (CORS,
// with credentials), and it cannot send our Bearer key, so an operator opens a session at /codec
// and the UI's calls carry its cookie. Only the token's SHA-256 is stored.

export const SESSION_COOKIE = 'ltk_codec_session';
export const SESSION_MS = 8 * 60 * 60 * 1000;
const ALLOWED_HEADERS = 'authorization, content-type, x-namespace';


/** HttpOnly (no script reads it), SameSite=Lax (not sent by other sites), only for /codec. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/codec; Expires=${expiresAt.toUTCString()}; Max-Age=${Math.round(SESSION_MS / 1000)}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = (secure: boolean): string => `${SESSION_COOKIE}=; Path=/codec; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

export const sessionToken = (req: Request): string | undefined => cookieValue(req, SESSION_COOKIE);

/**
 * CORS for the Web UI's origins: credentials allowed, preflights answered for those origins only
 * (another origin's preflight gets 403, so its browser never sends the request).
 */
export function codecCors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    res.vary('Origin');
    const origin = req.get('origin');
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    if (origin && allowed.has(origin)) {
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
      if (preflight) {
        res.set({ 'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS', 'Access-Control-Allow-Headers': ALLOWED_HEADERS, 'Access-Control-Max-Age': '600' });
        res.status(204).end();
        return;
      }
    } else if (preflight) {
      sendProblem(res, new Problem(403, 'Origin not allowed', 'This origin may not call the codec server (CODEC_CORS_ORIGINS).'));
      return;
    }
    next();
  };
}

/** After `authenticate`: a codec session cookie stands for the operator key that opened it. */
export const sessionAuthenticate = (db: PrismaClient, now: () => Date): RequestHandler =>
  cookieSessionAuthenticate(sessionToken, async (hash) => (await findCodecSession(db, hash, now()))?.principal, 'The codec session is unknown or has expired; sign in again at /codec.');

/** `POST /codec/session`: the key is in the body; recorded like a Bearer key so the failed-authentication limit counts it. */
export function keyFromBody(db: PrismaClient): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const key = (req.body as { apiKey?: unknown } | undefined)?.apiKey;
    if (typeof key !== 'string' || !/^\S{1,200}$/.test(key)) return next();
    const principal = await findPrincipal(db, key);
    if (principal) req.principal = principal;
    else req.authFailure = new Problem(401, 'Unauthenticated', 'The API key is unknown or revoked.');
    next();
  };
}
