import { Router } from 'express';
import { z } from 'zod';
import { CATALOGUE_VERSIONS, catalogueInForceOn, computeDeadline, createLegalCalendar, describeYear, findOffice, isIsoDate, localDateOf } from '../../domain';
import { deleteCalendarOverride, listCalendarOverrides, upsertCalendarOverride } from '../../prisma/calendar';
import { overdueCountsByAgency } from '../../prisma/cases-read';
import { requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { Problem } from '../problem';

const knownOffices = new Set(CATALOGUE_VERSIONS.flatMap((c) => c.offices.map((o) => o.code)));
const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const office = z.string().refine((c) => knownOffices.has(c), 'unknown office code');
const year = z.coerce.number().int().min(1990).max(2100);

export const calendarOverrideSchema = z.strictObject({
  date: isoDate.refine((d) => Number(d.slice(0, 4)) >= 1990 && Number(d.slice(0, 4)) <= 2100, 'must be in 1990–2100'),
  kind: z.enum(['day-off', 'working-day']),
  officeCode: office.optional(),
  reason: z.string().trim().min(3).max(500),
  source: z.string().trim().min(3).max(500),
});
const yearQuery = z.strictObject({ year, office: office.optional() });
const deleteQuery = z.strictObject({ date: isoDate, office: office.optional() });
const deadlineQuery = z.strictObject({
  from: z.iso
    .datetime({ offset: true })
    .pipe(z.string().refine((v) => v >= '1990-01-02' && v < '2100-07-01', 'must be between 1990 and mid-2100 (the calendar covers 1990–2100)')),
  workingDays: z.string().regex(/^\d{1,3}$/, 'must be a whole number of working days, 0–365').transform(Number).pipe(z.number().max(365)),
  office,
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw Problem.fromZod(r.error);
  return r.data;
}

/** The legal calendar: statutory days, the yearly decisions stored as overrides, and the deadline function. */
export function calendarRouter(deps: ApiDeps): Router {
  const r = Router();

  r.get('/v1/calendar', async (req, res) => {
    const q = parse(yearQuery, req.query);
    const overrides = await listCalendarOverrides(deps.db, { fromDate: `${q.year}-01-01`, toDate: `${q.year}-12-31`, officeCode: q.office });
    res.json({ year: q.year, office: q.office ?? null, ...describeYear(q.year, overrides, q.office), overrides });
  });

  r.put('/v1/calendar/overrides', async (req, res) => {
    requireRole(req, 'operator');
    const o = parse(calendarOverrideSchema, req.body);
    const { created } = await upsertCalendarOverride(deps.db, o);
    deps.logger.info({ date: o.date, kind: o.kind, officeCode: o.officeCode, keyId: req.principal?.keyId }, 'calendar override saved');
    res.status(created ? 201 : 200).json(o);
  });

  r.delete('/v1/calendar/overrides', async (req, res) => {
    requireRole(req, 'operator');
    const q = parse(deleteQuery, req.query);
    if (!(await deleteCalendarOverride(deps.db, q.date, q.office))) throw new Problem(404, 'Override not found', `No override on ${q.date}${q.office ? ` for ${q.office}` : ''}.`);
    deps.logger.info({ date: q.date, officeCode: q.office, keyId: req.principal?.keyId }, 'calendar override deleted');
    res.status(204).end();
  });

  /** The same deadline function the workflows use, on the office's hours and calendar. */
  r.get('/v1/calendar/deadline', async (req, res) => {
    const q = parse(deadlineQuery, req.query);
    const from = new Date(q.from);
    const o = findOffice(catalogueInForceOn(localDateOf(from) < CATALOGUE_VERSIONS[0]!.effectiveFrom ? CATALOGUE_VERSIONS[0]!.effectiveFrom : localDateOf(from)), q.office);
    if (!o) throw Problem.validation([{ path: 'office', message: 'unknown office code' }]);
    const overrides = await listCalendarOverrides(deps.db, { fromDate: localDateOf(from), officeCode: q.office });
    let d;
    try {
      d = computeDeadline({ from, workingDays: q.workingDays, hours: o, calendar: createLegalCalendar(overrides), receiptCalendar: createLegalCalendar(overrides, q.office) });
    } catch (err) {
      if (err instanceof RangeError) throw Problem.validation([{ path: 'workingDays', message: 'the period runs past the end of the calendar (2100)' }]);
      throw err;
    }
    res.json({ from: from.toISOString(), workingDays: q.workingDays, office: q.office, cutoff: o.cutoff, effectiveReceiptDate: d.effectiveReceiptDate, dueDate: d.dueDate, dueAt: d.dueAt.toISOString() });
  });

  r.get('/v1/statistics/overdue', async (req, res) => {
    requireRole(req, 'operator');
    res.json({ items: await overdueCountsByAgency(deps.db) });
  });

  return r;
}
