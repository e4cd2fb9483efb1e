import { centuryDigit, hasKnownPlaceCode, personalIdMismatches, PERSONAL_ID_PATTERN } from '../../domain/personal-id';
import { PLACE_CODE_LISTS, placeOfBirthRegistration } from '../../domain/personal-id-places';

// Decree 137/2015/NĐ-CP Art 13 (digit table of Circular 07/2016/TT-BCA Art 7):
// 3 digits place, 1 digit century+sex, 2 digits year, 6 random.
const CENTURY_DIGIT = /the 4th digit/;
const YEAR_DIGITS = /5th–6th digits/;
const PLACE_DIGITS = /1st–3rd digits .*province or country where the birth was registered/;

/** Builds a structurally valid ID: place 001, the given century digit and year digits, random 234567. */
const idWith = (century: number | string, yy: string): string => `001${century}${yy}234567`;

describe('centuryDigit', () => {
  test.each([
    [1900, 'male', 0],
    [1999, 'female', 1],
    [2000, 'male', 2],
    [2099, 'female', 3],
    [2100, 'male', 4],
    [2150, 'female', 5],
    [2200, 'male', 6],
    [2399, 'female', 9],
  ] as const)('When born in %i as %s, then the century/sex digit is %i', (year, sex, digit) => {
    expect(centuryDigit(year, sex)).toBe(digit);
  });

  test.each([1899, 2400])('When born in %i (outside 1900–2399), then there is no century digit', (year) => {
    expect(centuryDigit(year, 'male')).toBeUndefined();
    expect(centuryDigit(year, 'female')).toBeUndefined();
  });
});

describe('personalIdMismatches', () => {
  test.each([
    ['1900s male', idWith(0, '45'), '1945-03-02', 'male'],
    ['1900s female', idWith(1, '45'), '1945-03-02', 'female'],
    ['2000s male', idWith(2, '03'), '2003-12-31', 'male'],
    ['2000s female', idWith(3, '03'), '2003-01-01', 'female'],
    ['2100s male', idWith(4, '01'), '2101-06-15', 'male'],
    ['2100s female', idWith(5, '01'), '2101-06-15', 'female'],
  ] as const)('When the ID of a %s agrees with birth year and sex, then there is no problem', (_label, id, dob, sex) => {
    expect(personalIdMismatches(id, dob, sex)).toEqual([]);
  });

  test('When a 1900s woman has the male century digit 0, then only the century digit is reported', () => {
    const problems = personalIdMismatches(idWith(0, '45'), '1945-03-02', 'female');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(CENTURY_DIGIT);
  });

  test('When a man born in 2003 has the 1900s digit 0, then the century digit is reported', () => {
    const problems = personalIdMismatches(idWith(0, '03'), '2003-05-05', 'male');
    expect(problems).toEqual([expect.stringMatching(CENTURY_DIGIT)]);
  });

  test('When a man born in 2101 has the 2000s digit 2, then the century digit is reported', () => {
    expect(personalIdMismatches(idWith(2, '01'), '2101-05-05', 'male')).toEqual([expect.stringMatching(CENTURY_DIGIT)]);
  });

  test('When the year digits say 46 but the birth year is 1945, then only the year digits are reported', () => {
    const problems = personalIdMismatches(idWith(0, '46'), '1945-03-02', 'male');
    expect(problems).toEqual([expect.stringMatching(YEAR_DIGITS)]);
  });

  test('When a year before 2010 has a single-digit year part, then the year digits are zero-padded (05, not 5)', () => {
    expect(personalIdMismatches(idWith(2, '05'), '2005-01-01', 'female')).toEqual([expect.stringMatching(CENTURY_DIGIT)]);
    expect(personalIdMismatches(idWith(3, '05'), '2005-01-01', 'female')).toEqual([]);
  });

  test('When both the century and the year digits are wrong, then both problems are reported', () => {
    const problems = personalIdMismatches(idWith(3, '99'), '1945-03-02', 'male');
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(CENTURY_DIGIT), expect.stringMatching(YEAR_DIGITS)]));
  });

  test('When the person was born before 1900, then no century digit can match', () => {
    expect(personalIdMismatches(idWith(0, '99'), '1899-01-01', 'male')).toEqual([expect.stringMatching(CENTURY_DIGIT)]);
  });

  test.each([
    ['11 digits', '00104501234'],
    ['13 digits', '0010450123456'],
    ['empty', ''],
  ])('When the ID has %s, then the only problem is the length', (_label, id) => {
    expect(personalIdMismatches(id, '1945-03-02', 'male')).toEqual(['must be exactly 12 digits']);
  });

  test.each([
    ['a letter', '00104501234A'],
    ['a space', '001045 12345'],
    ['a dash', '001-45012345'],
    ['full-width digits', '００１０４５０１２３４５'],
  ])('When the ID contains %s, then it is refused as not 12 digits', (_label, id) => {
    expect(PERSONAL_ID_PATTERN.test(id)).toBe(false);
    expect(personalIdMismatches(id, '1945-03-02', 'male')).toEqual(['must be exactly 12 digits']);
  });

  test('When the place digits name a province that no longer exists, then that is not a problem', () => {
    // Rule 9: the ID encodes where the birth was registered, under the boundaries of that time;
    // Hà Giang (002) was merged into Tuyên Quang in 2025 (Resolution 202/2025/QH15).
    expect(personalIdMismatches('002045234567', '1945-03-02', 'male')).toEqual([]);
  });
});

