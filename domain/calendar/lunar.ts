import { isIsoDate, LocalDate } from './local-time';

/**
 * The Vietnamese lunisolar calendar (âm lịch), computed for the meridian of UTC+7.
 *
 * Rules (the traditional Chinese-style rules, applied to Vietnamese local days, which is why
 * Tết differs from the Chinese calendar in some years, e.g. 1985 and 2007):
 * - a month starts on the local day that contains the astronomical new moon;
 * - month 11 is the month containing the December solstice (sun longitude 270°);
 * - when 13 months lie between two months 11, the first month after month 11 that contains no
 *   major solar term (sun longitude a multiple of 30°) is a leap month and repeats the number
 *   of the month before it.
 * A term "falls in" a month when it falls on a local day d with start ≤ d < next start, so
 * both tests compare the sun's longitude at local midnight of month starts.
 *
 * Astronomy (Meeus, "Astronomical Algorithms", 2nd ed.): new moons from ch. 49 (mean phase plus
 * periodic and planetary corrections, error well under a minute); the sun's apparent longitude
 * from ch. 25 with a truncated VSOP87 series (App. III), low-accuracy nutation (ch. 22) and
 * aberration; ΔT = TT − UT from the Espenak–Meeus polynomials (NASA, 2006).
 * Everything is pure arithmetic, deterministic, and cached per year.
 *
 * Margins, 1990–2100: shifting ΔT by ±60 s moves only three month starts (new moons within a
 * minute of local midnight: 05/2054, 10/2085, 11/2077; no holiday depends on them); shifting the
 * sun by ±0.004° (≈6 min) changes nothing. Published calendars may differ on those three days.
 */

/** Lunar years this module computes (their months 11–12 run into the next Gregorian year; ΔT beyond ~2150 is a guess). */
export const lunarYearsSupported = { from: 1900, to: 2199 } as const;

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  isLeapMonth: boolean;
}

const DEG = Math.PI / 180;
const MS_PER_DAY = 86_400_000;
const JD_UNIX_EPOCH = 2440587.5; // Julian Day of 1970-01-01T00:00Z
const J2000 = 2451545.0;
const VIETNAM_OFFSET_DAYS = 7 / 24;
const SYNODIC_MONTH = 29.530588861;
const NEW_MOON_EPOCH = 2451550.09766; // Meeus 49.1: the new moon of 2000-01-06 (k = 0)

const sinD = (deg: number): number => Math.sin(deg * DEG);

/** ΔT in seconds for a decimal year (Espenak & Meeus 2006 fits; after 2005 a prediction). */
export function deltaTSeconds(y: number): number {
  if (y < 1920) { const t = y - 1900; return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4; }
  if (y < 1941) { const t = y - 1920; return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3; }
  if (y < 1961) { const t = y - 1950; return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547; }
  if (y < 1986) { const t = y - 1975; return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718; }
  if (y < 2005) { const t = y - 2000; return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5; }
  if (y < 2050) { const t = y - 2000; return 62.92 + 0.32217 * t + 0.005589 * t ** 2; }
  const u = (y - 1820) / 100;
  return -20 + 32 * u * u - (y < 2150 ? 0.5628 * (2150 - y) : 0);
}

const deltaTDays = (jd: number): number => deltaTSeconds(2000 + (jd - J2000) / 365.25) / 86_400;

