import { OPEN_CASE_STATUSES, OPEN_LEDGER_STEP_STATUSES, type QuarterlyCounts, type StatisticsCounts, STATISTICS_MEASURES, type StatisticsGrouping, type StatisticsUnit, type WorkingDayOrdinals, WORKING_LEDGER_STEP_STATUSES } from '../domain';
import { Prisma, type PrismaClient } from './generated/client';

// The statistics of domain/statistics.ts (its comment defines every measure), computed by
// PostgreSQL in one pass over the period's cases (or steps): a year of a province's cases is
// grouped in the database, and the working days to each result are one subtraction against a
// day → working-day-ordinal table sent with the query.

export interface StatisticsFilter {
  /** Receipt instants: from `start` inclusive to `end` exclusive (local days turned into instants by the caller). */
  start: Date;
  end: Date;
  officeCode?: string;
  agencyCode?: string;
  procedure?: string;
  channel?: string;
}

export interface SummaryQuery extends StatisticsFilter {
  unit: StatisticsUnit;
  groupBy: StatisticsGrouping;
  now: Date;
  /** From the first receipt day of the period to today at least. */
  calendar: WorkingDayOrdinals;
  /** The same days for offices with calendar overrides of their own (a desk that receives on a Saturday); case units only, the others count on `calendar`. */
  officeCalendars?: ReadonlyMap<string, WorkingDayOrdinals>;
  /** Each office's receipt cut-off, minutes after local midnight (a dossier after it counts from the next working day). */
  cutoffs: ReadonlyMap<string, number>;
}

export interface SummaryCounts extends StatisticsCounts {
  /** null for the total. */
  key: string | null;
  avgWorkingDays: number | null;
  p90WorkingDays: number | null;
}

/** Vietnam keeps UTC+7 all year (domain/calendar/local-time.ts): local wall time without a time-zone database. */
const local = (column: string) => Prisma.raw(`((${column} AT TIME ZONE 'UTC') + interval '7 hours')`);
const DEFAULT_CUTOFF_MINUTES = 15 * 60;

/** A list of statuses as an SQL `IN` list (they are our own constants, not input). */
const inList = (statuses: readonly string[]) => Prisma.raw(`(${statuses.map((st) => `'${st}'`).join(', ')})`);
const OPEN_CASE = inList(OPEN_CASE_STATUSES);
const FINISHED_CASE = inList(['COMPLETED', 'PARTIALLY_COMPLETED']);
const OPEN_STEP = inList(OPEN_LEDGER_STEP_STATUSES);
/** Steps whose work runs the case clock (domain/case: ClockedCaseMachine and OperatedCaseMachine's caseClockRunning). */
const WORKING_STEP = inList(WORKING_LEDGER_STEP_STATUSES);

function groupKey(unit: StatisticsUnit, groupBy: StatisticsGrouping): Prisma.Sql {
  switch (groupBy) {
    case 'office':
      return Prisma.raw('c.office_code');
    case 'channel':
      return Prisma.raw('c.channel');
    case 'month':
      return Prisma.sql`to_char(${local('c.received_at')}, 'YYYY-MM')`;
    case 'agency':
    case 'procedure':
      if (unit !== 'step') throw new RangeError(`grouping by ${groupBy} counts steps`);
      return Prisma.raw(groupBy === 'agency' ? 's.agency_code' : 's.procedure');
  }
}

const filters = (f: StatisticsFilter) => Prisma.sql`
  (${f.officeCode ?? null}::text IS NULL OR c.office_code = ${f.officeCode ?? null}::text)
  AND (${f.channel ?? null}::text IS NULL OR c.channel = ${f.channel ?? null}::text)`;
const stepFilters = (f: StatisticsFilter) => Prisma.sql`
  (${f.agencyCode ?? null}::text IS NULL OR s.agency_code = ${f.agencyCode ?? null}::text)
  AND (${f.procedure ?? null}::text IS NULL OR s.procedure = ${f.procedure ?? null}::text)`;

/**
 * One row per unit (case or step) with what the measures need: its key, its office (cut-off), the
 * kind of end it had, when it started its clock, when it ended and the due instant in force.
 */
