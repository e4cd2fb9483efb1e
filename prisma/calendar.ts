import type { CalendarOverride } from '../domain';
import type { PrismaClient } from './generated/client';

/** scope "*" = every state agency; otherwise one office code. */
const ALL = '*';

function toDomain(r: { date: string; scope: string; kind: string; reason: string; source: string }): CalendarOverride {
  return { date: r.date, kind: r.kind as CalendarOverride['kind'], ...(r.scope === ALL ? {} : { officeCode: r.scope }), reason: r.reason, source: r.source };
}

/**
 * How long a process trusts the overrides it read: receipts and workflows read them on every
 * deadline, and they change a few times a year. A change made through this process is seen at once;
 * one made through another process within this time.
 */
export const OVERRIDES_CACHE_MS = 10_000;
const cached = new WeakMap<PrismaClient, { until: number; all: Promise<CalendarOverride[]> }>();

/** listCalendarOverrides from a cache of the whole (small) table, refreshed every OVERRIDES_CACHE_MS. */
export async function cachedCalendarOverrides(db: PrismaClient, f: { fromDate?: string; toDate?: string; officeCode?: string } = {}): Promise<CalendarOverride[]> {
  let entry = cached.get(db);
  if (!entry || entry.until < Date.now()) {
    entry = { until: Date.now() + OVERRIDES_CACHE_MS, all: listCalendarOverrides(db) };
    cached.set(db, entry);
    entry.all.catch(() => cached.delete(db));
  }
  const all = await entry.all;
  return all.filter(
    (o) => (!f.fromDate || o.date >= f.fromDate) && (!f.toDate || o.date <= f.toDate) && (!f.officeCode || o.officeCode === undefined || o.officeCode === f.officeCode),
  );
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
  cached.delete(db);
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
  cached.delete(db);
  const { count } = await db.calendarOverride.deleteMany({ where: { date, scope: officeCode ?? ALL } });
  return count > 0;
}