// Earth's heliocentric longitude, VSOP87 truncated as in Meeus App. III: rows of
// [amplitude × 1e-8 rad, phase rad, frequency rad per Julian millennium]; series L0…L5.
type Series = readonly (readonly [number, number, number])[];
const EARTH_L: readonly Series[] = [
  [[175347046, 0, 0], [3341656, 4.6692568, 6283.07585], [34894, 4.6261, 12566.1517], [3497, 2.7441, 5753.3849], [3418, 2.8289, 3.5231],
    [3136, 3.6277, 77713.7715], [2676, 4.4181, 7860.4194], [2343, 6.1352, 3930.2097], [1324, 0.7425, 11506.7698], [1273, 2.0371, 529.691],
    [1199, 1.1096, 1577.3435], [990, 5.233, 5884.927], [902, 2.045, 26.298], [857, 3.508, 398.149], [780, 1.179, 5223.694], [753, 2.533, 5507.553],
    [505, 4.583, 18849.228], [492, 4.205, 775.523], [357, 2.92, 0.067], [317, 5.849, 11790.629], [284, 1.899, 796.298], [271, 0.315, 10977.079],
    [243, 0.345, 5486.778], [206, 4.806, 2544.314], [205, 1.869, 5573.143], [202, 2.458, 6069.777], [156, 0.833, 213.299], [132, 3.411, 2942.463],
    [126, 1.083, 20.775], [115, 0.645, 0.98], [103, 0.636, 4694.003], [102, 0.976, 15720.839], [102, 4.267, 7.114], [99, 6.21, 2146.17],
    [98, 0.68, 155.42], [86, 5.98, 161000.69], [85, 1.3, 6275.96], [85, 3.67, 71430.7], [80, 1.81, 17260.15], [79, 3.04, 12036.46],
    [75, 1.76, 5088.63], [74, 3.5, 3154.69], [74, 4.68, 801.82], [70, 0.83, 9437.76], [62, 3.98, 8827.39], [61, 1.82, 7084.9],
    [57, 2.78, 6286.6], [56, 4.39, 14143.5], [56, 3.47, 6279.55], [52, 0.19, 12139.55], [52, 1.33, 1748.02], [51, 0.28, 5856.48],
    [49, 0.49, 1194.45], [41, 5.37, 8429.24], [41, 2.4, 19651.05], [39, 6.17, 10447.39], [37, 6.04, 10213.29], [37, 2.57, 1059.38],
    [36, 1.71, 2352.87], [36, 1.78, 6812.77], [33, 0.59, 17789.85], [30, 0.44, 83996.85], [30, 2.74, 1349.87], [25, 3.16, 4690.48]],
  [[628331966747, 0, 0], [206059, 2.678235, 6283.07585], [4303, 2.6351, 12566.1517], [425, 1.59, 3.523], [119, 5.796, 26.298],
    [109, 2.966, 1577.344], [93, 2.59, 18849.23], [72, 1.14, 529.69], [68, 1.87, 398.15], [67, 4.41, 5507.55], [59, 2.89, 5223.69],
    [56, 2.17, 155.42], [45, 0.4, 796.3], [36, 0.47, 775.52], [29, 2.65, 7.11], [21, 5.34, 0.98], [19, 1.85, 5486.78], [19, 4.97, 213.3],
    [17, 2.99, 6275.96], [16, 0.03, 2544.31], [16, 1.43, 2146.17], [15, 1.21, 10977.08], [12, 2.83, 1748.02], [12, 3.26, 5088.63],
    [12, 5.27, 1194.45], [12, 2.08, 4694.0], [11, 0.77, 553.57], [10, 1.3, 6286.6], [10, 4.24, 1349.87], [9, 2.7, 242.73], [9, 5.64, 951.72],
    [8, 5.3, 2352.87], [6, 2.65, 9437.76], [6, 4.67, 4690.48]],
  [[52919, 0, 0], [8720, 1.0721, 6283.0758], [309, 0.867, 12566.152], [27, 0.05, 3.52], [16, 5.19, 26.3], [16, 3.68, 155.42], [10, 0.76, 18849.23],
    [9, 2.06, 77713.77], [7, 0.83, 775.52], [5, 4.66, 1577.34], [4, 1.03, 7.11], [4, 3.44, 5573.14], [3, 5.14, 796.3], [3, 6.05, 5507.55],
    [3, 1.19, 242.73], [3, 6.12, 529.69], [3, 0.31, 398.15], [3, 2.28, 553.57], [2, 4.38, 5223.69], [2, 3.75, 0.98]],
  [[289, 5.844, 6283.076], [35, 0, 0], [17, 5.49, 12566.15], [3, 5.2, 155.42], [1, 4.72, 3.52], [1, 5.3, 18849.23], [1, 5.97, 242.73]],
  [[114, 3.142, 0], [8, 4.13, 6283.08], [1, 3.84, 12566.15]],
  [[1, 3.14, 0]],
];
// Earth–sun distance, only for the aberration term (a 0.3" effect): the main VSOP87 R terms.
const EARTH_R: readonly Series[] = [
  [[100013989, 0, 0], [1670700, 3.0984635, 6283.07585], [13956, 3.05525, 12566.1517], [3084, 5.1985, 77713.7715], [1628, 1.1739, 5753.3849], [1576, 2.8469, 7860.4194]],
  [[103019, 1.10749, 6283.07585], [1721, 1.0644, 12566.1517]],
  [[4359, 5.7846, 6283.0758]],
];

