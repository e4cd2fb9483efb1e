import { z } from 'zod';
import {
  addDays,
  allAgencies,
  allOffices,
  calendarYearsSupported,
  CATALOGUE_VERSIONS,
  CHANNEL_LABELS,
  CHANNELS,
  codeText,
  createLegalCalendar,
  instantAt,
  localDateOf,
  monthLabel,
  onTimeRate,
  parseClock,
  QUARTERLY_HEADINGS,
  type QuarterlyRow,
  quarterDates,
  STATISTICS_GROUPINGS,
  type StatisticsGrouping,
  type StatisticsRow,
  statisticsUnit,
  SUMMARY_HEADINGS,
  workingDayOrdinals,
} from '../../domain';
import type { Principal } from '../../prisma/api-keys';
import { cachedCalendarOverrides } from '../../prisma/calendar';
import { quarterlyCounts, ratingCounts, summaryCounts, type QuarterlyCountsRow, type SummaryCounts } from '../../prisma/statistics';
import type { ApiDeps } from '../deps';
import { type Reply, route, Route } from '../http/route';
import { Problem } from '../problem';
import { agencyCodeSchema, instant, officeCodeSchema, queryDate as date } from '../schemas';
import { type Table, toCsv, toXlsx } from '../statistics-files';

// Statistics for the province's reports and the console's charts (measures defined in
// domain/statistics.ts): the summary of a receipt period by office, agency, procedure, channel or
// month, and the quarterly report table. JSON, CSV or XLSX.

/** A summary spans at most this many days (a year, with a leap day). */
export const SUMMARY_MAX_DAYS = 366;

const format = z.enum(['json', 'csv', 'xlsx']).optional().meta({ description: '`json` (default), `csv` (UTF-8 with BOM) or `xlsx`; the files have Vietnamese headings.' });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_ALTERNATIVES = { 'text/csv': 'The table as CSV (UTF-8 with a byte-order mark), with `format=csv`.', [XLSX_TYPE]: 'The table as an Excel workbook, with `format=xlsx`.' };

const count = z.number().int();
const rate = z.number().nullable().meta({ description: '(early + on time) ÷ finished, 0–1; null when nothing finished.' });
const statisticsRowSchema = z
  .object({
    key: z.string().meta({ description: 'The office code, agency code, procedure code, channel, month `YYYY-MM`, or `total`.' }),
    label: z.string().meta({ description: 'Its name in Vietnamese.' }),
    received: count.meta({ description: 'Received in the period (steps: of the cases received in it, sent to an agency).' }),
    finishedEarly: count.meta({ description: 'Result ready on a day before the appointment’s (due date’s) day.' }),
    finishedOnTime: count.meta({ description: 'Result ready on the appointment’s day, by its time.' }),
    finishedLate: count.meta({ description: 'Result ready after the appointment in force.' }),
    pendingInTime: count.meta({ description: 'Still open now, the appointment not passed (or awaiting the applicant’s supplement).' }),
    pendingOverdue: count.meta({ description: 'Still open now, past the appointment in force.' }),
    withdrawn: count.meta({ description: 'Withdrawn by the applicant.' }),
    refused: count.meta({ description: 'Refused (case REFUSED; step REJECTED).' }),
    stopped: count.meta({ description: 'Closed without a result by an operator (the columns add up to `received`).' }),
    onTimeRate: rate,
    avgWorkingDays: z.number().nullable().meta({ description: 'Average working days from (effective) receipt to the result, over the finished; null when none.' }),
    p90WorkingDays: z.number().int().nullable().meta({ description: '90th percentile of the same (an actual count of days).' }),
    ratingCount: count.optional().meta({ description: 'Applicants’ ratings of these cases (given at any time); absent when the rows count steps.' }),
    ratingAverage: z.number().nullable().optional().meta({ description: 'Their mean score 1–5 (đánh giá mức độ hài lòng), null without ratings.' }),
  })
  .meta({ id: 'StatisticsRow' });

const summarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(STATISTICS_GROUPINGS),
    unit: z.enum(['case', 'step']).meta({ description: '`step` (one procedure at one agency) when grouped by agency or procedure, or filtered by them; else `case`.' }),
    measuredAt: instant.meta({ description: 'The moment pending cases were measured against their appointments.' }),
    filters: z.object({ office: z.string().optional(), agency: z.string().optional(), procedure: z.string().optional(), channel: z.string().optional() }),
    rows: z.array(statisticsRowSchema),
    total: statisticsRowSchema,
  })
  .meta({ id: 'StatisticsSummary' });

