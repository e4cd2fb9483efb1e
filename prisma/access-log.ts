import { randomUUID } from 'node:crypto';
import type { Principal } from './api-keys';
import type { PrismaClient } from './generated/client';

// The dossier access log: every read of a dossier's personal data, naming the person (a console
// user) or the API key that read it.

export interface DossierAccess {
  id: string;
  caseCode: string;
  what: string;
  actor: string;
  actorName: string;
  at: string;
}

/** Who the principal is, as the log names them: the person, else the key by its label. */
async function actorOf(db: PrismaClient, p: Principal): Promise<{ actor: string; actorName: string }> {
  if (p.userId) return { actor: `user:${p.userId}`, actorName: p.personName ?? '' };
  const key = await db.apiKey.findUnique({ where: { id: p.keyId }, select: { label: true } });
  return { actor: p.keyId, actorName: key?.label ?? p.keyId };
}

/** Records that `p` read these cases' dossiers (`what`: `case`, `form:<name>`, `tracking-book`). */
export async function recordDossierAccess(db: PrismaClient, p: Principal, what: string, caseCodes: readonly string[], at: Date): Promise<void> {
  if (caseCodes.length === 0) return;
  const { actor, actorName } = await actorOf(db, p);
  await db.dossierAccessLog.createMany({ data: caseCodes.map((caseCode) => ({ id: randomUUID(), caseCode, what, actor, actorName, at })) });
}

export interface DossierAccessFilter {
  caseCode?: string;
  from?: Date;
  /** Exclusive. */
  before?: Date;
  limit: number;
  after?: { at: Date; id: string };
}

/** The log, newest first, one page at a time. */
export async function listDossierAccess(db: PrismaClient, f: DossierAccessFilter): Promise<{ items: DossierAccess[]; next?: { at: Date; id: string } }> {
  const rows = await db.dossierAccessLog.findMany({
    where: {
      ...(f.caseCode ? { caseCode: f.caseCode } : {}),
      at: { ...(f.from ? { gte: f.from } : {}), ...(f.before ? { lt: f.before } : {}) },
      ...(f.after ? { OR: [{ at: { lt: f.after.at } }, { at: f.after.at, id: { lt: f.after.id } }] } : {}),
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ id: r.id, caseCode: r.caseCode, what: r.what, actor: r.actor, actorName: r.actorName, at: r.at.toISOString() })),
    next: rows.length > f.limit && last ? { at: last.at, id: last.id } : undefined,
  };
}
