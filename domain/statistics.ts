import { addDays, type LocalDate } from './calendar/local-time';
import type { WorkingCalendar } from './calendar/working-calendar';

// Statistics of the one-stop desks and linked procedures.
//
// Why these measures: the one-stop units report periodically on dossiers received and handled —
// Decree 61/2018/NĐ-CP Art 32 (as amended by Decree 107/2021/NĐ-CP), as the issue names it; the
// article's text was not read here (searched: "Nghị định 61/2018 Điều 32 chế độ báo cáo"):
// UNCONFIRMED. Circular 01/2020/TT-VPCP (21/10/2020, the Government Office's periodic reporting
// regime, issued on the basis of Decree 61/2018) exists (its heading was read); its report form
// was not: UNCONFIRMED. Circular 01/2018/TT-VPCP (Art 13–15) evaluates total processing time and
// time at each agency; Decision 766/QĐ-TTg scores provinces on the on-time handling rate
// (hồ sơ giải quyết trước hạn, đúng hạn). The quarterly columns follow what provinces publish
// (secondary: Lâm Đồng 11/2019 and 03/2020, Vĩnh Phúc 09/2021, Gia Lai's one-stop portal's method):
// received new in the period and carried over from the previous one (kỳ trước chuyển sang);
// handled early, on time, late (trước hạn, đúng hạn, quá hạn); being handled in time or overdue
// (chưa đến hạn, quá hạn); returned or withdrawn apart.
//
// Definitions (every count is of the unit: a case for office/channel/month views, a step — one
// procedure at one agency — for agency/procedure views or filters):
// - received: cases whose receipt date (Vietnam time) lies in the period; for steps, the steps of
//   those cases that were ever sent to an agency.
// - finished: a result is ready — a case COMPLETED or PARTIALLY_COMPLETED (closedAt), a step
//   COMPLETED (finishedAt).
//   - late: ready after the appointment in force (the case's appointmentAt, which an apology slip
//     replaces once, Decree 61/2018 Art 19(4); a step's dueAt, which a supplement restarts);
//   - early: ready on a calendar day (Vietnam) before the appointment's day;
//   - on time: otherwise (ready on the appointment's day, by its time).
// - pendingInTime / pendingOverdue: still open at the moment measured (now, or a quarter's end),
//   before / past the appointment in force. A step awaiting the applicant's supplement is in time:
//   its period restarts from zero when the dossier is complete (Decree 61/2018 Art 19).
// - withdrawn: the applicant withdrew (case WITHDRAWN; its steps cancelled by it).
// - refused: case REFUSED, step REJECTED (a refusal with reasons is a result, but not a finished one).
// - stopped: closed without a result by an operator (case STOPPED; a step cancelled for another
//   reason), so that the columns add up to `received`.
// - onTimeRate: (early + on time) ÷ finished; null when nothing finished (Decision 766/QĐ-TTg's
//   on-time rate, over the dossiers handled).
// - avgWorkingDays, p90WorkingDays: working days from the (effective) receipt to the result, over
//   the finished ones; counted on the legal calendar with the deadlines' rules (a dossier received on
//   a non-working day or after the office's cut-off counts from the next working day; a result on the
//   receipt day is 0). For a step, from its latest dispatch. p90 is the smallest value at or below
//   which 90 % of them lie (an actual count of days, not an interpolation).

export const STATISTICS_GROUPINGS = ['office', 'agency', 'procedure', 'channel', 'month'] as const;
export type StatisticsGrouping = (typeof STATISTICS_GROUPINGS)[number];

/** What a statistics row counts. */
export type StatisticsUnit = 'case' | 'step';

export const STATISTICS_MEASURES = [
  'received',
  'finishedEarly',
  'finishedOnTime',
  'finishedLate',
  'pendingInTime',
  'pendingOverdue',
  'withdrawn',
  'refused',
  'stopped',
] as const;
export type StatisticsMeasure = (typeof STATISTICS_MEASURES)[number];

export type StatisticsCounts = Record<StatisticsMeasure, number>;

export interface StatisticsRow extends StatisticsCounts {
  key: string;
  label: string;
  onTimeRate: number | null;
  avgWorkingDays: number | null;
  p90WorkingDays: number | null;
  /**
   * Applicants' satisfaction (đánh giá mức độ hài lòng, Decision 766/QĐ-TTg) with the cases this
   * row counts, rated whenever; absent when the row counts steps (a rating is of the whole case).
   */
  ratingCount?: number;
  ratingAverage?: number | null;
}

/** The unit a summary counts: steps as soon as an agency or a procedure is asked for. */
export function statisticsUnit(groupBy: StatisticsGrouping, f: { agency?: string; procedure?: string }): StatisticsUnit {
  return groupBy === 'agency' || groupBy === 'procedure' || f.agency !== undefined || f.procedure !== undefined ? 'step' : 'case';
}