const quarterlyRowSchema = z
  .object({
    level: z.enum(['group', 'procedure']).meta({ description: '`group`: a linked procedure as a whole (cases); `procedure`: one procedure of it (steps at agencies).' }),
    key: z.string(),
    label: z.string(),
    receivedInPeriod: count,
    carriedOver: count.meta({ description: 'Received before the quarter, still open at its start.' }),
    total: count,
    finishedEarly: count,
    finishedOnTime: count,
    finishedLate: count,
    refused: count,
    withdrawn: count,
    stopped: count,
    pendingInTime: count.meta({ description: 'Open at the end of the quarter (or now, for the running quarter), not past the appointment then.' }),
    pendingOverdue: count,
    onTimeRate: rate,
  })
  .meta({ id: 'QuarterlyRow' });

const quarterlySchema = z
  .object({
    year: z.number().int(),
    quarter: z.number().int(),
    from: z.string(),
    to: z.string(),
    measuredAt: instant.meta({ description: 'The end of the quarter, or now for the running quarter.' }),
    office: z.string().optional(),
    agency: z.string().optional(),
    rows: z.array(quarterlyRowSchema),
    total: quarterlyRowSchema,
  })
  .meta({ id: 'QuarterlyReport' });

const ACCESS = ['desk', 'agency', 'operator', 'admin'] as const;
const ROLE_NOTE = 'A desk sees its own office only; an agency its own steps only; an operator or admin everything.';

/** Labels by kind of key, from the catalogue and the province data (every version and office ever known). */
function labeller(groupBy: StatisticsGrouping | 'group'): (key: string) => string {
  switch (groupBy) {
    case 'office': {
      const names = new Map(allOffices().map((o) => [o.code, o.name]));
      return (k) => names.get(k) ?? k;
    }
    case 'agency': {
      const names = new Map(allAgencies().map((a) => [a.code, a.name.vi]));
      return (k) => names.get(k) ?? k;
    }
    case 'procedure': {
      const names = new Map(CATALOGUE_VERSIONS.flatMap((v) => v.groups.flatMap((g) => g.procedures.map((p) => [p.code, p.name.vi] as const))));
      return (k) => names.get(k) ?? k;
    }
    case 'group': {
      const names = new Map(CATALOGUE_VERSIONS.flatMap((v) => v.groups.map((g) => [g.code, `${g.name.vi} (${g.portalCode})`] as const)));
      return (k) => names.get(k) ?? k;
    }
    case 'channel':
      return (k) => CHANNEL_LABELS[k] ?? k;
    case 'month':
      return monthLabel;
  }
}

const TOTAL = { key: 'total', label: 'Tổng cộng' };

function summaryRow(r: SummaryCounts, label: (k: string) => string): StatisticsRow {
  const { key, ...counts } = r;
  return { ...(key === null ? TOTAL : { key, label: label(key) }), ...counts, onTimeRate: onTimeRate(r) };
}

/** The desk's office and the agency's own agency, whatever was asked; another one asked for is refused. */
function scope(p: Principal, asked: { office?: string; agency?: string }): { office?: string; agency?: string } {
  if (p.role === 'desk') {
    if (asked.office && asked.office !== p.officeCode) throw new Problem(403, 'Forbidden', 'A desk sees only its own office.');
    return { office: p.officeCode, agency: asked.agency };
  }
  if (p.role === 'agency') {
    if (asked.agency && asked.agency !== p.agencyCode) throw new Problem(403, 'Forbidden', 'An agency sees only its own steps.');
    return { office: asked.office, agency: p.agencyCode };
  }
  return asked;
}

async function asFile(fmt: 'csv' | 'xlsx', table: Table, sheet: string, basename: string): Promise<Reply> {
  if (fmt === 'csv') return { status: 200, file: toCsv(table), contentType: 'text/csv; charset=utf-8', filename: `${basename}.csv` };
  return { status: 200, file: await toXlsx(table, sheet), contentType: XLSX_TYPE, filename: `${basename}.xlsx` };
}