function vsop(series: readonly Series[], tau: number): number {
  let total = 0;
  for (let i = series.length - 1; i >= 0; i--) {
    let s = 0;
    for (const [a, b, c] of series[i]!) s += a * Math.cos(b + c * tau);
    total = total * tau + s; // Horner over the powers of tau
  }
  return total * 1e-8;
}

/** The sun's apparent geocentric longitude in degrees [0, 360) at a Julian Ephemeris Day (TT). */
export function apparentSunLongitude(jde: number): number {
  const tau = (jde - J2000) / 365_250;
  const t = tau * 10;
  const geometric = vsop(EARTH_L, tau) / DEG + 180 - 0.09033 / 3600; // heliocentric → geocentric, FK5
  const omega = 125.04452 - 1934.136261 * t;
  const sunMean = 280.4665 + 36000.7698 * t;
  const moonMean = 218.3165 + 481267.8813 * t;
  const nutation = (-17.2 * sinD(omega) - 1.32 * sinD(2 * sunMean) - 0.23 * sinD(2 * moonMean) + 0.21 * sinD(2 * omega)) / 3600;
  const aberration = -20.4898 / 3600 / vsop(EARTH_R, tau);
  const lon = (geometric + nutation + aberration) % 360;
  return lon < 0 ? lon + 360 : lon;
}

// Meeus Table 49.A (new moon): [coefficient, power of E, multipliers of M, M', F, Ω].
const NEW_MOON_TERMS: readonly (readonly [number, number, number, number, number, number])[] = [
  [-0.4072, 0, 0, 1, 0, 0], [0.17241, 1, 1, 0, 0, 0], [0.01608, 0, 0, 2, 0, 0], [0.01039, 0, 0, 0, 2, 0], [0.00739, 1, -1, 1, 0, 0],
  [-0.00514, 1, 1, 1, 0, 0], [0.00208, 2, 2, 0, 0, 0], [-0.00111, 0, 0, 1, -2, 0], [-0.00057, 0, 0, 1, 2, 0], [0.00056, 1, 1, 2, 0, 0],
  [-0.00042, 0, 0, 3, 0, 0], [0.00042, 1, 1, 0, 2, 0], [0.00038, 1, 1, 0, -2, 0], [-0.00024, 1, -1, 2, 0, 0], [-0.00017, 0, 0, 0, 0, 1],
  [-0.00007, 0, 2, 1, 0, 0], [0.00004, 0, 0, 2, -2, 0], [0.00004, 0, 3, 0, 0, 0], [0.00003, 0, 1, 1, -2, 0], [0.00003, 0, 0, 2, 2, 0],
  [-0.00003, 0, 1, 1, 2, 0], [0.00003, 0, -1, 1, 2, 0], [-0.00002, 0, -1, 1, -2, 0], [-0.00002, 0, 1, 3, 0, 0], [0.00002, 0, 0, 4, 0, 0],
];
// Meeus 49 "additional corrections" from the planets: [coefficient, A0 degrees, degrees per lunation].
const PLANETARY_TERMS: readonly (readonly [number, number, number])[] = [
  [0.000325, 299.77, 0.107408], [0.000165, 251.88, 0.016321], [0.000164, 251.83, 26.651886], [0.000126, 349.42, 36.412478],
  [0.00011, 84.66, 18.206239], [0.000062, 141.74, 53.303771], [0.00006, 207.14, 2.453732], [0.000056, 154.84, 7.30686],
  [0.000047, 34.52, 27.261239], [0.000042, 207.19, 0.121824], [0.00004, 291.34, 1.844379], [0.000037, 161.72, 24.198154],
  [0.000035, 239.56, 25.513099], [0.000023, 331.55, 3.592518],
];

