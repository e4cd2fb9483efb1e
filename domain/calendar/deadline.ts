import { addDays, instantAt, LocalDate, localDateOf, localMinutesOf, parseClock } from './local-time';
import { WorkingCalendar } from './working-calendar';

export interface OfficeHours {
  /** Dossiers received after this local time count as received the next working day (the engine's reading of its sources: sources.ts CUTOFF_RULE). */
  cutoff: string;
  /** End of the working day: a period ends at this local time on its last day. */
  closesAt: string;
}

export interface DeadlineInput {
  /** When the complete dossier was validly received (or a step's clock restarted). */
  from: Date;
  /** 0 means "within the same working day" (e.g. death registration). */
  workingDays: number;
  hours: OfficeHours;
  calendar: WorkingCalendar;
  /**
   * The receiving desk's calendar, for the receipt day only: a desk that receives on a Saturday
   * makes that day a receipt day without making it a working day of the handling agencies.
   */
  receiptCalendar?: WorkingCalendar;
}

export interface Deadline {
  /** The working day the dossier counts as received on. */
  effectiveReceiptDate: LocalDate;
  dueDate: LocalDate;
  dueAt: Date;
}

// A guard against a calendar that never yields a working day (a bad override, say).
const MAX_SCAN_DAYS = 366;

export function nextWorkingDay(date: LocalDate, calendar: WorkingCalendar): LocalDate {
  let day = addDays(date, 1);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) return day;
  }
  throw new RangeError(`no working day within a year after ${date}`);
}

/**
 * The one deadline function (Civil Code 2015 Art 147–148 with the one-stop rules): a dossier
 * received on a non-working day or after the cut-off counts as received on the next working day;
 * counting starts the working day after that; the period ends at closing time of its last
 * working day. Every appointment and due date in the engine comes from here.
 */
export function computeDeadline({ from, workingDays, hours, calendar, receiptCalendar = calendar }: DeadlineInput): Deadline {
  if (!Number.isInteger(workingDays) || workingDays < 0) throw new RangeError('workingDays must be a non-negative integer');
  let effective = localDateOf(from);
  // "After 15:00": a dossier received during the 15:00 minute still counts for that day.
  if (!receiptCalendar.isWorkingDay(effective) || localMinutesOf(from) > parseClock(hours.cutoff)) {
    effective = nextWorkingDay(effective, receiptCalendar);
  }
  let due = effective;
  for (let i = 0; i < workingDays; i++) due = nextWorkingDay(due, calendar);
  return { effectiveReceiptDate: effective, dueDate: due, dueAt: instantAt(due, hours.closesAt) };
}

export function previousWorkingDay(date: LocalDate, calendar: WorkingCalendar): LocalDate {
  let day = addDays(date, -1);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, day = addDays(day, -1)) {
    if (calendar.isWorkingDay(day)) return day;
  }
  throw new RangeError(`no working day within a year before ${date}`);
}

/**
 * When the apology slip must go out: no later than 1 working day before the appointment
 * (Decree 61/2018 Art 19(4)), so at the opening of the working day before it.
 */
export function apologyDueAt(appointmentAt: Date, opensAt: string, calendar: WorkingCalendar): Date {
  return instantAt(previousWorkingDay(localDateOf(appointmentAt), calendar), opensAt);
}
