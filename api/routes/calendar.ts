import { z } from 'zod';
import { addDays, allOffices, type CalendarOverride, CATALOGUE_VERSIONS, catalogueInForceOn, codeText, computeDeadline, createLegalCalendar, describeYear, explainDeadline, findOffice, getCatalogue, instantAt, isIsoDate, lineText, localDateOf } from '../../domain';
import { datesMovedBy } from '../../domain/case/deadlines';
import { cachedCalendarOverrides, deleteCalendarOverride, listCalendarOverrides, upsertCalendarOverride } from '../../prisma/calendar';
import { overdueCountsByAgency } from '../../prisma/cases-read';
import { openCasesForDeadlines } from '../../prisma/deadlines-read';
import type { ApiDeps } from '../deps';
import { Route, route } from '../http/route';
import { Problem } from '../problem';
import { deadlineExplanationSchema, queryDate } from '../schemas';

// The legal calendar: statutory days, the yearly decisions stored as overrides, and the deadline
// function the workflows use; and the overdue statistics.

const isKnownOffice = (code: string) => allOffices().some((o) => o.code === code);
const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').meta({ format: 'date' });
const office = z.string().max(40).refine(isKnownOffice, 'unknown office code').meta({ description: 'Office code, e.g. `001.01.01.H26`.' });
const YEAR_MESSAGE = 'must be a year 1990–2100';
const year = z.string().regex(/^\d{4}$/, YEAR_MESSAGE).transform(Number).pipe(z.number().int().min(1990, YEAR_MESSAGE).max(2100, YEAR_MESSAGE)).meta({ description: '1990–2100.' });

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

/** The dry run scans at most this many open cases (the newest received before the day changed); `capped` says when there were more. */
export const DRY_RUN_CASE_CAP = 1000;

const dryRunQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional()
  .meta({ description: '`true`: apply nothing; answer which open cases’ dates the change would move.' });

const dryRunSchema = z
  .object({
    dryRun: z.literal(true),
    change: z.object({ action: z.enum(['put', 'delete']), date: z.iso.date(), officeCode: z.string().nullable(), override: calendarOverrideSchema.nullable() }),
    scannedCases: z.number().int().meta({ description: 'Open cases received up to the day changed that were recomputed.' }),
    capped: z.boolean().meta({ description: `More open cases than the cap (${DRY_RUN_CASE_CAP}, newest first) were received up to that day; the older ones were not scanned.` }),
    moves: z.array(
      z.object({
        caseCode: z.string(),
        stepId: z.string().nullable().meta({ description: 'Null for the appointment on the receipt slip.' }),
        storedAt: z.string().meta({ description: 'The date the ledger stores.' }),
        currentAt: z.string().meta({ description: 'The date the deadline function gives with the overrides stored now.' }),
        newAt: z.string().meta({ description: 'The date it would give with the change.' }),
      }),
    ),
  })
  .meta({
    id: 'CalendarOverrideDryRun',
    description:
      'Which open cases’ step due dates and receipt-slip appointments the deadline function gives differently with the change (case codes only, no personal data). Saving an override does not rewrite stored dates: running cases use it for deadlines computed afterwards (a step handed over later, a supplement, the apology), so these are the cases whose dates the decision touches.',
  });