function units(unit: StatisticsUnit, key: Prisma.Sql, where: Prisma.Sql): Prisma.Sql {
  if (unit === 'case') {
    return Prisma.sql`
      SELECT ${key} AS key, c.office_code, c.received_at, c.received_at AS start_at, c.appointment_at AS due_at,
        CASE WHEN c.status IN ${OPEN_CASE} THEN NULL ELSE c.closed_at END AS end_at,
        CASE WHEN c.status IN ${FINISHED_CASE} THEN 'finished' WHEN c.status IN ${OPEN_CASE} THEN 'pending'
             WHEN c.status = 'WITHDRAWN' THEN 'withdrawn' WHEN c.status = 'REFUSED' THEN 'refused' ELSE 'stopped' END AS kind,
        -- The case clock waits only while the applicant's supplement is the only open work: a case
        -- awaiting one step's supplement while another agency works on its own step runs late as any.
        c.status = 'AWAITING_SUPPLEMENT' AND w.case_code IS NULL AS paused
      FROM cases c
      -- A join, not a correlated subquery (which kept PostgreSQL from scanning the cases in parallel):
      -- the few cases awaiting a supplement (index on status), then their steps by the primary key.
      LEFT JOIN (
        SELECT DISTINCT s.case_code FROM cases a JOIN steps s ON s.case_code = a.code
        WHERE a.status = 'AWAITING_SUPPLEMENT' AND s.status IN ${WORKING_STEP}
      ) w ON w.case_code = c.code
      WHERE ${where}`;
  }
  return Prisma.sql`
    SELECT ${key} AS key, c.office_code, c.received_at, s.dispatched_at AS start_at, s.due_at,
      CASE WHEN s.status IN ${OPEN_STEP} THEN NULL ELSE COALESCE(s.finished_at, c.closed_at) END AS end_at,
      CASE WHEN s.status = 'COMPLETED' THEN 'finished' WHEN s.status IN ${OPEN_STEP} THEN 'pending'
           WHEN s.status = 'CANCELLED' AND c.status = 'WITHDRAWN' THEN 'withdrawn' WHEN s.status = 'REJECTED' THEN 'refused' ELSE 'stopped' END AS kind,
      s.status = 'AWAITING_SUPPLEMENT' AS paused
    FROM steps s JOIN cases c ON c.code = s.case_code
    -- Every step the engine sent (it has a due date), acknowledged or not: one still being sent, or
    -- waiting for an operator after its dispatch failed, is open work on its clock (the ledger's
    -- dispatched_at is the agency's acknowledgement, empty until then); a step never sent is not counted.
    WHERE s.due_at IS NOT NULL AND ${where}`;
}

/** What became of one unit, as the summary's query reports it (one small integer per row, grouped). */
const OUTCOMES: readonly (keyof StatisticsCounts)[] = ['finishedEarly', 'finishedOnTime', 'finishedLate', 'pendingInTime', 'pendingOverdue', 'withdrawn', 'refused', 'stopped'];

interface Bucket {
  key: string;
  /** Index into OUTCOMES. */
  outcome: number;
  /** Working days to the result (finished ones only). */
  wd: number | null;
  n: number;
}

/** The summary by receipt period: one row per key (sorted), and the total (key null). */
export async function summaryCounts(db: PrismaClient, q: SummaryQuery): Promise<{ rows: SummaryCounts[]; total: SummaryCounts }> {
  // A year of steps is a few hundred thousand rows: memory enough for this one query to group them by hashing.
  const [, buckets] = await db.$transaction([db.$executeRaw`SET LOCAL work_mem = '64MB'`, db.$queryRaw<Bucket[]>(summarySql(q))]);
  const byKey = new Map<string, Bucket[]>();
  for (const b of buckets) {
    const list = byKey.get(b.key);
    if (list) list.push(b);
    else byKey.set(b.key, [b]);
  }
  const rows = [...byKey.keys()].sort().map((key) => ({ key, ...combine(byKey.get(key)!) }));
  return { rows, total: { key: null, ...combine(buckets) } };
}

