import { z } from 'zod';
import { allOffices, CATALOGUE_VERSIONS, catalogueInForceOn, computeDeadline, createLegalCalendar, describeYear, findOffice, isIsoDate, lineText, localDateOf } from '../../domain';
import { cachedCalendarOverrides, deleteCalendarOverride, listCalendarOverrides, upsertCalendarOverride } from '../../prisma/calendar';
import { overdueCountsByAgency } from '../../prisma/cases-read';
import type { ApiDeps } from '../deps';
import { Route, route } from '../http/route';
import { Problem } from '../problem';

// The legal calendar: statutory days, the yearly decisions stored as overrides, and the deadline
// function the workflows use; and the overdue statistics.

const isKnownOffice = (code: string) => allOffices().some((o) => o.code === code);
const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').meta({ format: 'date' });
const office = z.string().max(40).refine(isKnownOffice, 'unknown office code').meta({ description: 'Office code, e.g. `001.01.01.H26`.' });
const year = z.string().regex(/^\d{4}$/, 'must be a year 1990–2100').transform(Number).pipe(z.number().int().min(1990).max(2100)).meta({ description: '1990–2100.' });

export const calendarOverrideSchema = z
  .strictObject({
    date: isoDate.refine((d) => Number(d.slice(0, 4)) >= 1990 && Number(d.slice(0, 4)) <= 2100, 'must be in 1990–2100'),
    kind: z.enum(['day-off', 'working-day']),
    officeCode: office.optional(),
    reason: lineText({ min: 3, max: 500 }),
    source: lineText({ min: 3, max: 500 }),
  })
  .meta({ id: 'CalendarOverride', description: 'A dated decision on the working calendar: an extra day off, a swapped working Saturday, or (with officeCode) a desk that receives on a Saturday.' });

const dayInfo = z.object({
  date: z.iso.date().meta({ description: 'The day (Vietnam).' }),
  kind: z.enum(['holiday', 'compensatory', 'weekend', 'day-off']),
  name: z.object({ vi: z.string(), en: z.string() }).optional(),
  source: z.string().optional().meta({ description: 'Legal source, or the override’s source.' }),
  officeCode: z.string().optional().meta({ description: 'Present when an office-specific override caused it.' }),
});