// Circular 07/2016/TT-BCA Art 7 and Appendix I (secondary copies); country codes 101–295 secondary.
describe('the place digits (province or country where the birth was registered)', () => {
  const withPlace = (place: string) => `${place}045234567`;

  test.each(['000', '003', '097', '099', '100', '296', '999'])('When the place digits are %s, then the ID is refused and only the place is reported', (place) => {
    expect(personalIdMismatches(withPlace(place), '1945-03-02', 'male')).toEqual([expect.stringMatching(PLACE_DIGITS)]);
    expect(hasKnownPlaceCode(withPlace(place))).toBe(false);
  });

  test.each([
    ['001', 'Hà Nội'],
    ['079', 'Hồ Chí Minh'],
    ['096', 'Cà Mau'],
    ['002', 'Hà Giang'],
  ])('When the place digits are %s, then the ID is accepted as registered in %s', (place, name) => {
    expect(personalIdMismatches(withPlace(place), '1945-03-02', 'male')).toEqual([]);
    expect(placeOfBirthRegistration(place)).toEqual({ kind: 'province', name });
  });

  test.each(['101', '286', '295'])('When the place digits are %s (a country code, birth registered abroad), then the ID is accepted', (place) => {
    expect(personalIdMismatches(withPlace(place), '1945-03-02', 'male')).toEqual([]);
    expect(placeOfBirthRegistration(place)).toEqual({ kind: 'abroad' });
  });

  test('When the list of provinces is read, then it has the 63 codes of Appendix I, between 001 and 096, with the statistical gaps', () => {
    const codes = Object.keys(PLACE_CODE_LISTS[0]!.provinces);
    expect(codes).toHaveLength(63);
    expect(codes.every((c) => /^0\d{2}$/.test(c) && Number(c) >= 1 && Number(c) <= 96)).toBe(true);
    expect(codes).not.toEqual(expect.arrayContaining(['003']));
    expect(PLACE_CODE_LISTS[0]!.abroad.confirmed).toBe(false);
  });

  test('When the place, century and year digits are all wrong, then all three are reported and the message does not echo the ID', () => {
    const id = '999399234567';
    const problems = personalIdMismatches(id, '1945-03-02', 'male');
    expect(problems).toEqual([expect.stringMatching(PLACE_DIGITS), expect.stringMatching(CENTURY_DIGIT), expect.stringMatching(YEAR_DIGITS)]);
    for (const p of problems) expect(p).not.toMatch(/\d{3}/);
  });

  test('When the ID is not 12 digits, then the place is not checked (the length is the only problem)', () => {
    expect(hasKnownPlaceCode('99904523456')).toBe(true);
    expect(personalIdMismatches('99904523456', '1945-03-02', 'male')).toEqual(['must be exactly 12 digits']);
  });
});
