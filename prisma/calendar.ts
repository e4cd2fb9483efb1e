import type { CalendarOverride } from '../domain';
import type { PrismaClient } from './generated/client';

/** scope "*" = every state agency; otherwise one office code. */
const ALL = '*';

function toDomain(r: { date: string; scope: string; kind: string; reason: string; source: string }): CalendarOverride {
  return { date: r.date, kind: r.kind as CalendarOverride['kind'], ...(r.scope === ALL ? {} : { officeCode: r.scope }), reason: r.reason, source: r.source };
}

/** Overrides from a date on (general ones, plus one office's when given), oldest first. */
export async function listCalendarOverrides(db: PrismaClient, f: { fromDate?: string; toDate?: string; officeCode?: string } = {}): Promise<CalendarOverride[]> {
  const rows = await db.calendarOverride.findMany({
    where: {
      date: { ...(f.fromDate ? { gte: f.fromDate } : {}), ...(f.toDate ? { lte: f.toDate } : {}) },
      ...(f.officeCode ? { scope: { in: [ALL, f.officeCode] } } : {}),
    },
    orderBy: [{ date: 'asc' }, { scope: 'asc' }],
  });
  return rows.map(toDomain);
}

export async function upsertCalendarOverride(db: PrismaClient, o: CalendarOverride): Promise<{ created: boolean }> {
  const scope = o.officeCode ?? ALL;
  const existing = await db.calendarOverride.findUnique({ where: { date_scope: { date: o.date, scope } } });
  await db.calendarOverride.upsert({
    where: { date_scope: { date: o.date, scope } },
    create: { date: o.date, scope, kind: o.kind, reason: o.reason, source: o.source },
    update: { kind: o.kind, reason: o.reason, source: o.source },
  });
  return { created: !existing };
}

export async function deleteCalendarOverride(db: PrismaClient, date: string, officeCode?: string): Promise<boolean> {
  const { count } = await db.calendarOverride.deleteMany({ where: { date, scope: officeCode ?? ALL } });
  return count > 0;
}