export function calendarRoutes(deps: ApiDeps): Route[] {
  return [
    route(
      {
        method: 'get',
        path: '/v1/calendar',
        operationId: 'getCalendarYear',
        tag: 'Calendar',
        summary: 'Non-working days of a year (ngày nghỉ) with their reasons, and the overrides in force',
        description:
          'Weekends (Decision 188/1999/QĐ-TTg), the holidays of Labour Code 2019 Art 112 (1/1, Tết, Hùng Kings day, 30/4, 1/5, 2/9 and the day next to it) computed on the Vietnamese lunar calendar (UTC+7), compensatory days (Art 111(3)), and the yearly decisions stored as overrides. With `office`, that office’s own overrides (e.g. a desk receiving on Saturday) apply too.',
        access: ['desk', 'agency', 'operator'],
        needs: ['database'],
        query: z.strictObject({ year, office: office.optional() }),
        responses: {
          200: {
            description: 'The year.',
            json: z
              .object({
                year: z.number().int(),
                office: z.string().nullable(),
                nonWorkingDays: z.array(dayInfo),
                workingDayOverrides: z.array(calendarOverrideSchema).optional(),
                totals: z.record(z.string(), z.unknown()).optional(),
                overrides: z.array(calendarOverrideSchema),
              })
              .catchall(z.unknown()),
          },
        },
      },
      async ({ query: q }) => {
        const overrides = await listCalendarOverrides(deps.db, { fromDate: `${q.year}-01-01`, toDate: `${q.year}-12-31`, officeCode: q.office });
        return { status: 200, json: { year: q.year, office: q.office ?? null, ...describeYear(q.year, overrides, q.office), overrides } };
      },
    ),
    route(
      {
        method: 'put',
        path: '/v1/calendar/overrides',
        operationId: 'putCalendarOverride',
        tag: 'Calendar',
        summary: 'Record a yearly decision on the calendar (an extra day off, a swapped working day)',
        description: 'Creates or replaces the override for `date` (and `officeCode`, if given). Deadlines computed afterwards use it, including those of running cases.',
        access: ['operator'],
        needs: ['database'],
        body: calendarOverrideSchema,
        responses: {
          200: { description: 'Replaced an existing override.', json: calendarOverrideSchema },
          201: { description: 'Created.', json: calendarOverrideSchema },
        },
      },
      async ({ principal, body: o }) => {
        const { created } = await upsertCalendarOverride(deps.db, o);
        deps.logger.info({ date: o.date, kind: o.kind, officeCode: o.officeCode, keyId: principal.keyId }, 'calendar override saved');
        return { status: created ? 201 : 200, json: o };
      },
    ),
    route(
      {
        method: 'delete',
        path: '/v1/calendar/overrides',
        operationId: 'deleteCalendarOverride',
        tag: 'Calendar',
        summary: 'Remove an override',
        description: 'Answers 204 with no body when removed.',
        access: ['operator'],
        needs: ['database'],
        query: z.strictObject({ date: isoDate.meta({ description: 'The day.' }), office: office.optional() }),
        responses: { 204: { description: 'Removed (no body).' }, 404: { description: 'No override on that date (for that office).' } },
      },
      async ({ principal, query: q }) => {
        if (!(await deleteCalendarOverride(deps.db, q.date, q.office))) throw new Problem(404, 'Override not found', `No override on ${q.date}${q.office ? ` for ${q.office}` : ''}.`);
        deps.logger.info({ date: q.date, officeCode: q.office, keyId: principal.keyId }, 'calendar override deleted');
        return { status: 204 };
      },
    ),
    route(
      {
        method: 'get',
        path: '/v1/calendar/deadline',
        operationId: 'getDeadline',
        tag: 'Calendar',
        summary: 'The legal deadline of a period in working days (hạn giải quyết)',
        description:
          'The same function the workflows use (Civil Code 2015 Art 147–148 and the one-stop rules): a dossier received on a non-working day or after the office’s cut-off (15:00 by default) counts as received the next working day; counting starts the working day after; the period ends at closing time of its last working day; times in Asia/Ho_Chi_Minh.',
        access: ['desk', 'agency', 'operator'],
        needs: ['database'],
        query: z.strictObject({
          from: z.iso
            .datetime({ offset: true })
            .pipe(z.string().refine((v) => v >= '1990-01-02' && v < '2100-07-01', 'must be between 1990 and mid-2100 (the calendar covers 1990–2100)'))
            .meta({ description: 'ISO instant of valid receipt, with offset.' }),
          workingDays: z.string().regex(/^\d{1,3}$/, 'must be a whole number of working days, 0–365').transform(Number).pipe(z.number().max(365)).meta({ description: '0 = within the same working day.' }),
          office,
        }),
        responses: {
          200: {
            description: 'The deadline.',
            json: z.object({
              from: z.string(),
              workingDays: z.number().int(),
              office: z.string(),
              cutoff: z.string().meta({ examples: ['15:00'] }),
              effectiveReceiptDate: z.iso.date().meta({ description: 'The working day the dossier counts as received on.' }),
              dueDate: z.iso.date().meta({ description: 'The last day of the period.' }),
              dueAt: z.string().meta({ description: 'Closing time of the last day.' }),
            }),
          },
        },
      },
      async ({ query: q }) => {
        const from = new Date(q.from);
        const first = CATALOGUE_VERSIONS[0]!.effectiveFrom;
        const o = findOffice(catalogueInForceOn(localDateOf(from) < first ? first : localDateOf(from)), q.office);
        if (!o) throw Problem.validation([{ path: 'office', message: 'unknown office code' }]);
        // The same (briefly cached) overrides the receipts and workflows count on.
        const overrides = await cachedCalendarOverrides(deps.db, { fromDate: localDateOf(from), officeCode: q.office });
        let d;
        try {
          d = computeDeadline({ from, workingDays: q.workingDays, hours: o, calendar: createLegalCalendar(overrides), receiptCalendar: createLegalCalendar(overrides, q.office) });
        } catch (err) {
          if (err instanceof RangeError) throw Problem.validation([{ path: 'workingDays', message: 'the period runs past the end of the calendar (2100)' }]);
          throw err;
        }
        return {
          status: 200,
          json: { from: from.toISOString(), workingDays: q.workingDays, office: q.office, cutoff: o.cutoff, effectiveReceiptDate: d.effectiveReceiptDate, dueDate: d.dueDate, dueAt: d.dueAt.toISOString() },
        };
      },
    ),
    route(
      {
        method: 'get',
        path: '/v1/statistics/overdue',
        operationId: 'getOverdueStatistics',
        tag: 'Statistics',
        summary: 'Overdue steps per agency (hồ sơ quá hạn)',
        description: '`openOverdue`: steps past their due date still waiting on the agency; `totalOverdue`: every step that was or is late.',
        access: ['operator'],
        needs: ['database'],
        responses: {
          200: {
            description: 'Counts, most late first.',
            json: z.object({ items: z.array(z.object({ agencyCode: z.string(), openOverdue: z.number().int(), totalOverdue: z.number().int() })) }),
          },
        },
      },
      async () => ({ status: 200, json: { items: await overdueCountsByAgency(deps.db) } }),
    ),
  ];
}