/**
 * Adds up the buckets of one key (or all of them): the counts, and from the histogram of working
 * days the average (2 decimals) and the 90th percentile — the smallest value at or below which
 * 90 % of the finished lie (as PostgreSQL's percentile_disc).
 */
function combine(buckets: readonly Bucket[]): Omit<SummaryCounts, 'key'> {
  const out: Omit<SummaryCounts, 'key'> = { ...ZERO_COUNTS, avgWorkingDays: null, p90WorkingDays: null };
  const histogram = new Map<number, number>();
  for (const b of buckets) {
    out.received += b.n;
    out[OUTCOMES[b.outcome]!] += b.n;
    if (b.wd !== null) histogram.set(b.wd, (histogram.get(b.wd) ?? 0) + b.n);
  }
  const days = [...histogram.keys()].sort((a, b) => a - b);
  const n = days.reduce((sum, d) => sum + histogram.get(d)!, 0);
  if (n > 0) {
    out.avgWorkingDays = Math.round((days.reduce((sum, d) => sum + d * histogram.get(d)!, 0) / n) * 100) / 100;
    let seen = 0;
    out.p90WorkingDays = days.find((d) => (seen += histogram.get(d)!) >= 0.9 * n) ?? null;
  }
  return out;
}

const ZERO_COUNTS: StatisticsCounts = Object.fromEntries(STATISTICS_MEASURES.map((m) => [m, 0])) as StatisticsCounts;

const SECONDS_PER_DAY = 86_400;
const VIETNAM_OFFSET_SECONDS = 7 * 3_600;
/** The Vietnam-local day of an instant as days since 1970-01-01 (float8 arithmetic: cheaper per row than time-zone conversions). */
const localDay = (column: string) => Prisma.raw(`floor((date_part('epoch', ${column}) + ${VIETNAM_OFFSET_SECONDS}) / ${SECONDS_PER_DAY})`);
/** Seconds since local midnight. */
const localSeconds = (column: string) => Prisma.raw(`((date_part('epoch', ${column}) + ${VIETNAM_OFFSET_SECONDS}) - ${SECONDS_PER_DAY} * ${localDay(column).sql})`);

/**
 * For an office with days of its own: on each day of the table, the general calendar's ordinal of
 * the day a dossier received then counts as received on — that day when the office receives on it
 * (before the cut-off), else the office's next receiving day (computeDeadline's receiptCalendar).
 */
export function receiptOrdinals(general: WorkingDayOrdinals, office: WorkingDayOrdinals): { before: number[]; after: number[] } {
  const n = general.days.length;
  const before = new Array<number>(n);
  const after = new Array<number>(n);
  // The office's next receiving day after day i (past the table: one working day beyond its end).
  let next = (general.ordinals[n - 1] ?? 0) + 1;
  for (let i = n - 1; i >= 0; i--) {
    after[i] = next;
    before[i] = office.working[i] ? general.ordinals[i]! : next;
    if (office.working[i]) next = general.ordinals[i]!;
  }
  return { before, after };
}

