import { addDays } from '../../domain/calendar/local-time';
import { apparentSunLongitude, deltaTSeconds, leapMonthOf, lunarMonthLength, lunarNewYear, lunarToSolar, newMoonJde, solarToLunar } from '../../domain/calendar/lunar';

const JD_UNIX_EPOCH = 2440587.5;
/** The UT instant of new moon k (the module works in TT). */
const newMoonUt = (k: number): Date => {
  const jde = newMoonJde(k);
  return new Date((jde - deltaTSeconds(2000 + (jde - 2451545) / 365.25) / 86_400 - JD_UNIX_EPOCH) * 86_400_000);
};
const lunationNear = (date: string): number => Math.round((Date.parse(`${date}T00:00:00Z`) / 86_400_000 + JD_UNIX_EPOCH - 2451550.09766) / 29.530588861);

describe('astronomy (Meeus, Astronomical Algorithms)', () => {
  test('When new moon k = −283 is computed, then it is JDE 2443192.65118 (Meeus example 49.a, 1977-02-18)', () => {
    expect(newMoonJde(-283)).toBeCloseTo(2443192.65118, 4);
  });

  test('When the sun is placed on 1992-10-13.0 TD, then its apparent longitude is 199°54′21.8″ within 1″ (Meeus example 25.b)', () => {
    expect(Math.abs(apparentSunLongitude(2448908.5) - (199 + 54 / 60 + 21.818 / 3600)) * 3600).toBeLessThan(1);
  });

  test('When the sun is placed at the June solstice of 1962 (21:24:42 TD), then its longitude is 90° within 2″', () => {
    expect(Math.abs(apparentSunLongitude(2437837.39215) - 90) * 3600).toBeLessThan(2);
  });

  test('When known new moons are computed, then each falls within 2 minutes of the published UT instant', () => {
    const published: [string, string][] = [
      ['2000-01-06', '2000-01-06T18:14:00Z'],
      ['2023-01-21', '2023-01-21T20:53:00Z'],
      ['2024-01-11', '2024-01-11T11:57:00Z'],
    ];
    for (const [near, at] of published) expect(Math.abs(newMoonUt(lunationNear(near)).getTime() - Date.parse(at))).toBeLessThan(120_000);
  });
});

describe('Tết (lunar new year) on the Vietnamese calendar (UTC+7)', () => {
  // Vietnamese dates from published Vietnamese calendars; the Chinese (UTC+8) date where it differs.
  test.each([
    [1968, '1968-01-29'], // China 30/01: the reason Tết Mậu Thân came a day apart in 1968
    [1985, '1985-01-21'], // China 20/02: a different leap month (VN leap 2 in 1985, China leap 10 in 1984)
    [1990, '1990-01-27'],
    [1995, '1995-01-31'],
    [2000, '2000-02-05'],
    [2007, '2007-02-17'], // China 18/02
    [2010, '2010-02-14'],
    [2015, '2015-02-19'],
    [2017, '2017-01-28'],
    [2019, '2019-02-05'],
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    // China 03/02/2030: the new moon is at 16:07 UT, i.e. 23:07 on 2 February in Hanoi.
    [2030, '2030-02-02'],
  ])('When the lunar year %i begins, then Tết is %s', (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ year, month: 1, day: 1, isLeapMonth: false });
  });

  test.each(['2007-02-17', '2030-02-02'])('When the new moon of Tết %s is placed in time, then it falls after 16:00 UT: the same day at UTC+7, the next day at UTC+8', (date) => {
    const at = newMoonUt(lunationNear(date));
    expect(at.toISOString().slice(0, 10)).toBe(date);
    expect(at.getUTCHours()).toBe(16);
  });
});

describe('Hùng Kings day (10th day of the 3rd lunar month)', () => {
  test.each([
    [2020, '2020-04-02'],
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('When the year is %i, then Hùng Kings day is %s', (year, date) => {
    expect(lunarToSolar(year, 3, 10)).toBe(date);
  });
});

describe('leap months', () => {
  test('When the year is 2023, then month 2 is repeated: leap 2 runs 22/03–19/04 and month 3 starts 20/04', () => {
    expect(leapMonthOf(2023)).toBe(2);
    expect(lunarToSolar(2023, 2, 1, true)).toBe('2023-03-22');
    expect(solarToLunar('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, isLeapMonth: true });
    expect(lunarToSolar(2023, 3, 1)).toBe('2023-04-20');
  });

  test('When the year is 2020, then month 4 is repeated from 23/05/2020', () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(lunarToSolar(2020, 4, 1, true)).toBe('2020-05-23');
    expect(lunarToSolar(2020, 5, 1)).toBe('2020-06-21');
  });

  test('When the leap month follows month 11 (2033), then it belongs to the year before the next Tết', () => {
    expect(leapMonthOf(2033)).toBe(11);
    expect(solarToLunar('2033-12-22')).toEqual({ year: 2033, month: 11, day: 1, isLeapMonth: true });
    expect(lunarNewYear(2034)).toBe('2034-02-19');
  });

  test('When the years 1990–2100 are listed, then leap months recur 7 times in each 19 years (Metonic cycle)', () => {
    const leapYears = Array.from({ length: 111 }, (_, i) => 1990 + i).filter((y) => leapMonthOf(y) > 0);
    expect(leapYears.slice(0, 7)).toEqual([1990, 1993, 1995, 1998, 2001, 2004, 2006]);
    expect(leapYears.length).toBeGreaterThanOrEqual(40);
    expect(leapYears.length).toBeLessThanOrEqual(42);
  });

  test('When a leap month that does not exist or a day 30 of a short month is asked for, then a RangeError is thrown', () => {
    expect(leapMonthOf(2024)).toBe(0);
    expect(() => lunarToSolar(2024, 2, 1, true)).toThrow(RangeError);
    expect(lunarMonthLength(2025, 12)).toBe(29);
    expect(() => lunarToSolar(2025, 12, 30)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 13, 1)).toThrow(RangeError);
    expect(() => solarToLunar('2025-02-30')).toThrow(RangeError);
    expect(() => lunarNewYear(1800)).toThrow(RangeError);
    expect(() => lunarNewYear(2200)).toThrow(RangeError);
  });
});

describe('solar ↔ lunar round trip', () => {
  test('When every day 1990–2100 goes to the lunar calendar and back, then it is the same day and lunar days run 1…29/30', () => {
    let prev = solarToLunar('1989-12-31');
    let days = 0;
    for (let date = '1990-01-01'; date <= '2100-12-31'; date = addDays(date, 1), days++) {
      const l = solarToLunar(date);
      if (lunarToSolar(l.year, l.month, l.day, l.isLeapMonth) !== date) throw new Error(`round trip failed on ${date}`);
      const next = l.day === prev.day + 1 || (l.day === 1 && (prev.day === 29 || prev.day === 30));
      if (!next) throw new Error(`lunar days jump on ${date}: ${prev.day} → ${l.day}`);
      prev = l;
    }
    expect(days).toBe(111 * 365 + 27); // 27 leap days: 1992…2096 (2100 is not a leap year)
  });
});
