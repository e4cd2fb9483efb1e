import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { PrismaClient } from '../prisma/generated/client';
import { findPrincipal, Principal, Role } from '../prisma/api-keys';
import { Problem } from './problem';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Every /v1 call carries `Authorization: Bearer <api key>`; the key decides desk, agency or operator. */
export function authenticate(db: PrismaClient): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Problem(401, 'Unauthenticated', 'Send Authorization: Bearer <api key>.');
    const principal = await findPrincipal(db, match[1]!);
    if (!principal) throw new Problem(401, 'Unauthenticated', 'The API key is unknown or revoked.');
    req.principal = principal;
    next();
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw new Problem(401, 'Unauthenticated');
  return req.principal;
}

export function requireRole(req: Request, ...roles: Role[]): Principal {
  const p = principalOf(req);
  if (!roles.includes(p.role)) throw new Problem(403, 'Forbidden', `This call is for ${roles.join(' or ')} keys.`);
  return p;
}
