import { LocalDate, weekdayOf } from './local-time';

/**
 * Which days state agencies work. The deadline function depends only on this interface so the
 * full legal calendar (lunar holidays, yearly decisions, overrides from the ledger) can replace
 * the basic one without touching any caller.
 */
export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
}

/**
 * The fixed solar-calendar public holidays of Labour Code 2019 Art 112(1)(a),(c),(d),(đ):
 * 1/1, 30/4, 1/5, 2/9. Lunar holidays (Tết, Hùng Kings day), the day next to 2/9 and the
 * compensatory days of Art 111(3) belong to the full legal calendar, which refines this one.
 */
export const FIXED_SOLAR_HOLIDAYS: readonly string[] = ['01-01', '04-30', '05-01', '09-02'];

/** Monday–Friday (Decision 188/1999/QĐ-TTg) minus the fixed solar holidays. */
export const basicCalendar: WorkingCalendar = {
  isWorkingDay(date: LocalDate): boolean {
    const weekday = weekdayOf(date);
    if (weekday === 0 || weekday === 6) return false;
    return !FIXED_SOLAR_HOLIDAYS.includes(date.slice(5));
  },
};
