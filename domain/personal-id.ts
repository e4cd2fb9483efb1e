import { placeOfBirthRegistration } from './personal-id-places';

/**
 * Personal identification number (số định danh cá nhân), Decree 137/2015/NĐ-CP Art 13 (the century
 * digit table is also given in Circular 07/2016/TT-BCA Art 7):
 * 3 digits place of birth registration, 1 digit century+sex, 2 digits year of birth, 6 random.
 * Century digit: 1900s male 0 / female 1, 2000s 2/3, 2100s 4/5, 2200s 6/7, 2300s 8/9.
 * The place digits are checked against every list of place codes ever issued
 * (domain/personal-id-places.ts), not against today's provinces: they record where the birth was
 * registered, under the boundaries of that time.
 */
export const PERSONAL_ID_PATTERN = /^\d{12}$/;
export type Sex = 'male' | 'female';

// Names the digits' meaning, never the digits: messages must not carry personal data.
export const UNKNOWN_PLACE_CODE =
  'the 1st–3rd digits are not a known code of the province or country where the birth was registered';

export function centuryDigit(birthYear: number, sex: Sex): number | undefined {
  const centuryIndex = Math.floor(birthYear / 100) - 19;
  if (centuryIndex < 0 || centuryIndex > 4) return undefined;
  return centuryIndex * 2 + (sex === 'female' ? 1 : 0);
}

/** True when a 12-digit ID's place digits are a known code; any other string is left to the pattern. */
export function hasKnownPlaceCode(id: string): boolean {
  return !PERSONAL_ID_PATTERN.test(id) || placeOfBirthRegistration(id.slice(0, 3)) !== undefined;
}

/** Problems with an ID against the place-code list and the stated birth date and sex; empty when they agree. */
export function personalIdMismatches(id: string, dateOfBirth: string, sex: Sex): string[] {
  if (!PERSONAL_ID_PATTERN.test(id)) return ['must be exactly 12 digits'];
  const year = Number(dateOfBirth.slice(0, 4));
  const problems: string[] = [];
  if (!hasKnownPlaceCode(id)) problems.push(UNKNOWN_PLACE_CODE);
  const expected = centuryDigit(year, sex);
  if (expected === undefined || Number(id[3]) !== expected) {
    problems.push('the 4th digit (century and sex) does not match the date of birth and sex');
  }
  if (id.slice(4, 6) !== String(year % 100).padStart(2, '0')) {
    problems.push('the 5th–6th digits do not match the year of birth');
  }
  return problems;
}
