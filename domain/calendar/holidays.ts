import { addDays, isIsoDate, LocalDate, weekdayOf } from './local-time';
import { lunarNewYear, lunarToSolar } from './lunar';

/**
 * The statutory public holidays of state agencies: Labour Code 2019 (45/2019/QH14) Art 112,
 * with the compensatory days of Art 111(3), on the Monday–Friday week of Decision
 * 188/1999/QĐ-TTg. Two of them are fixed by the Prime Minister each year (Art 112(3)): the five
 * Tết days and the day next to 2/9. This module applies a DEFAULT pattern for both; the yearly
 * decisions that differ are stored as calendar overrides (see decided-overrides.ts).
 *
 * Today's rules are applied to every supported year, including years before the Labour Code
 * 2019 took effect (01/01/2021): earlier years are not historically exact (e.g. 2/9 was one day
 * before 2021, Tết four days before 2013, Saturdays were worked before Decision 188/1999).
 */

/** Years the statutory calendar is computed for. */
export const calendarYearsSupported = { from: 1990, to: 2100 } as const;

export interface Bilingual {
  vi: string;
  en: string;
}

/** How a holiday's dates are found in a Gregorian year. */
export type HolidayRule =
  | { type: 'solar'; month: number; day: number }
  | { type: 'lunar'; month: number; day: number }
  /** Tết: `before` last days of the old lunar year, then the first `from` days of the new one. */
  | { type: 'lunar-new-year'; before: number; from: number };

export interface StatutoryHoliday {
  id: string;
  name: Bilingual;
  rule: HolidayRule;
  source: string;
}

const LC = 'Labour Code 2019 (45/2019/QH14)';

export const STATUTORY_HOLIDAYS: readonly StatutoryHoliday[] = [
  { id: 'new-year', name: { vi: 'Tết Dương lịch', en: "New Year's Day" }, rule: { type: 'solar', month: 1, day: 1 }, source: `${LC} Art 112(1)(a)` },
  {
    id: 'tet',
    name: { vi: 'Tết Âm lịch', en: 'Lunar New Year (Tết)' },
    // DEFAULT: the last day of the old lunar year plus days 1–4 of the new one. The Prime Minister
    // fixes the real days each year (often 2 + 3, e.g. 2024 and 2025); those are overrides.
    rule: { type: 'lunar-new-year', before: 1, from: 4 },
    source: `${LC} Art 112(1)(b), 112(3); default pattern: last day of the old year + days 1–4 (Prime Minister's yearly decision stored as overrides)`,
  },
  { id: 'hung-kings', name: { vi: 'Giỗ Tổ Hùng Vương', en: "Hùng Kings' Commemoration Day" }, rule: { type: 'lunar', month: 3, day: 10 }, source: `${LC} Art 112(1)(e) (10th day of the 3rd lunar month)` },
  { id: 'victory', name: { vi: 'Ngày Chiến thắng', en: 'Reunification Day' }, rule: { type: 'solar', month: 4, day: 30 }, source: `${LC} Art 112(1)(c)` },
  { id: 'labour', name: { vi: 'Ngày Quốc tế lao động', en: 'International Labour Day' }, rule: { type: 'solar', month: 5, day: 1 }, source: `${LC} Art 112(1)(d)` },
  {
    id: 'national-day-adjacent',
    name: { vi: 'Quốc khánh (ngày liền kề)', en: 'National Day (adjacent day)' },
    // DEFAULT: 1/9, the day before 2/9; the Prime Minister may pick 3/9 instead (an override).
    rule: { type: 'solar', month: 9, day: 1 },
    source: `${LC} Art 112(1)(đ), 112(3); default adjacent day 1/9 (the Prime Minister's yearly choice of 1/9 or 3/9 is stored as an override)`,
  },
  { id: 'national-day', name: { vi: 'Quốc khánh', en: 'National Day' }, rule: { type: 'solar', month: 9, day: 2 }, source: `${LC} Art 112(1)(đ)` },
];

const COMPENSATION_SOURCE = `${LC} Art 111(3); weekly rest days Saturday and Sunday (Decision 188/1999/QĐ-TTg)`;

export interface StatutoryDay {
  date: LocalDate;
  kind: 'holiday' | 'compensatory';
  name: Bilingual;
  source: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function datesOf(rule: HolidayRule, year: number): LocalDate[] {
  switch (rule.type) {
    case 'solar':
      return [`${year}-${pad(rule.month)}-${pad(rule.day)}`];
    case 'lunar':
      // In a year with a leap 3rd month the festival keeps the regular (first) 3rd month.
      return [lunarToSolar(year, rule.month, rule.day)];
    case 'lunar-new-year': {
      const tet = lunarNewYear(year); // 21/01–20/02, so every Tết day stays in `year`
      return Array.from({ length: rule.before + rule.from }, (_, i) => addDays(tet, i - rule.before));
    }
  }
}

/** Saturday or Sunday: the weekly rest days of state agencies (Decision 188/1999/QĐ-TTg). */
export function isWeekend(date: LocalDate): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < calendarYearsSupported.from || year > calendarYearsSupported.to) {
    throw new RangeError(`the legal calendar covers ${calendarYearsSupported.from}–${calendarYearsSupported.to}, not ${year}`);
  }
}

const byYear = new Map<number, ReadonlyMap<LocalDate, StatutoryDay>>();

function compute(year: number): ReadonlyMap<LocalDate, StatutoryDay> {
  const holidays = new Map<LocalDate, StatutoryDay>();
  for (const h of STATUTORY_HOLIDAYS) {
    for (const date of datesOf(h.rule, year)) {
      const same = holidays.get(date);
      // Two holidays on one date (Hùng Kings day can fall on 30/4 or 1/5) give one day off:
      // Art 111(3) compensates weekly rest days only, not coinciding holidays.
      holidays.set(date, same
        ? { ...same, name: { vi: `${same.name.vi}; ${h.name.vi}`, en: `${same.name.en}; ${h.name.en}` }, source: `${same.source}; ${h.source}` }
        : { date, kind: 'holiday', name: h.name, source: h.source });
    }
  }
  // Each holiday on a weekly rest day gives the next working day that is neither a holiday nor
  // already a compensatory day; taking them in date order handles chains (Tết over a weekend,
  // Hùng Kings + 30/4 + 1/5 in 2023).
  const days = new Map(holidays);
  for (const h of [...holidays.values()].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!isWeekend(h.date)) continue;
    let d = addDays(h.date, 1);
    while (isWeekend(d) || days.has(d)) d = addDays(d, 1);
    days.set(d, { date: d, kind: 'compensatory', name: { vi: `Nghỉ bù ${h.name.vi}`, en: `Compensatory day off for ${h.name.en}` }, source: COMPENSATION_SOURCE });
  }
  const sorted = [...days.values()].sort((a, b) => a.date.localeCompare(b.date)).map((d) => Object.freeze({ ...d, name: Object.freeze({ ...d.name }) }));
  return new Map(sorted.map((d) => [d.date, d]));
}

function daysOf(year: number): ReadonlyMap<LocalDate, StatutoryDay> {
  let days = byYear.get(year);
  if (!days) {
    assertSupportedYear(year);
    days = compute(year);
    byYear.set(year, days);
  }
  return days;
}

/** Every statutory day off of a Gregorian year (holidays and compensatory days), by date. */
export function statutoryDays(year: number): StatutoryDay[] {
  return [...daysOf(year).values()];
}

/** The statutory day off on a date, if any. */
export function statutoryDayOn(date: LocalDate): StatutoryDay | undefined {
  if (!isIsoDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return daysOf(Number(date.slice(0, 4))).get(date);
}