/** The summary's query: units counted per key, outcome and working days to result (exported for EXPLAIN in the benchmark). */
export function summarySql(q: SummaryQuery): Prisma.Sql {
  const key = groupKey(q.unit, q.groupBy);
  const where = Prisma.sql`c.received_at >= ${q.start} AND c.received_at < ${q.end} AND ${filters(q)} ${q.unit === 'step' ? Prisma.sql`AND ${stepFilters(q)}` : Prisma.empty}`;
  const offices = [...q.cutoffs.keys()];
  const cutoffs = offices.map((o) => q.cutoffs.get(o)!);
  // Day d of the table is element (d − first + 1) of the arrays: a lookup, not a join.
  const firstDay = Math.round(Date.parse(`${q.calendar.days[0] ?? '1970-01-01'}T00:00:00Z`) / (SECONDS_PER_DAY * 1000));
  const at = (column: string) => Prisma.sql`(${localDay(column)} - ${firstDay})::int + 1`;
  const o = (m: keyof StatisticsCounts) => OUTCOMES.indexOf(m);
  // Offices with days of their own (a desk receiving on a Saturday): the deadlines take the receipt
  // day from the office's calendar and count on the general one; so does this. Per office, the
  // general ordinal of the day a dossier counts as received, for a receipt before and after the
  // cut-off on each day; the arrays end to end, one slice of n days per office.
  const own = q.unit === 'case' ? [...(q.officeCalendars ?? new Map<string, WorkingDayOrdinals>())].map(([office, c]) => ({ office, ...receiptOrdinals(q.calendar, c) })) : [];
  const n = q.calendar.days.length;
  const slice = Prisma.sql`[(t.i - 1) * ${n}::int + 1 : t.i * ${n}::int]`;
  const beforeCutoff = Prisma.sql`${localSeconds('u.start_at')} < COALESCE(cut.until, ${(DEFAULT_CUTOFF_MINUTES + 1) * 60})`;
  return Prisma.sql`
    WITH cal AS (SELECT ${q.calendar.ordinals}::int[] AS ords, ${q.calendar.working}::boolean[] AS working
    ), ocal AS (
      SELECT t.office_code, (${own.flatMap((o) => o.before)}::int[])${slice} AS before, (${own.flatMap((o) => o.after)}::int[])${slice} AS after
      -- (an array subscript must be an integer: the ordinal is a bigint)
      FROM (SELECT o.office_code, o.i::int AS i FROM unnest(${own.map((o) => o.office)}::text[]) WITH ORDINALITY AS o(office_code, i)) t
    ), cut AS (
      -- Received before this many seconds after local midnight counts that day: the cut-off's whole minute still does.
      SELECT t.office_code, (t.minutes + 1) * 60 AS until FROM unnest(${offices}::text[], ${cutoffs}::int[]) AS t(office_code, minutes)
    ), u AS (${units(q.unit, key, where)}
    ), m AS (
      SELECT u.key,
        CASE u.kind
          WHEN 'finished' THEN CASE WHEN u.end_at > u.due_at THEN ${o('finishedLate')} WHEN ${localDay('u.end_at')} < ${localDay('u.due_at')} THEN ${o('finishedEarly')} ELSE ${o('finishedOnTime')} END
          WHEN 'pending' THEN CASE WHEN NOT u.paused AND u.due_at < ${q.now} THEN ${o('pendingOverdue')} ELSE ${o('pendingInTime')} END
          WHEN 'withdrawn' THEN ${o('withdrawn')} WHEN 'refused' THEN ${o('refused')} ELSE ${o('stopped')}
        END AS outcome,
        CASE WHEN u.kind = 'finished' AND u.start_at IS NOT NULL THEN GREATEST(0, cal.ords[${at('u.end_at')}] - CASE
          WHEN oc.office_code IS NOT NULL THEN (CASE WHEN ${beforeCutoff} THEN oc.before ELSE oc.after END)[${at('u.start_at')}]
          ELSE cal.ords[${at('u.start_at')}] + CASE WHEN cal.working[${at('u.start_at')}] AND ${beforeCutoff} THEN 0 ELSE 1 END END) END AS wd
      FROM u CROSS JOIN cal LEFT JOIN cut ON cut.office_code = u.office_code LEFT JOIN ocal oc ON oc.office_code = u.office_code
    )
    SELECT key, outcome, wd, count(*)::int AS n FROM m GROUP BY key, outcome, wd`;
}

export interface QuarterlyQuery {
  unit: StatisticsUnit;
  /** The quarter's first instant (inclusive) and the next quarter's (exclusive). */
  start: Date;
  end: Date;
  now: Date;
  officeCode?: string;
  agencyCode?: string;
}

export interface QuarterlyCountsRow extends QuarterlyCounts {
  /** The linked procedure (group code) for cases, the procedure for steps; null for the total. */
  key: string | null;
}

/**
 * The flow of one quarter: what was received in it or carried over open from before, what ended in
 * it (by kind, finished ones by timeliness), and what was still open at its end (or now, for the
 * running quarter), in time or overdue at that moment. The appointment in force is the one the
 * ledger holds now.
 */
