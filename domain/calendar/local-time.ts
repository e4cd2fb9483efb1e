// Vietnam keeps UTC+7 all year (no daylight saving), so Asia/Ho_Chi_Minh is a fixed offset and
// needs no time-zone database — which also keeps this usable inside the workflow sandbox.
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** A calendar date in Vietnam, `YYYY-MM-DD`. */
export type LocalDate = string;

export function localDateOf(instant: Date): LocalDate {
  return new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MINUTES * MS_PER_MINUTE).toISOString().slice(0, 10);
}

/** Minutes since local midnight. */
export function localMinutesOf(instant: Date): number {
  const shifted = new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MINUTES * MS_PER_MINUTE);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
}

/** `HH:MM` → minutes since midnight. */
export function parseClock(clock: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  if (!m) throw new RangeError(`not a HH:MM clock time: ${clock}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The instant at the given local date and `HH:MM` in Vietnam. */
export function instantAt(date: LocalDate, clock: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  return new Date(midnightUtc + (parseClock(clock) - VIETNAM_UTC_OFFSET_MINUTES) * MS_PER_MINUTE);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(value);
}