/** (early + on time) ÷ finished, to 4 decimals; null when nothing finished. */
export function onTimeRate(c: Pick<StatisticsCounts, 'finishedEarly' | 'finishedOnTime' | 'finishedLate'>): number | null {
  const finished = c.finishedEarly + c.finishedOnTime + c.finishedLate;
  return finished === 0 ? null : Math.round(((c.finishedEarly + c.finishedOnTime) / finished) * 10_000) / 10_000;
}

/**
 * Day → working-day ordinal from `from` to `to` inclusive: the number of working days from `from`
 * up to and including the day. Working days between a receipt and a result are then one
 * subtraction: ordinal(result day) − ordinal(effective receipt day).
 */
export interface WorkingDayOrdinals {
  days: LocalDate[];
  ordinals: number[];
  working: boolean[];
}

export function workingDayOrdinals(from: LocalDate, to: LocalDate, calendar: WorkingCalendar): WorkingDayOrdinals {
  const out: WorkingDayOrdinals = { days: [], ordinals: [], working: [] };
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const w = calendar.isWorkingDay(d);
    if (w) n++;
    out.days.push(d);
    out.ordinals.push(n);
    out.working.push(w);
  }
  return out;
}

/** Vietnamese labels of the receipt channels (CHANNELS of domain/case-request.ts). */
export const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  desk: 'Trực tiếp tại Bộ phận một cửa',
  online: 'Trực tuyến',
  postal: 'Qua dịch vụ bưu chính',
};

/** `2026-03` → `Tháng 03/2026`. */
export const monthLabel = (month: string): string => `Tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** The first and last day of a quarter (1–4) of a year. */
export function quarterDates(year: number, quarter: number): { from: LocalDate; to: LocalDate } {
  const startMonth = (quarter - 1) * 3 + 1;
  const from = `${year}-${String(startMonth).padStart(2, '0')}-01`;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(startMonth + 3).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/** Vietnamese column headings of the exports (CSV, XLSX), by field. */
export const SUMMARY_HEADINGS: ReadonlyArray<readonly [keyof StatisticsRow, string]> = [
  ['key', 'Mã'],
  ['label', 'Tên'],
  ['received', 'Số hồ sơ tiếp nhận'],
  ['finishedEarly', 'Đã giải quyết trước hạn'],
  ['finishedOnTime', 'Đã giải quyết đúng hạn'],
  ['finishedLate', 'Đã giải quyết quá hạn'],
  ['pendingInTime', 'Đang giải quyết trong hạn'],
  ['pendingOverdue', 'Đang giải quyết quá hạn'],
  ['withdrawn', 'Rút hồ sơ'],
  ['refused', 'Từ chối giải quyết'],
  ['stopped', 'Dừng xử lý'],
  ['onTimeRate', 'Tỷ lệ đúng hạn (%)'],
  ['avgWorkingDays', 'Số ngày làm việc trung bình'],
  ['p90WorkingDays', 'Số ngày làm việc (phân vị 90)'],
  ['ratingCount', 'Số lượt đánh giá'],
  ['ratingAverage', 'Mức độ hài lòng trung bình (1–5)'],
];

export interface QuarterlyCounts {
  receivedInPeriod: number;
  carriedOver: number;
  total: number;
  finishedEarly: number;
  finishedOnTime: number;
  finishedLate: number;
  refused: number;
  withdrawn: number;
  stopped: number;
  pendingInTime: number;
  pendingOverdue: number;
}

export interface QuarterlyRow extends QuarterlyCounts {
  /** `group`: a linked procedure as a whole (cases); `procedure`: one procedure of it (steps). */
  level: 'group' | 'procedure';
  key: string;
  label: string;
  onTimeRate: number | null;
}

export const QUARTERLY_HEADINGS: ReadonlyArray<readonly [keyof QuarterlyRow, string]> = [
  ['key', 'Mã'],
  ['label', 'Thủ tục'],
  ['receivedInPeriod', 'Số mới tiếp nhận trong kỳ'],
  ['carriedOver', 'Số kỳ trước chuyển qua'],
  ['total', 'Tổng số hồ sơ'],
  ['finishedEarly', 'Đã giải quyết trước hạn'],
  ['finishedOnTime', 'Đã giải quyết đúng hạn'],
  ['finishedLate', 'Đã giải quyết quá hạn'],
  ['refused', 'Từ chối giải quyết'],
  ['withdrawn', 'Rút hồ sơ'],
  ['stopped', 'Dừng xử lý'],
  ['pendingInTime', 'Đang giải quyết trong hạn'],
  ['pendingOverdue', 'Đang giải quyết quá hạn'],
  ['onTimeRate', 'Tỷ lệ đúng hạn (%)'],
];
