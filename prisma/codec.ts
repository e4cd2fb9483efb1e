import { randomUUID } from 'node:crypto';
import type { Principal, Role } from './api-keys';
import type { PrismaClient } from './generated/client';
import { KEYSET_ORDER, keysetPage, keysetWhere, type KeysetFilter } from './keyset';

// The codec server's records: operators' browser sessions (token hashes only) and the access log
// of every decode.

/** Opens a session; expired sessions are removed on the way. */
export async function openCodecSession(db: PrismaClient, s: { tokenHash: string; apiKeyId: string; expiresAt: Date; now: Date }): Promise<void> {
  await db.$transaction([db.codecSession.deleteMany({ where: { expiresAt: { lt: s.now } } }), db.codecSession.create({ data: { tokenHash: s.tokenHash, apiKeyId: s.apiKeyId, expiresAt: s.expiresAt } })]);
}

/** The key behind a live session, while the session has not expired and its key is not revoked. */
export async function findCodecSession(db: PrismaClient, tokenHash: string, now: Date): Promise<{ principal: Principal; expiresAt: Date } | undefined> {
  const session = await db.codecSession.findUnique({ where: { tokenHash } });
  if (!session || session.expiresAt <= now) return undefined;
  const key = await db.apiKey.findUnique({ where: { id: session.apiKeyId } });
  if (!key || key.revokedAt) return undefined;
  return {
    principal: { keyId: key.id, keyLabel: key.label, role: key.role as Role, officeCode: key.officeCode ?? undefined, agencyCode: key.agencyCode ?? undefined },
    expiresAt: session.expiresAt,
  };
}

export async function closeCodecSession(db: PrismaClient, tokenHash: string): Promise<void> {
  await db.codecSession.deleteMany({ where: { tokenHash } });
}

export interface CodecAccess {
  id: string;
  apiKeyId: string;
  namespace: string | null;
  caseCodes: string[];
  payloadCount: number;
  at: string;
}

export async function recordCodecAccess(db: PrismaClient, a: Omit<CodecAccess, 'id' | 'at'> & { at: Date }): Promise<void> {
  await db.codecAccessLog.create({ data: { id: randomUUID(), apiKeyId: a.apiKeyId, namespace: a.namespace, caseCodes: a.caseCodes, payloadCount: a.payloadCount, at: a.at } });
}

export interface CodecAccessFilter extends KeysetFilter {
  caseCode?: string;
}

/** The access log, newest first, one page at a time. */
export async function listCodecAccess(db: PrismaClient, f: CodecAccessFilter): Promise<{ items: CodecAccess[]; next?: { at: Date; id: string } }> {
  const rows = await db.codecAccessLog.findMany({
    where: { ...(f.caseCode ? { caseCodes: { has: f.caseCode } } : {}), ...keysetWhere(f) },
    orderBy: KEYSET_ORDER,
    take: f.limit + 1,
  });
  const { page, next } = keysetPage(rows, f.limit);
  return { items: page.map((r) => ({ id: r.id, apiKeyId: r.apiKeyId, namespace: r.namespace, caseCodes: r.caseCodes, payloadCount: r.payloadCount, at: r.at.toISOString() })), next };
}
