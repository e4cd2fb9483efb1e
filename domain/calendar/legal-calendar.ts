import { LocalDate } from './local-time';
import { basicCalendar, WorkingCalendar } from './working-calendar';

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

/** The legal calendar for one office: statutory rules plus overrides (office-specific win). */
export function createLegalCalendar(overrides: readonly CalendarOverride[], officeCode?: string): WorkingCalendar {
  // Placeholder until the full statutory calendar (lunar holidays, compensatory days) lands.
  const byDate = new Map<string, CalendarOverride>();
  for (const o of overrides) if (!o.officeCode) byDate.set(o.date, o);
  for (const o of overrides) if (officeCode && o.officeCode === officeCode) byDate.set(o.date, o);
  return {
    isWorkingDay(date: LocalDate): boolean {
      const o = byDate.get(date);
      return o ? o.kind === 'working-day' : basicCalendar.isWorkingDay(date);
    },
  };
}
