import { DECIDED_OVERRIDES } from '../../domain/calendar/decided-overrides';
import { computeDeadline, OfficeHours } from '../../domain/calendar/deadline';
import { CalendarOverride, calendarYearsSupported, createLegalCalendar, describeYear } from '../../domain/calendar/legal-calendar';
import { addDays, isIsoDate } from '../../domain/calendar/local-time';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';

const hours: OfficeHours = { cutoff: '15:00', closesAt: '17:00' };
const vn = (date: string, clock: string): Date => new Date(`${date}T${clock}:00+07:00`);
const statutory = createLegalCalendar([]);
const decided = createLegalCalendar(DECIDED_OVERRIDES);
const offDays = (calendar: WorkingCalendar, from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!calendar.isWorkingDay(d)) out.push(d);
  return out;
};
const override = (date: string, kind: CalendarOverride['kind'], officeCode?: string): CalendarOverride => ({ date, kind, ...(officeCode ? { officeCode } : {}), reason: `test ${kind}`, source: 'test decision' });

describe('createLegalCalendar', () => {
  test('When no override applies, then weekdays work and weekends, Tết and compensatory days do not', () => {
    expect(statutory.isWorkingDay('2026-03-06')).toBe(true);
    expect(statutory.isWorkingDay('2026-03-07')).toBe(false);
    expect(offDays(statutory, '2026-02-13', '2026-02-23')).toEqual(['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22']);
    expect(statutory.isWorkingDay('2026-04-27')).toBe(false); // compensates Hùng Kings day on Sunday 26/4
  });

  test('When a general override adds a day off, then every office has it off', () => {
    const o = [override('2026-03-04', 'day-off')];
    expect(createLegalCalendar(o).isWorkingDay('2026-03-04')).toBe(false);
    expect(createLegalCalendar(o, 'HN-01').isWorkingDay('2026-03-04')).toBe(false);
  });

  test('When an office override contradicts a general one on the same date, then it wins for that office only', () => {
    const o = [override('2026-03-04', 'working-day', 'HN-01'), override('2026-03-04', 'day-off')];
    expect(createLegalCalendar(o, 'HN-01').isWorkingDay('2026-03-04')).toBe(true);
    expect(createLegalCalendar(o, 'HCM-02').isWorkingDay('2026-03-04')).toBe(false);
    expect(createLegalCalendar(o).isWorkingDay('2026-03-04')).toBe(false);
  });

  test('When a desk receives on Saturdays by its own override, then that Saturday is working for it and for no one else', () => {
    const o = [override('2026-03-07', 'working-day', 'HN-01')];
    expect(createLegalCalendar(o, 'HN-01').isWorkingDay('2026-03-07')).toBe(true);
    expect(createLegalCalendar(o).isWorkingDay('2026-03-07')).toBe(false);
  });

  test('When the 2025 swap is applied, then Saturday 26/4/2025 is worked and Friday 2/5/2025 is off', () => {
    expect(statutory.isWorkingDay('2025-04-26')).toBe(false);
    expect(statutory.isWorkingDay('2025-05-02')).toBe(true);
    expect(decided.isWorkingDay('2025-04-26')).toBe(true);
    expect(offDays(decided, '2025-04-28', '2025-05-06')).toEqual(['2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']);
  });

  test('When a date is outside 1990–2100 or malformed, then isWorkingDay throws a RangeError', () => {
    expect(calendarYearsSupported).toEqual({ from: 1990, to: 2100 });
    expect(() => statutory.isWorkingDay('1989-12-29')).toThrow(RangeError);
    expect(() => statutory.isWorkingDay('2101-01-03')).toThrow(RangeError);
    expect(() => statutory.isWorkingDay('2026-13-01')).toThrow(RangeError);
  });
});

