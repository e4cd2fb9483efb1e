import { computeDeadline, OfficeHours } from './deadline';
import type { Bilingual } from './holidays';
import { CalendarOverride, createDayReasons, createLegalCalendar, NonWorkingDay } from './legal-calendar';
import { addDays, LocalDate, localDateOf, localMinutesOf, parseClock, weekdayOf } from './local-time';
import { COUNTING_RULE_SOURCE, CUTOFF_RULE, WEEKDAYS } from './sources';

/** What the period starts from: the desk's receipt, a step the engine started, a supplement. */
export type ClockStartKind = 'received' | 'step-started' | 'supplement-received';

export interface ExplainDeadlineInput {
  from: Date;
  workingDays: number;
  hours: OfficeHours;
  /** The overrides the calendar is built from (createLegalCalendar), so each day off can say why. */
  overrides: readonly CalendarOverride[];
  /**
   * The receiving office. With `atDesk`, its own overrides decide the receipt day (a desk that
   * receives on a Saturday), as computeDeadline's `receiptCalendar`.
   */
  officeCode?: string;
  /** The receipt day is counted on the desk's calendar (receipt at the desk, a supplement); default true. */
  atDesk?: boolean;
  /** The time limit's own legal source (e.g. the catalogue procedure's timeLimit). */
  limit?: { source: string; confirmed: boolean };
  startKind?: ClockStartKind;
}

export type ReceiptRule = 'same-day' | 'non-working-day' | 'after-cutoff';

export interface DeadlineExplanation {
  /** The instant the period starts from, as given. */
  receivedAt: string;
  receivedLocal: { date: LocalDate; time: string; weekday: Bilingual };
  receipt: {
    /** The working day the dossier counts as received on (= computeDeadline's effectiveReceiptDate). */
    effectiveDate: LocalDate;
    /** Why that day: received in time on a working day, on a day off, or after the cut-off. */
    rule: ReceiptRule;
    /** Present when received on a day off: why that day was off. */
    receivedOnDayOff?: NonWorkingDay;
    cutoff: { time: string; applied: boolean; sources: readonly string[]; interpretation: Bilingual };
    /** Days off from the day of receipt up to (not including) the effective day. */
    skipped: NonWorkingDay[];
  };
  counting: {
    workingDays: number;
    /** The working days counted, in order; the last is the due date. Empty for a same-day limit. */
    countedDays: LocalDate[];
    rule: Bilingual;
    source: string;
  };
  /** Every day off between the effective receipt day and the due date, with its reason and source. */
  skipped: NonWorkingDay[];
  limit: { workingDays: number; source: string | null; confirmed: boolean | null };
  effectiveReceiptDate: LocalDate;
  dueDate: LocalDate;
  dueAt: string;
  /** One sentence the desk can read to the applicant. */
  sentence: Bilingual;
}

const COUNTING_RULE: Bilingual = {
  vi: 'Không tính ngày nhận hồ sơ; thời hạn tính theo ngày làm việc từ ngày làm việc tiếp theo và kết thúc vào giờ hết giờ làm việc của ngày làm việc cuối cùng; thời hạn 0 ngày là trong ngày nhận.',
  en: 'The day of receipt is not counted; working days are counted from the next working day and the period ends at closing time of its last working day; a 0-day limit ends on the day of receipt.',
};

const pad = (n: number): string => String(n).padStart(2, '0');
const dmy = (d: LocalDate): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const dm = (d: LocalDate): string => `${d.slice(8, 10)}/${d.slice(5, 7)}`;
const weekday = (d: LocalDate): Bilingual => WEEKDAYS[weekdayOf(d)]!;
const dayVi = (d: LocalDate): string => `${weekday(d).vi} ${dmy(d)}`;
const dayEn = (d: LocalDate): string => `${weekday(d).en} ${dmy(d)}`;

/**
 * computeDeadline with its reasons: the same result (it calls computeDeadline and checks its own
 * walk over the calendar against it), plus why the receipt counts on the day it does, each day
 * off skipped with its reason and source, and the sources of the limit, the cut-off and the
 * counting rule. Pure, like computeDeadline.
 */