/** Julian Ephemeris Day (TT) of new moon number k (k = 0: 2000-01-06). */
export function newMoonJde(k: number): number {
  const t = k / 1236.85;
  const e = 1 - 0.002516 * t - 0.0000074 * t * t;
  const m = 2.5534 + 29.1053567 * k - 0.0000014 * t * t - 0.00000011 * t ** 3;
  const mp = 201.5643 + 385.81693528 * k + 0.0107582 * t * t + 0.00001238 * t ** 3 - 0.000000058 * t ** 4;
  const f = 160.7108 + 390.67050284 * k - 0.0016118 * t * t - 0.00000227 * t ** 3 + 0.000000011 * t ** 4;
  const om = 124.7746 - 1.56375588 * k + 0.0020672 * t * t + 0.00000215 * t ** 3;
  let jde = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * t * t - 0.00000015 * t ** 3 + 0.00000000073 * t ** 4;
  for (const [c, ePow, cm, cmp, cf, com] of NEW_MOON_TERMS) jde += c * e ** ePow * sinD(cm * m + cmp * mp + cf * f + com * om);
  PLANETARY_TERMS.forEach(([c, a0, rate], i) => {
    jde += c * sinD(a0 + rate * k + (i === 0 ? -0.009173 * t * t : 0)); // only A1 has a T² term
  });
  return jde;
}

const epochDayOf = (date: LocalDate): number => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
const dateOfEpochDay = (day: number): LocalDate => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** The Vietnamese local day (days since 1970-01-01) of new moon k. */
function newMoonDay(k: number): number {
  const jde = newMoonJde(k);
  return Math.floor(jde - deltaTDays(jde) - JD_UNIX_EPOCH + VIETNAM_OFFSET_DAYS);
}

/** Sun longitude at 00:00 UTC+7 starting the given local day. */
function sunLongitudeAtLocalMidnight(day: number): number {
  const jdUt = JD_UNIX_EPOCH + day - VIETNAM_OFFSET_DAYS;
  return apparentSunLongitude(jdUt + deltaTDays(jdUt));
}

