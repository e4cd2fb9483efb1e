import { addDays, isIsoDate, LocalDate, weekdayOf } from './local-time';
import { assertSupportedYear, Bilingual, calendarYearsSupported, isWeekend, statutoryDayOn } from './holidays';
import { WEEKLY_REST_SOURCE } from './sources';
import { WorkingCalendar } from './working-calendar';

export { calendarYearsSupported };

/**
 * A dated decision that changes the statutory calendar: an extra day off, a swapped working
 * Saturday, or (with an office code) a desk that receives on a Saturday. Stored in PostgreSQL,
 * managed by operators, seeded with the decisions already published.
 */
export interface CalendarOverride {
  date: LocalDate;
  kind: 'day-off' | 'working-day';
  /** Only this office; absent = every state agency. */
  officeCode?: string;
  reason: string;
  source: string;
}

/** The override that applies to one office on each date: the office's own beats a general one. */
function overridesFor(overrides: readonly CalendarOverride[], officeCode?: string): Map<LocalDate, CalendarOverride> {
  const byDate = new Map<LocalDate, CalendarOverride>();
  // Later entries of the same scope win (the store keeps one per date and scope anyway).
  for (const o of overrides) if (!o.officeCode) byDate.set(o.date, o);
  for (const o of overrides) if (officeCode !== undefined && o.officeCode === officeCode) byDate.set(o.date, o);
  return byDate;
}

function checkedYear(date: LocalDate): void {
  if (!isIsoDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  assertSupportedYear(Number(date.slice(0, 4)));
}

/** Working by the statutory rules alone: Monday–Friday and not a holiday or compensatory day. */
function statutoryWorkingDay(date: LocalDate): boolean {
  return !isWeekend(date) && !statutoryDayOn(date);
}

/**
 * The legal calendar for one office (all state agencies when `officeCode` is absent): a day is
 * a working day when it is Monday–Friday and not a statutory day off, unless an override says
 * otherwise. Throws RangeError for dates outside `calendarYearsSupported`.
 */
export function createLegalCalendar(overrides: readonly CalendarOverride[], officeCode?: string): WorkingCalendar {
  const byDate = overridesFor(overrides, officeCode);
  return {
    isWorkingDay(date: LocalDate): boolean {
      checkedYear(date);
      const o = byDate.get(date);
      return o ? o.kind === 'working-day' : statutoryWorkingDay(date);
    },
  };
}

export interface NonWorkingDay {
  date: LocalDate;
  /** `day-off` = an override; its reason is the name (in the language it was written in). */
  kind: 'holiday' | 'compensatory' | 'weekend' | 'day-off';
  name: Bilingual;
  source: string;
  /** Set when an office-specific override made the day non-working. */
  officeCode?: string;
}

/** No `year` field: the API adds year and office itself around this object. */
export interface YearDescription {
  /**
   * Every non-working day of the year in date order, weekends included (listed, not summarised,
   * so a client needs no rule of its own). Each date appears once, with the reason that decides
   * it: an override first, then a statutory day (even on a weekend), then the weekend.
   */
  nonWorkingDays: NonWorkingDay[];
  /** Overrides that make a day working that would otherwise be off (a swapped Saturday, say). */
  workingDayOverrides: CalendarOverride[];
  totals: { days: number; workingDays: number; nonWorkingDays: number; weekendDays: number; statutoryDays: number; overrideDaysOff: number };
}

const WEEKDAY_NAMES: readonly Bilingual[] = [
  { vi: 'Chủ nhật', en: 'Sunday' },
  { vi: 'Thứ Bảy', en: 'Saturday' },
];

/**
 * Why a day is not a working day for one office (all state agencies without `officeCode`), or
 * undefined when it is one: an override first, then a statutory day (even on a weekend), then the
 * weekend. The same reasons `describeYear` lists, one day at a time (deadline explanations).
 */
export function createDayReasons(overrides: readonly CalendarOverride[], officeCode?: string): (date: LocalDate) => NonWorkingDay | undefined {
  const byDate = overridesFor(overrides, officeCode);
  return (date) => {
    checkedYear(date);
    return reasonOn(date, byDate.get(date));
  };
}

function reasonOn(date: LocalDate, o: CalendarOverride | undefined): NonWorkingDay | undefined {
  if (o?.kind === 'working-day') return undefined;
  if (o?.kind === 'day-off') return { date, kind: 'day-off', name: { vi: o.reason, en: o.reason }, source: o.source, ...(o.officeCode ? { officeCode: o.officeCode } : {}) };
  const statutory = statutoryDayOn(date);
  if (statutory) return { date, kind: statutory.kind, name: statutory.name, source: statutory.source };
  if (isWeekend(date)) {
    const day = WEEKDAY_NAMES[weekdayOf(date) === 0 ? 0 : 1]!;
    return { date, kind: 'weekend', name: { vi: `Nghỉ hằng tuần (${day.vi})`, en: `Weekly rest day (${day.en})` }, source: WEEKLY_REST_SOURCE };
  }
  return undefined;
}

/** The calendar of one year for the API (`GET /v1/calendar?year=`): what is off, and why. */
export function describeYear(year: number, overrides: readonly CalendarOverride[], officeCode?: string): YearDescription {
  assertSupportedYear(year);
  const byDate = overridesFor(overrides, officeCode);
  const nonWorkingDays: NonWorkingDay[] = [];
  const workingDayOverrides: CalendarOverride[] = [];
  const totals = { days: 0, workingDays: 0, nonWorkingDays: 0, weekendDays: 0, statutoryDays: 0, overrideDaysOff: 0 };
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1)) {
    totals.days++;
    const o = byDate.get(date);
    if (o?.kind === 'working-day' && (statutoryDayOn(date) || isWeekend(date))) workingDayOverrides.push(o);
    const reason = reasonOn(date, o);
    if (!reason) totals.workingDays++;
    else {
      nonWorkingDays.push(reason);
      if (reason.kind === 'day-off') totals.overrideDaysOff++;
      else if (reason.kind === 'weekend') totals.weekendDays++;
      else totals.statutoryDays++;
    }
  }
  totals.nonWorkingDays = nonWorkingDays.length;
  return { nonWorkingDays, workingDayOverrides, totals };
}