export function calendarRoutes(deps: ApiDeps): Route[] {
  /** The dates of open cases that change when `change` replaces (or removes) the override of its date and scope. */
  const dryRun = async (action: 'put' | 'delete', date: string, officeCode: string | undefined, override?: CalendarOverride) => {
    const current = await listCalendarOverrides(deps.db);
    const proposed = [...current.filter((o) => !(o.date === date && o.officeCode === officeCode)), ...(override ? [override] : [])];
    const { cases, capped } = await openCasesForDeadlines(deps.db, { receivedBefore: instantAt(addDays(date, 1), '00:00'), limit: DRY_RUN_CASE_CAP });
    const moves = cases.flatMap((c) => {
      const hours = findOffice(getCatalogue(c.catalogueVersion), c.receivingOffice);
      return hours ? datesMovedBy(c, hours, current, proposed) : [];
    });
    return { dryRun: true as const, change: { action, date, officeCode: officeCode ?? null, override: override ?? null }, scannedCases: cases.length, capped, moves };
  };

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
        access: ['desk', 'agency', 'operator', 'admin'],
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
        description:
          'Creates or replaces the override for `date` (and `officeCode`, if given). Deadlines computed afterwards use it, including those of running cases. With `?dryRun=true` nothing is saved: the answer (200, `CalendarOverrideDryRun`) lists the open cases whose step due dates and appointments the deadline function gives differently with it (case code, step, stored, current and new date), scanning at most the 1000 newest open cases received up to that day.',
        access: ['operator'],
        needs: ['database'],
        query: z.strictObject({ dryRun: dryRunQuery }),
        body: calendarOverrideSchema,
        responses: {
          200: { description: 'Replaced an existing override; or, with `dryRun=true`, what it would move.', json: z.union([calendarOverrideSchema, dryRunSchema]) },
          201: { description: 'Created.', json: calendarOverrideSchema },
        },
      },
      async ({ principal, body: o, query: q }) => {
        if (q.dryRun) return { status: 200, json: await dryRun('put', o.date, o.officeCode, o) };
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
        description: 'Answers 204 with no body when removed. With `?dryRun=true` nothing is removed: the answer (200) lists the open cases whose dates the removal would move, as for PUT.',
        access: ['operator'],
        needs: ['database'],
        query: z.strictObject({ date: queryDate.meta({ description: 'The day.' }), office: office.optional(), dryRun: dryRunQuery }),
        responses: {
          200: { description: 'Dry run: what the removal would move.', json: dryRunSchema },
          204: { description: 'Removed (no body).' },
          404: { description: 'No override on that date (for that office).' },
        },
      },
      async ({ principal, query: q }) => {
        if (q.dryRun) {
          const existing = await listCalendarOverrides(deps.db, { fromDate: q.date, toDate: q.date });
          if (!existing.some((o) => o.officeCode === q.office)) throw new Problem(404, 'Override not found', `No override on ${q.date}${q.office ? ` for ${q.office}` : ''}.`);
          return { status: 200, json: await dryRun('delete', q.date, q.office) };
        }
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
          'The same function the workflows use (Civil Code 2015 Art 147–148 and the one-stop rules): a dossier received on a non-working day or after the office’s cut-off (15:00 by default) counts as received the next working day; counting starts the working day after; the period ends at closing time of its last working day; times in Asia/Ho_Chi_Minh. `explanation` says why: the effective receipt day and the rule applied (with the cut-off’s sources and the note that applying it to multi-day limits is this engine’s interpretation), each day off skipped with its reason and source, the limit’s source (with `procedure`) and the counting rule’s, and a sentence in Vietnamese and English for the applicant.',
        access: ['desk', 'agency', 'operator', 'admin'],
        needs: ['database'],
        query: z.strictObject({
          from: z.iso
            .datetime({ offset: true })
            .pipe(z.string().refine((v) => v >= '1990-01-02' && v < '2100-07-01', 'must be between 1990 and mid-2100 (the calendar covers 1990–2100)'))
            .meta({ description: 'ISO instant of valid receipt, with offset.' }),
          workingDays: z.string().regex(/^\d{1,3}$/, 'must be a whole number of working days, 0–365').transform(Number).pipe(z.number().max(365)).meta({ description: '0 = within the same working day.' }),
          office,
          procedure: codeText(60)
            .optional()
            .meta({ description: 'A procedure code of the catalogue in force on `from` (e.g. `death-registration`): the explanation then cites its time limit’s source; `workingDays` must be its limit.' }),
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
              explanation: deadlineExplanationSchema,
            }),
          },
        },
      },
      async ({ query: q }) => {
        const from = new Date(q.from);
        const first = CATALOGUE_VERSIONS[0]!.effectiveFrom;
        const catalogue = catalogueInForceOn(localDateOf(from) < first ? first : localDateOf(from));
        const o = findOffice(catalogue, q.office);
        if (!o) throw Problem.validation([{ path: 'office', message: 'unknown office code' }]);
        let limit: { source: string; confirmed: boolean } | undefined;
        if (q.procedure) {
          const procedure = catalogue.groups.flatMap((g) => g.procedures).find((p) => p.code === q.procedure);
          if (!procedure) throw Problem.validation([{ path: 'procedure', message: `not a procedure of catalogue ${catalogue.version}` }]);
          if (procedure.timeLimit.workingDays !== q.workingDays) {
            throw Problem.validation([{ path: 'workingDays', message: `the limit of ${q.procedure} is ${procedure.timeLimit.workingDays} working days` }]);
          }
          limit = { source: procedure.timeLimit.source, confirmed: procedure.timeLimit.confirmed };
        }
        // The same (briefly cached) overrides the receipts and workflows count on.
        const overrides = await cachedCalendarOverrides(deps.db, { fromDate: localDateOf(from), officeCode: q.office });
        let d, explanation;
        try {
          d = computeDeadline({ from, workingDays: q.workingDays, hours: o, calendar: createLegalCalendar(overrides), receiptCalendar: createLegalCalendar(overrides, q.office) });
          explanation = explainDeadline({ from, workingDays: q.workingDays, hours: o, overrides, officeCode: q.office, limit });
        } catch (err) {
          if (err instanceof RangeError) throw Problem.validation([{ path: 'workingDays', message: 'the period runs past the end of the calendar (2100)' }]);
          throw err;
        }
        return {
          status: 200,
          json: { from: from.toISOString(), workingDays: q.workingDays, office: q.office, cutoff: o.cutoff, effectiveReceiptDate: d.effectiveReceiptDate, dueDate: d.dueDate, dueAt: d.dueAt.toISOString(), explanation },
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
        access: ['operator', 'admin'],
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