export function explainDeadline(input: ExplainDeadlineInput): DeadlineExplanation {
  const { from, workingDays, hours, overrides, officeCode, atDesk = true, limit, startKind = 'received' } = input;
  const calendar = createLegalCalendar(overrides);
  const receiptCalendar = atDesk ? createLegalCalendar(overrides, officeCode) : calendar;
  const result = computeDeadline({ from, workingDays, hours, calendar, receiptCalendar });
  const deskReason = createDayReasons(overrides, atDesk ? officeCode : undefined);
  const reason = createDayReasons(overrides);

  const minutes = localMinutesOf(from);
  const receivedDate = localDateOf(from);
  const receivedOnDayOff = deskReason(receivedDate);
  const rule: ReceiptRule = receivedOnDayOff ? 'non-working-day' : minutes > parseClock(hours.cutoff) ? 'after-cutoff' : 'same-day';
  const receiptSkipped: NonWorkingDay[] = [];
  let effective = receivedDate;
  if (rule !== 'same-day') {
    if (receivedOnDayOff) receiptSkipped.push(receivedOnDayOff);
    effective = addDays(effective, 1);
    for (let off = deskReason(effective); off; off = deskReason(effective)) {
      receiptSkipped.push(off);
      effective = addDays(effective, 1);
    }
  }

  const skipped: NonWorkingDay[] = [];
  const countedDays: LocalDate[] = [];
  let day = effective;
  while (countedDays.length < workingDays) {
    day = addDays(day, 1);
    const off = reason(day);
    if (off) skipped.push(off);
    else countedDays.push(day);
  }
  // The explanation must never tell another date than the deadline function.
  if (effective !== result.effectiveReceiptDate || day !== result.dueDate) {
    throw new Error(`deadline explanation disagrees with computeDeadline (${effective}/${day} vs ${result.effectiveReceiptDate}/${result.dueDate})`);
  }

  const time = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  const explanation: Omit<DeadlineExplanation, 'sentence'> = {
    receivedAt: from.toISOString(),
    receivedLocal: { date: receivedDate, time, weekday: weekday(receivedDate) },
    receipt: {
      effectiveDate: effective,
      rule,
      ...(receivedOnDayOff ? { receivedOnDayOff } : {}),
      cutoff: { time: hours.cutoff, applied: rule === 'after-cutoff', sources: CUTOFF_RULE.sources, interpretation: CUTOFF_RULE.interpretation },
      skipped: receiptSkipped,
    },
    counting: { workingDays, countedDays, rule: COUNTING_RULE, source: COUNTING_RULE_SOURCE },
    skipped,
    limit: { workingDays, source: limit?.source ?? null, confirmed: limit?.confirmed ?? null },
    effectiveReceiptDate: result.effectiveReceiptDate,
    dueDate: result.dueDate,
    dueAt: result.dueAt.toISOString(),
  };
  return { ...explanation, sentence: sentenceOf(explanation, hours, startKind) };
}

const START: Record<ClockStartKind, Bilingual> = {
  received: { vi: 'Hồ sơ nhận lúc', en: 'The dossier was received at' },
  'step-started': { vi: 'Bước này bắt đầu tính thời hạn lúc', en: 'This step’s time limit started at' },
  'supplement-received': { vi: 'Hồ sơ bổ sung nhận lúc', en: 'The supplement was received at' },
};

/** Days off in a sentence: weekly rest days as a count, the others by date and name. */
function daysOffText(days: readonly NonWorkingDay[]): Bilingual {
  const weekends = days.filter((d) => d.kind === 'weekend').length;
  const others = days.filter((d) => d.kind !== 'weekend');
  const vi = [...(weekends ? [`${weekends} ngày nghỉ hằng tuần`] : []), ...others.map((d) => `${dm(d.date)} (${d.name.vi})`)];
  const en = [...(weekends ? [`${weekends} weekly rest day${weekends > 1 ? 's' : ''}`] : []), ...others.map((d) => `${dm(d.date)} (${d.name.en})`)];
  return { vi: vi.join(', '), en: en.join(', ') };
}

function sentenceOf(e: Omit<DeadlineExplanation, 'sentence'>, hours: OfficeHours, startKind: ClockStartKind): Bilingual {
  const start = START[startKind];
  const at = e.receivedLocal;
  let vi = `${start.vi} ${at.time} ${dayVi(at.date)}`;
  let en = `${start.en} ${at.time} on ${dayEn(at.date)}`;
  if (e.receipt.rule === 'after-cutoff') {
    vi += `, sau ${hours.cutoff} nên tính là nhận ngày ${dayVi(e.effectiveReceiptDate)}`;
    en += `, after ${hours.cutoff}, so it counts as received on ${dayEn(e.effectiveReceiptDate)}`;
  } else if (e.receipt.rule === 'non-working-day') {
    const off = e.receipt.receivedOnDayOff!;
    vi += `, là ngày nghỉ (${off.name.vi}) nên tính là nhận ngày ${dayVi(e.effectiveReceiptDate)}`;
    en += `, a day off (${off.name.en}), so it counts as received on ${dayEn(e.effectiveReceiptDate)}`;
  } else {
    vi += ` (trước ${hours.cutoff}, tính là nhận trong ngày)`;
    en += ` (by ${hours.cutoff}, so it counts as received that day)`;
  }
  const due = `${hours.closesAt} ${dayVi(e.dueDate)}`;
  const dueEn = `${hours.closesAt} on ${dayEn(e.dueDate)}`;
  if (e.limit.workingDays === 0) {
    vi += `; thời hạn giải quyết trong ngày, nên hạn là ${due}.`;
    en += `; the limit is the same working day, so it is due at ${dueEn}.`;
  } else {
    const off = e.skipped.length ? daysOffText(e.skipped) : undefined;
    vi += `; thời hạn ${e.limit.workingDays} ngày làm việc tính từ ngày làm việc tiếp theo${off ? `, không tính ${e.skipped.length} ngày nghỉ (${off.vi})` : ''}, nên hạn là ${due}.`;
    en += `; the limit of ${e.limit.workingDays} working day${e.limit.workingDays > 1 ? 's' : ''} counts from the next working day${off ? `, leaving out ${e.skipped.length} day${e.skipped.length > 1 ? 's' : ''} off (${off.en})` : ''}, so it is due at ${dueEn}.`;
  }
  return { vi, en };
}