export async function quarterlyCounts(db: PrismaClient, q: QuarterlyQuery): Promise<{ rows: QuarterlyCountsRow[]; total: QuarterlyCountsRow }> {
  const at = new Date(Math.min(q.now.getTime(), q.end.getTime()));
  const key = Prisma.raw(q.unit === 'case' ? 'c.group_code' : 's.procedure');
  const f: StatisticsFilter = { start: q.start, end: q.end, officeCode: q.officeCode, agencyCode: q.agencyCode };
  const where = Prisma.sql`c.received_at < ${q.end} AND ${filters(f)} ${q.unit === 'step' ? Prisma.sql`AND ${stepFilters(f)}` : Prisma.empty}`;
  const rows = await db.$queryRaw<(QuarterlyCountsRow & { isTotal: number })[]>`
    WITH u AS (${units(q.unit, key, where)}
    ), m AS (
      SELECT u.key, u.kind, u.received_at >= ${q.start} AS fresh,
        u.end_at IS NOT NULL AND u.end_at < ${q.end} AS ended,
        COALESCE(u.end_at > u.due_at, false) AS late,
        COALESCE(u.end_at <= u.due_at AND ${localDay('u.end_at')} < ${localDay('u.due_at')}, false) AS early,
        COALESCE(NOT u.paused AND u.due_at < ${at}, false) AS overdue_then
      FROM u WHERE u.end_at IS NULL OR u.end_at >= ${q.start}
    )
    SELECT CASE WHEN grouping(key) = 1 THEN NULL ELSE key END AS key, grouping(key)::int AS "isTotal",
      count(*) FILTER (WHERE fresh)::int AS "receivedInPeriod",
      count(*) FILTER (WHERE NOT fresh)::int AS "carriedOver",
      count(*)::int AS total,
      count(*) FILTER (WHERE ended AND kind = 'finished' AND early)::int AS "finishedEarly",
      count(*) FILTER (WHERE ended AND kind = 'finished' AND NOT early AND NOT late)::int AS "finishedOnTime",
      count(*) FILTER (WHERE ended AND kind = 'finished' AND late)::int AS "finishedLate",
      count(*) FILTER (WHERE ended AND kind = 'refused')::int AS refused,
      count(*) FILTER (WHERE ended AND kind = 'withdrawn')::int AS withdrawn,
      count(*) FILTER (WHERE ended AND kind = 'stopped')::int AS stopped,
      count(*) FILTER (WHERE NOT ended AND NOT overdue_then)::int AS "pendingInTime",
      count(*) FILTER (WHERE NOT ended AND overdue_then)::int AS "pendingOverdue"
    FROM m GROUP BY GROUPING SETS ((key), ()) ORDER BY "isTotal", key`;
  // The empty grouping set answers one total row even when nothing matched.
  const counts = rows.map(({ isTotal: _t, ...r }) => r);
  return { rows: counts.slice(0, -1), total: counts[counts.length - 1]! };
}

export interface RatingCounts {
  /** The group's key (office, channel or month); null for the total. */
  key: string | null;
  count: number;
  average: number | null;
}

/**
 * The applicants' ratings of the cases a case summary counts (received in its period, with its
 * filters), whenever they were given: so a row's satisfaction belongs to the same cases as its
 * on-time rate. Steps are not rated (a rating is of the whole linked procedure).
 */
export async function ratingCounts(db: PrismaClient, q: StatisticsFilter & { groupBy: 'office' | 'channel' | 'month' }): Promise<RatingCounts[]> {
  const key = groupKey('case', q.groupBy);
  const rows = await db.$queryRaw<{ key: string | null; total: boolean; n: number; average: number | null }[]>`
    SELECT ${key} AS key, GROUPING(${key}) = 1 AS total, count(*)::int AS n, round(avg(r.score), 2)::float8 AS average
    FROM ratings r JOIN cases c ON c.code = r.case_code
    WHERE c.received_at >= ${q.start} AND c.received_at < ${q.end} AND ${filters(q)}
    GROUP BY GROUPING SETS ((${key}), ())`;
  return rows.map((r) => ({ key: r.total ? null : r.key, count: r.n, average: r.n ? r.average : null }));
}
