import { computeDeadline, nextWorkingDay, OfficeHours } from '../../domain/calendar/deadline';
import { addDays, instantAt, isIsoDate, localDateOf, localMinutesOf, parseClock, weekdayOf } from '../../domain/calendar/local-time';
import { basicCalendar, FIXED_SOLAR_HOLIDAYS, WorkingCalendar } from '../../domain/calendar/working-calendar';

const hours: OfficeHours = { cutoff: '15:00', closesAt: '17:00' };
/** An instant given as Vietnam local date and time. */
const vn = (date: string, clock: string): Date => new Date(`${date}T${clock}:00+07:00`);
const deadline = (from: Date, workingDays: number, calendar: WorkingCalendar = basicCalendar) => computeDeadline({ from, workingDays, hours, calendar });

describe('local time (UTC+7)', () => {
  test('When an instant is 17:30Z, then it is the next local day at 00:30', () => {
    const t = new Date('2026-03-01T17:30:00Z');
    expect(localDateOf(t)).toBe('2026-03-02');
    expect(localMinutesOf(t)).toBe(30);
  });

  test('When 17:00 local is asked for, then the instant is 10:00Z the same day', () => {
    expect(instantAt('2026-03-02', '17:00').toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  test.each(['24:00', '9:00', '12:60', 'noon'])('When the clock text is %p, then parseClock throws', (clock) => {
    expect(() => parseClock(clock)).toThrow(RangeError);
  });

  test('When a date is checked, then only real calendar days pass', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
  });

  test('When days are added across a month end, then the date rolls over', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(weekdayOf('2026-03-02')).toBe(1);
  });
});

describe('basicCalendar', () => {
  test('When the day is Saturday or Sunday, then it is not a working day', () => {
    expect(basicCalendar.isWorkingDay('2026-03-07')).toBe(false);
    expect(basicCalendar.isWorkingDay('2026-03-08')).toBe(false);
    expect(basicCalendar.isWorkingDay('2026-03-06')).toBe(true);
  });

  test('When the day is 1/1, 30/4, 1/5 or 2/9 on a weekday, then it is a holiday', () => {
    expect(FIXED_SOLAR_HOLIDAYS).toEqual(['01-01', '04-30', '05-01', '09-02']);
    for (const d of ['2026-01-01', '2026-04-30', '2026-05-01', '2026-09-02']) expect(basicCalendar.isWorkingDay(d)).toBe(false);
    expect(basicCalendar.isWorkingDay('2026-09-01')).toBe(true);
  });

  test('When nextWorkingDay starts on Wed 29/4/2026, then it skips 30/4, 1/5 and the weekend', () => {
    expect(nextWorkingDay('2026-04-29', basicCalendar)).toBe('2026-05-04');
  });

  test('When a calendar has no working day at all, then nextWorkingDay gives up with a RangeError', () => {
    expect(() => nextWorkingDay('2026-03-02', { isWorkingDay: () => false })).toThrow(RangeError);
  });
});

describe('computeDeadline (office hours cut-off 15:00, closes 17:00)', () => {
  test('When received Monday 10:00 with 0 days, then it is due Monday 17:00 local', () => {
    const d = deadline(vn('2026-03-02', '10:00'), 0);
    expect(d.effectiveReceiptDate).toBe('2026-03-02');
    expect(d.dueDate).toBe('2026-03-02');
    expect(d.dueAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  test('When received Monday 16:00 with 0 days, then it counts from Tuesday and is due Tuesday 17:00', () => {
    const d = deadline(vn('2026-03-02', '16:00'), 0);
    expect(d.effectiveReceiptDate).toBe('2026-03-03');
    expect(d.dueDate).toBe('2026-03-03');
    expect(d.dueAt.toISOString()).toBe('2026-03-03T10:00:00.000Z');
  });

  test('When received Monday 14:59, then it is still the same working day', () => {
    expect(deadline(vn('2026-03-02', '14:59'), 0).dueDate).toBe('2026-03-02');
  });

  test('When received at exactly 15:00, then it still counts for that day ("after 15:00" starts at 15:01)', () => {
    expect(deadline(vn('2026-03-02', '15:00'), 0).effectiveReceiptDate).toBe('2026-03-02');
    expect(deadline(vn('2026-03-02', '15:01'), 0).effectiveReceiptDate).toBe('2026-03-03');
  });

  test('When received Monday 10:00 with 5 days, then the first day is not counted and it is due next Monday', () => {
    const d = deadline(vn('2026-03-02', '10:00'), 5);
    expect(d.effectiveReceiptDate).toBe('2026-03-02');
    expect(d.dueDate).toBe('2026-03-09');
  });

  test('When received Friday 16:00 with 5 days, then the effective day is Monday and it is due the Monday after', () => {
    const d = deadline(vn('2026-03-06', '16:00'), 5);
    expect(d.effectiveReceiptDate).toBe('2026-03-09');
    expect(d.dueDate).toBe('2026-03-16');
    expect(d.dueAt.toISOString()).toBe('2026-03-16T10:00:00.000Z');
  });

  test('When received Saturday morning, then the effective receipt day is Monday', () => {
    const d = deadline(vn('2026-03-07', '09:00'), 0);
    expect(d.effectiveReceiptDate).toBe('2026-03-09');
    expect(d.dueAt.toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });

  test('When received Saturday after the cut-off, then the effective day is still Monday (not Tuesday)', () => {
    expect(deadline(vn('2026-03-07', '16:30'), 1).effectiveReceiptDate).toBe('2026-03-09');
    expect(deadline(vn('2026-03-07', '16:30'), 1).dueDate).toBe('2026-03-10');
  });

  test('When received Wed 29/4/2026 09:00 with 1 day, then 30/4, 1/5 and the weekend are skipped: due Mon 4/5', () => {
    const d = deadline(vn('2026-04-29', '09:00'), 1);
    expect(d.effectiveReceiptDate).toBe('2026-04-29');
    expect(d.dueDate).toBe('2026-05-04');
    expect(d.dueAt.toISOString()).toBe('2026-05-04T10:00:00.000Z');
  });

  test('When received on the 30/4 holiday, then the effective receipt day is Mon 4/5/2026', () => {
    expect(deadline(vn('2026-04-30', '09:00'), 0).effectiveReceiptDate).toBe('2026-05-04');
  });

  test('When received Tue 1/9/2026 10:00 with 1 day, then the 2/9 holiday is skipped: due Thu 3/9', () => {
    expect(deadline(vn('2026-09-01', '10:00'), 1).dueDate).toBe('2026-09-03');
  });

  test('When received on 2/9/2026 itself, then it counts from Thu 3/9', () => {
    expect(deadline(vn('2026-09-02', '08:00'), 0).dueDate).toBe('2026-09-03');
  });

  test('When received at 16:30Z on Sunday (23:30 local), then the local Sunday is not a working day and Monday is effective', () => {
    expect(deadline(new Date('2026-03-01T16:30:00Z'), 0).effectiveReceiptDate).toBe('2026-03-02');
  });

  test('When received at 01:00Z Monday (08:00 local), then it is Monday before the cut-off', () => {
    expect(deadline(new Date('2026-03-02T01:00:00Z'), 0).dueAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  test('When a custom calendar marks a day off, then the deadline honours it', () => {
    const calendar: WorkingCalendar = { isWorkingDay: (d) => basicCalendar.isWorkingDay(d) && d !== '2026-03-03' };
    expect(deadline(vn('2026-03-02', '10:00'), 1, calendar).dueDate).toBe('2026-03-04');
  });

  test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('When workingDays is %p, then it throws a RangeError', (n) => {
    expect(() => deadline(vn('2026-03-02', '10:00'), n)).toThrow(RangeError);
  });
});
