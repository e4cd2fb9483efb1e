import { isWeekend, STATUTORY_HOLIDAYS, statutoryDayOn, statutoryDays, StatutoryDay } from '../../domain/calendar/holidays';
import { weekdayOf } from '../../domain/calendar/local-time';

const dates = (days: StatutoryDay[], kind?: StatutoryDay['kind']): string[] => days.filter((d) => !kind || d.kind === kind).map((d) => d.date);
const inRange = (year: number, from: string, to: string): string[] => dates(statutoryDays(year)).filter((d) => d >= from && d <= to);

describe('the statutory holidays as data (Labour Code 2019 Art 112)', () => {
  test('When the rules are listed, then there are 11 days a year in 7 rules, each with both names and an Art 112 source', () => {
    expect(STATUTORY_HOLIDAYS.map((h) => h.id)).toEqual(['new-year', 'tet', 'hung-kings', 'victory', 'labour', 'national-day-adjacent', 'national-day']);
    for (const h of STATUTORY_HOLIDAYS) {
      expect(h.name.vi.length).toBeGreaterThan(3);
      expect(h.name.en.length).toBeGreaterThan(3);
      expect(h.source).toMatch(/Labour Code 2019 .*Art 112\(1\)/);
    }
    expect(STATUTORY_HOLIDAYS.find((h) => h.id === 'tet')!.rule).toEqual({ type: 'lunar-new-year', before: 1, from: 4 });
  });

  test('When any year 1990–2100 is computed, then it has 11 holiday days, one compensatory day per holiday on a weekend, none of them on a weekend', () => {
    for (let year = 1990; year <= 2100; year++) {
      const days = statutoryDays(year);
      const holidays = days.filter((d) => d.kind === 'holiday');
      const compensatory = days.filter((d) => d.kind === 'compensatory');
      expect(holidays).toHaveLength(11);
      expect(compensatory).toHaveLength(holidays.filter((d) => isWeekend(d.date)).length);
      expect(compensatory.every((d) => !isWeekend(d.date))).toBe(true);
      expect(dates(days)).toEqual([...new Set(dates(days))].sort());
      expect(days.every((d) => d.date.startsWith(String(year)))).toBe(true);
    }
  });

  test('When the default Tết of 2026 is computed, then it is the last day of the old year (16/02) plus days 1–4 (17–20/02)', () => {
    expect(dates(statutoryDays(2026).filter((d) => d.name.en.startsWith('Lunar New Year')))).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
  });

  test('When 2/9 is on a weekday (2026, Wednesday), then the default adjacent day is 1/9 and nothing is compensated', () => {
    expect(inRange(2026, '2026-08-25', '2026-09-10')).toEqual(['2026-09-01', '2026-09-02']);
  });

  test('When a statutory day is looked up, then its name and source come back; a weekday that is no holiday gives undefined', () => {
    expect(statutoryDayOn('2026-04-26')).toMatchObject({ kind: 'holiday', name: { vi: 'Giỗ Tổ Hùng Vương' } });
    expect(statutoryDayOn('2026-04-27')).toMatchObject({ kind: 'compensatory', source: expect.stringContaining('Art 111(3)') });
    expect(statutoryDayOn('2026-04-28')).toBeUndefined();
  });

  test('When a year outside 1990–2100 or a malformed date is asked for, then a RangeError is thrown', () => {
    expect(() => statutoryDays(1989)).toThrow(RangeError);
    expect(() => statutoryDays(2101)).toThrow(RangeError);
    expect(() => statutoryDayOn('2026-02-30')).toThrow(RangeError);
  });
});

describe('compensatory days (Art 111(3)): a holiday on Saturday or Sunday gives the next working day off', () => {
  test('When 1/1/2022 is a Saturday, then Monday 3/1/2022 is off', () => {
    expect(weekdayOf('2022-01-01')).toBe(6);
    expect(inRange(2022, '2022-01-01', '2022-01-10')).toEqual(['2022-01-01', '2022-01-03']);
    expect(statutoryDayOn('2022-01-03')?.kind).toBe('compensatory');
  });

  test('When 30/4/2022 is a Saturday and 1/5/2022 a Sunday, then Monday 2/5 and Tuesday 3/5 are off', () => {
    expect(inRange(2022, '2022-04-25', '2022-05-10')).toEqual(['2022-04-30', '2022-05-01', '2022-05-02', '2022-05-03']);
    expect(dates(statutoryDays(2022), 'compensatory')).toContain('2022-05-03');
  });

  test('When 2/9/2023 is a Saturday, then the adjacent day is Friday 1/9 and Monday 4/9 is off in compensation', () => {
    expect(inRange(2023, '2023-08-25', '2023-09-10')).toEqual(['2023-09-01', '2023-09-02', '2023-09-04']);
    expect(statutoryDayOn('2023-09-04')?.name.en).toBe('Compensatory day off for National Day');
  });

  test('When Hùng Kings day (Sat 29/4/2023) and 30/4 (Sun) run into 1/5 (Mon), then the chain pushes compensation to 2/5 and 3/5', () => {
    expect(inRange(2023, '2023-04-25', '2023-05-10')).toEqual(['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03']);
  });

  test('When two default Tết days fall on a weekend (2024: 10–11/02), then the two days after Tết (14–15/02) are off', () => {
    expect(inRange(2024, '2024-02-01', '2024-02-29')).toEqual(['2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15']);
    expect(dates(statutoryDays(2024), 'compensatory')).toEqual(['2024-02-14', '2024-02-15', '2024-09-03']);
  });

  test('When the day next to 2/9 is a Sunday (1/9/2024), then Tuesday 3/9 is off, giving the decided 31/8–3/9 break', () => {
    expect(inRange(2024, '2024-08-25', '2024-09-10')).toEqual(['2024-09-01', '2024-09-02', '2024-09-03']);
  });
});