describe('DECIDED_OVERRIDES (published yearly decisions)', () => {
  test('When the list is checked, then every entry is a valid general override with a source, one per date', () => {
    for (const o of DECIDED_OVERRIDES) {
      expect(isIsoDate(o.date)).toBe(true);
      expect(o.officeCode).toBeUndefined();
      expect(o.source.length).toBeGreaterThan(10);
    }
    expect(new Set(DECIDED_OVERRIDES.map((o) => o.date)).size).toBe(DECIDED_OVERRIDES.length);
  });

  test.each([
    ['Tết 2024 (8662/VPCP-KGVX)', '2024-02-05', '2024-02-16', ['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14']],
    ['30/4–1/5/2024 (2450/VPCP-KGVX)', '2024-04-22', '2024-05-05', ['2024-04-27', '2024-04-28', '2024-04-29', '2024-04-30', '2024-05-01', '2024-05-05']],
    ['2/9/2024', '2024-08-26', '2024-09-06', ['2024-08-31', '2024-09-01', '2024-09-02', '2024-09-03']],
    ['Tết 2025 (8726/VPCP-KGVX)', '2025-01-20', '2025-02-07', ['2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']],
    ['2/9/2025', '2025-08-25', '2025-09-05', ['2025-08-30', '2025-08-31', '2025-09-01', '2025-09-02']],
    ['New Year 2026 (12729/VPCP-KGVX; Saturday 10/01 worked)', '2025-12-29', '2026-01-11', ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-11']],
    ['Hùng Kings day and 30/4–1/5/2026 (the default pattern)', '2026-04-20', '2026-05-04', ['2026-04-25', '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']],
    ['Tết 2026 (14–22/02, the default pattern)', '2026-02-09', '2026-02-27', ['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22']],
  ])('When the decisions are applied for %s, then exactly the announced days are off', (_label, from, to, off) => {
    expect(offDays(decided, from, to)).toEqual(off);
  });
});

describe('describeYear', () => {
  test('When 2025 is described with the decided overrides, then it agrees day by day with the calendar and explains each day off', () => {
    const y = describeYear(2025, DECIDED_OVERRIDES);
    const off = new Map(y.nonWorkingDays.map((d) => [d.date, d]));
    for (let d = '2025-01-01'; d <= '2025-12-31'; d = addDays(d, 1)) expect(off.has(d)).toBe(!decided.isWorkingDay(d));
    expect(y.nonWorkingDays.map((d) => d.date)).toEqual([...off.keys()].sort());
    expect(off.get('2025-05-02')).toMatchObject({ kind: 'day-off', source: expect.stringContaining('30/4–1/5/2025') });
    expect(off.get('2025-01-29')).toMatchObject({ kind: 'holiday', name: { vi: 'Tết Âm lịch', en: 'Lunar New Year (Tết)' } });
    expect(off.get('2025-03-01')).toMatchObject({ kind: 'weekend', name: { en: 'Weekly rest day (Saturday)' } });
    expect(off.has('2025-04-26')).toBe(false);
    expect(y.workingDayOverrides.map((o) => o.date)).toEqual(['2025-02-03', '2025-04-26']);
    expect(y.totals).toEqual({ days: 365, workingDays: 365 - y.nonWorkingDays.length, nonWorkingDays: y.nonWorkingDays.length, weekendDays: expect.any(Number), statutoryDays: expect.any(Number), overrideDaysOff: 2 });
    expect(y.totals.weekendDays + y.totals.statutoryDays + y.totals.overrideDaysOff).toBe(y.nonWorkingDays.length);
  });

  test('When an office is given, then its own day off is listed with its office code and a general working day that is a weekday is not listed', () => {
    const y = describeYear(2026, [override('2026-03-04', 'day-off', 'HN-01'), override('2026-03-05', 'working-day')], 'HN-01');
    expect(y.nonWorkingDays.find((d) => d.date === '2026-03-04')).toMatchObject({ kind: 'day-off', officeCode: 'HN-01', name: { vi: 'test day-off' } });
    expect(y.workingDayOverrides).toEqual([]);
    expect(describeYear(2026, [override('2026-03-04', 'day-off', 'HN-01')]).nonWorkingDays.some((d) => d.date === '2026-03-04')).toBe(false);
  });

  test('When a year outside 1990–2100 is described, then a RangeError is thrown', () => {
    expect(() => describeYear(2101, [])).toThrow(RangeError);
    expect(() => describeYear(1989, [])).toThrow(RangeError);
  });
});

describe('computeDeadline on the legal calendar (cut-off 15:00, closes 17:00)', () => {
  const due = (from: Date, workingDays: number, calendar: WorkingCalendar = statutory) => computeDeadline({ from, workingDays, hours, calendar });

  test('When a dossier arrives Friday 16:00 (after the cut-off), then it counts from the next Monday', () => {
    const d = due(vn('2026-03-06', '16:00'), 1);
    expect(d.effectiveReceiptDate).toBe('2026-03-09');
    expect(d.dueDate).toBe('2026-03-10');
    expect(d.dueAt.toISOString()).toBe('2026-03-10T10:00:00.000Z');
  });

  test('When a period would end on 30/4/2025, then it ends on the next working day (2/5 by statute, 5/5 after the decided swap)', () => {
    expect(due(vn('2025-04-29', '09:00'), 1).dueDate).toBe('2025-05-02');
    expect(due(vn('2025-04-29', '09:00'), 1, decided).dueDate).toBe('2025-05-05');
  });

  test('When 5 working days run across Tết 2026 from Thursday 12/02, then the deadline is Thursday 26/02', () => {
    const d = due(vn('2026-02-12', '10:00'), 5);
    expect(d.effectiveReceiptDate).toBe('2026-02-12');
    expect(d.dueDate).toBe('2026-02-26');
  });

  test('When a dossier arrives at 16:00 on the last working day before Tết 2026, then it counts from Monday 23/02', () => {
    const d = due(vn('2026-02-13', '16:00'), 5);
    expect(d.effectiveReceiptDate).toBe('2026-02-23');
    expect(d.dueDate).toBe('2026-03-02');
  });

  test('When an override adds a day off inside the period, then the deadline moves one working day later', () => {
    const from = vn('2026-03-02', '09:00');
    expect(due(from, 3).dueDate).toBe('2026-03-05');
    expect(due(from, 3, createLegalCalendar([override('2026-03-04', 'day-off')])).dueDate).toBe('2026-03-06');
    expect(due(from, 3, createLegalCalendar([override('2026-03-04', 'day-off', 'HN-01')], 'HCM-02')).dueDate).toBe('2026-03-05');
  });
});