/** k of the month 11 that contains the December solstice of Gregorian year `year`. */
function month11(year: number): number {
  const dec31 = JD_UNIX_EPOCH + epochDayOf(`${year}-12-31`);
  // Start a little after the solstice and step back to the last month that began before it.
  let k = Math.floor((dec31 - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  while (sunLongitudeAtLocalMidnight(newMoonDay(k)) >= 270) k--;
  return k;
}

interface LunarMonth extends Omit<LunarDate, 'day'> {
  start: number; // local epoch day of day 1
  length: number; // 29 or 30
}

const spans = new Map<number, readonly LunarMonth[]>();

/**
 * The months from month 11 before `year`'s Tết up to (not including) the month 11 of that lunar
 * year: 12 or 13 months, labelled 11, 12, 1 … 10 (plus one leap month when there are 13).
 */
function span(year: number): readonly LunarMonth[] {
  const cached = spans.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < lunarYearsSupported.from || year > lunarYearsSupported.to + 1) {
    throw new RangeError(`lunar calendar is computed for ${lunarYearsSupported.from}–${lunarYearsSupported.to}, not ${year}`);
  }
  const kFrom = month11(year - 1);
  const count = month11(year) - kFrom;
  const starts = Array.from({ length: count + 1 }, (_, i) => newMoonDay(kFrom + i));
  let leapIndex = -1;
  if (count === 13) {
    const sector = starts.map((d) => Math.floor(sunLongitudeAtLocalMidnight(d) / 30));
    for (let i = 1; i < count && leapIndex < 0; i++) if (sector[i] === sector[i + 1]) leapIndex = i;
  }
  const months: LunarMonth[] = [];
  for (let i = 0; i < count; i++) {
    const ordinal = leapIndex > 0 && i >= leapIndex ? i - 1 : i; // months since month 11
    const month = ((ordinal + 10) % 12) + 1;
    const start = starts[i]!;
    months.push({ year: month >= 11 ? year - 1 : year, month, isLeapMonth: i === leapIndex, start, length: starts[i + 1]! - start });
  }
  spans.set(year, months);
  return months;
}

function findMonth(lunarYear: number, month: number, isLeapMonth: boolean): LunarMonth {
  if (!Number.isInteger(lunarYear) || lunarYear < lunarYearsSupported.from || lunarYear > lunarYearsSupported.to) {
    throw new RangeError(`lunar calendar is computed for ${lunarYearsSupported.from}–${lunarYearsSupported.to}, not ${lunarYear}`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`lunar month must be 1–12, not ${month}`);
  // Months 11 and 12 (and a leap 11 or 12) come before the next Tết, so they sit in next year's span.
  const m = span(month >= 11 ? lunarYear + 1 : lunarYear).find((x) => x.year === lunarYear && x.month === month && x.isLeapMonth === isLeapMonth);
  if (!m) throw new RangeError(`lunar year ${lunarYear} has no ${isLeapMonth ? 'leap ' : ''}month ${month}`);
  return m;
}

/** The Gregorian date of a Vietnamese lunar date; RangeError if that date does not exist. */
export function lunarToSolar(lunarYear: number, month: number, day: number, isLeapMonth = false): LocalDate {
  const m = findMonth(lunarYear, month, isLeapMonth);
  if (!Number.isInteger(day) || day < 1 || day > m.length) throw new RangeError(`lunar month ${month}/${lunarYear} has ${m.length} days, not day ${day}`);
  return dateOfEpochDay(m.start + day - 1);
}

/** The Vietnamese lunar date of a Gregorian date. */
export function solarToLunar(date: LocalDate): LunarDate {
  if (!isIsoDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  const day = epochDayOf(date);
  const year = Number(date.slice(0, 4));
  let months = span(year);
  const last = months[months.length - 1]!;
  if (day >= last.start + last.length) months = span(year + 1);
  for (const m of months) {
    if (day >= m.start && day < m.start + m.length) return { year: m.year, month: m.month, day: day - m.start + 1, isLeapMonth: m.isLeapMonth };
  }
  throw new RangeError(`no lunar month found for ${date}`); // unreachable: spans tile the timeline
}

/** Tết Nguyên đán: day 1 of month 1 of the lunar year that begins in Gregorian `year`. */
export function lunarNewYear(year: number): LocalDate {
  return lunarToSolar(year, 1, 1);
}

/** The leap month of lunar year `year` (0 if none); leap 11/12 belong to the year before Tết. */
export function leapMonthOf(year: number): number {
  const inYear = [...span(year), ...span(year + 1)].find((m) => m.isLeapMonth && m.year === year);
  return inYear ? inYear.month : 0;
}

/** Number of days (29 or 30) of a lunar month. */
export function lunarMonthLength(lunarYear: number, month: number, isLeapMonth = false): number {
  return findMonth(lunarYear, month, isLeapMonth).length;
}