export function statisticsRoutes(deps: ApiDeps): Route[] {
  return [
    route(
      {
        method: 'get',
        path: '/v1/statistics/summary',
        operationId: 'getStatisticsSummary',
        tag: 'Statistics',
        summary: 'Received, finished early / on time / late, pending, withdrawn, refused, on-time rate and working days to result, for a receipt period',
        description: `Cases received from \`from\` to \`to\` inclusive (Vietnam dates; at most ${SUMMARY_MAX_DAYS} days), grouped by \`groupBy\` (default \`office\`), with a total. Grouped by agency or procedure, or filtered by them, the rows count steps (one procedure at one agency; \`unit: step\`), finished when the agency answered; otherwise cases, finished when the result is ready. On time is measured against the appointment (due date) in force; working days to result on the legal calendar, with the deadlines’ rules (Decree 61/2018/NĐ-CP Art 32 reporting; Decision 766/QĐ-TTg on-time rate). Pending cases are measured now (\`measuredAt\`). \`format=csv\` or \`xlsx\` downloads the same table with Vietnamese headings.`,
        access: ACCESS,
        roleNote: ROLE_NOTE,
        needs: ['database'],
        query: z.strictObject({
          from: date.meta({ description: 'First receipt date (Vietnam time).' }),
          to: date.meta({ description: 'Last receipt date, inclusive.' }),
          office: officeCodeSchema.optional().meta({ description: 'One receiving office (a desk: only its own).' }),
          agency: agencyCodeSchema.optional().meta({ description: 'One agency’s steps (an agency: only its own).' }),
          procedure: codeText(60).optional().meta({ description: 'One procedure’s steps, e.g. `death-registration`.' }),
          channel: z.enum(CHANNELS).optional().meta({ description: 'How the dossier came in.' }),
          groupBy: z.enum(STATISTICS_GROUPINGS).optional().meta({ description: 'Rows per office (default), agency, procedure, channel or receipt month.' }),
          format,
        }),
        responses: {
          200: { description: 'The rows and their total.', json: summarySchema, alternatives: FILE_ALTERNATIVES },
          403: { description: 'A desk asked for another office, or an agency for another agency.' },
          422: { description: `Invalid dates, \`to\` before \`from\`, or a period over ${SUMMARY_MAX_DAYS} days.` },
        },
      },
      async ({ principal: p, query: q }) => {
        if (q.to < q.from) throw Problem.validation([{ path: 'to', message: 'must not be before from' }]);
        if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 > SUMMARY_MAX_DAYS) throw Problem.validation([{ path: 'to', message: `the period may span at most ${SUMMARY_MAX_DAYS} days` }]);
        const { office, agency } = scope(p, q);
        const groupBy = q.groupBy ?? 'office';
        const unit = statisticsUnit(groupBy, { agency, procedure: q.procedure });
        const now = deps.now();
        const today = localDateOf(now);
        const lastDay = today > q.to ? (today.slice(0, 4) > String(calendarYearsSupported.to) ? `${calendarYearsSupported.to}-12-31` : today) : q.to;
        const overrides = await cachedCalendarOverrides(deps.db);
        const calendar = workingDayOrdinals(q.from, lastDay, createLegalCalendar(overrides));
        // A desk with days of its own (receiving on a Saturday) takes a case's receipt day from its own calendar, as its
        // deadlines do; steps do not use them, so they are not built for a step summary.
        const ownCalendar = unit === 'case' ? [...new Set(overrides.flatMap((o) => (o.officeCode ? [o.officeCode] : [])))] : [];
        const officeCalendars = new Map(ownCalendar.map((code) => [code, workingDayOrdinals(q.from, lastDay, createLegalCalendar(overrides, code))]));
        const cutoffs = new Map(allOffices().map((o) => [o.code, parseClock(o.cutoff)]));
        const counts = await summaryCounts(deps.db, {
          unit,
          groupBy,
          start: instantAt(q.from, '00:00'),
          end: instantAt(addDays(q.to, 1), '00:00'),
          officeCode: office,
          agencyCode: agency,
          procedure: q.procedure,
          channel: q.channel,
          now,
          calendar,
          officeCalendars,
          cutoffs,
        });
        const label = labeller(groupBy);
        const rows = counts.rows.map((r) => summaryRow(r, label));
        const total = summaryRow(counts.total, label);
        if (unit === 'case' && (groupBy === 'office' || groupBy === 'channel' || groupBy === 'month')) {
          const ratings = await ratingCounts(deps.db, { groupBy, start: instantAt(q.from, '00:00'), end: instantAt(addDays(q.to, 1), '00:00'), officeCode: office, channel: q.channel });
          const byKey = new Map(ratings.map((r) => [r.key, r]));
          for (const row of [...rows, total]) {
            const r = byKey.get(row === total ? null : row.key);
            Object.assign(row, { ratingCount: r?.count ?? 0, ratingAverage: r?.average ?? null });
          }
        }
        const filters = { ...(office ? { office } : {}), ...(agency ? { agency } : {}), ...(q.procedure ? { procedure: q.procedure } : {}), ...(q.channel ? { channel: q.channel } : {}) };
        if (q.format === 'csv' || q.format === 'xlsx') {
          const title = `Thống kê hồ sơ tiếp nhận từ ${q.from} đến ${q.to}${office ? ` — ${office}` : ''}${agency ? ` — ${agency}` : ''}`;
          return asFile(q.format, { title, columns: SUMMARY_HEADINGS, rows: [...rows, total] }, 'Thống kê', `thong-ke-${groupBy}-${q.from}-${q.to}`);
        }
        return { status: 200, json: { from: q.from, to: q.to, groupBy, unit, measuredAt: now.toISOString(), filters, rows, total } };
      },
    ),
    route(
      {
        method: 'get',
        path: '/v1/statistics/quarterly',
        operationId: 'getQuarterlyReport',
        tag: 'Statistics',
        summary: 'The quarterly report table (báo cáo quý): received in the quarter and carried over; finished early, on time, late; pending in time and overdue — per procedure',
        description:
          'Per linked procedure (`level: group`, counting cases) followed by its procedures (`level: procedure`, counting steps at agencies), with the total of cases. Carried over: received before the quarter and still open at its start. Finished, refused, withdrawn: ended within the quarter. Pending: still open at its end (or now, for the running quarter), in time or past the appointment in force then. Decree 61/2018/NĐ-CP Art 32 (periodic reports of the one-stop units). An agency gets its own steps only (procedure rows; the total counts steps).',
        access: ACCESS,
        roleNote: ROLE_NOTE,
        needs: ['database'],
        query: z.strictObject({
          year: z
            .string()
            .regex(/^\d{4}$/, 'must be a year YYYY')
            .transform(Number)
            .pipe(z.number().int().min(calendarYearsSupported.from).max(calendarYearsSupported.to)),
          quarter: z.enum(['1', '2', '3', '4']).transform(Number),
          office: officeCodeSchema.optional().meta({ description: 'One receiving office (a desk: only its own).' }),
          format,
        }),
        responses: {
          200: { description: 'The table and its total.', json: quarterlySchema, alternatives: FILE_ALTERNATIVES },
          403: { description: 'A desk asked for another office.' },
          422: { description: 'Invalid year or quarter.' },
        },
      },
      async ({ principal: p, query: q }) => {
        const { office, agency } = scope(p, { office: q.office });
        const { from, to } = quarterDates(q.year, q.quarter);
        const now = deps.now();
        const start = instantAt(from, '00:00');
        const end = instantAt(addDays(to, 1), '00:00');
        const base = { start, end, now, officeCode: office, agencyCode: agency };
        const [groups, procedures] = await Promise.all([
          agency ? Promise.resolve(undefined) : quarterlyCounts(deps.db, { ...base, unit: 'case' }),
          quarterlyCounts(deps.db, { ...base, unit: 'step' }),
        ]);
        const groupLabel = labeller('group');
        const procedureLabel = labeller('procedure');
        const row = (level: QuarterlyRow['level'], label: (k: string) => string) => (r: QuarterlyCountsRow): QuarterlyRow => {
          const { key, ...counts } = r;
          return { level, ...(key === null ? TOTAL : { key, label: label(key) }), ...counts, onTimeRate: onTimeRate(r) };
        };
        const procedureRows = procedures.rows.map(row('procedure', procedureLabel));
        const rows: QuarterlyRow[] = [];
        if (groups) {
          // Each linked procedure, then its procedures (those of it that had steps in the period).
          const groupOf = new Map(CATALOGUE_VERSIONS.flatMap((v) => v.groups.flatMap((g) => g.procedures.map((pr) => [pr.code, g.code] as const))));
          for (const g of groups.rows) {
            rows.push(row('group', groupLabel)(g));
            rows.push(...procedureRows.filter((r) => groupOf.get(r.key) === g.key));
          }
          rows.push(...procedureRows.filter((r) => !rows.includes(r)));
        } else rows.push(...procedureRows);
        const total = row(groups ? 'group' : 'procedure', groupLabel)((groups ?? procedures).total);
        const measuredAt = new Date(Math.min(now.getTime(), end.getTime())).toISOString();
        if (q.format === 'csv' || q.format === 'xlsx') {
          const title = `Báo cáo tình hình giải quyết hồ sơ quý ${q.quarter}/${q.year} (${from} – ${to})${office ? ` — ${office}` : ''}${agency ? ` — ${agency}` : ''}`;
          return asFile(q.format, { title, columns: QUARTERLY_HEADINGS, rows: [...rows, total] }, `Quý ${q.quarter}-${q.year}`, `bao-cao-quy-${q.quarter}-${q.year}`);
        }
        return { status: 200, json: { year: q.year, quarter: q.quarter, from, to, measuredAt, ...(office ? { office } : {}), ...(agency ? { agency } : {}), rows, total } };
      },
    ),
  ];
}
