import { randomInt } from 'node:crypto';
import { centuryDigit, localDateOf } from '../../domain';

export const OFFICE = '001.01.01.H26';
export const OTHER_OFFICE = '002.01.01.H26';

/**
 * Today in Vietnam, read when called: the date an agency's result carries in these tests. A result
 * may be dated neither before the case was received nor after today, and these tests receive their
 * cases now (a fixture's getter reads it when the answer is sent, after the receipt).
 */
export const todayInVietnam = (): string => localDateOf(new Date());

/** The day a case was received (Vietnam time), read from its code (`…-YYMMDD-NNNN`). */
export function receiptDay(caseCode: string): string {
  const m = /-(\d{2})(\d{2})(\d{2})-\d{4}$/.exec(caseCode);
  if (!m) throw new Error(`not a case code: ${caseCode}`);
  return `20${m[1]}-${m[2]}-${m[3]}`;
}

// A random start, so open cases left in a persistent test database do not collide with new ones;
// then a counter, so no two IDs of one run collide (random draws did, at a thousand cases).
const start = randomInt(1_000_000);
let counter = 0;

/** A structurally valid personal ID for the birth date and sex, unique within the run. */
export function personalIdFor(dateOfBirth: string, sex: 'male' | 'female'): string {
  const year = Number(dateOfBirth.slice(0, 4));
  const random = String((start + ++counter) % 1_000_000).padStart(6, '0');
  return `001${centuryDigit(year, sex)}${String(year % 100).padStart(2, '0')}${random}`;
}

export function deathRequest(o: { procedures?: string[]; benefitStatus?: string; office?: string } = {}) {
  const dateOfBirth = '1950-03-14';
  return {
    group: 'death',
    procedures: o.procedures ?? ['death-registration', 'residence-deregistration', 'funeral-allowance', 'survivor-allowance'],
    receivingOffice: o.office ?? OFFICE,
    channel: 'desk',
    resultDelivery: 'desk',
    applicant: {
      fullName: 'Nguyễn Văn An',
      personalId: personalIdFor('1980-01-01', 'male'),
      phone: '0912345678',
      relationship: 'con',
      address: 'Số 1 Phố Hòe Nhai, phường Ba Đình, Hà Nội',
    },
    deceased: {
      fullName: 'Nguyễn Văn Bình',
      personalId: personalIdFor(dateOfBirth, 'male'),
      dateOfBirth,
      sex: 'male',
      dateOfDeath: '2026-11-20',
      placeOfDeath: 'Bệnh viện Bạch Mai, Hà Nội',
      residenceAddress: 'Số 1 Phố Hòe Nhai, phường Ba Đình, Hà Nội',
      benefitStatus: o.benefitStatus ?? 'pensioner',
    },
  };
}

export function birthRequest(o: { procedures?: string[]; dateOfBirth?: string } = {}) {
  return {
    group: 'birth',
    procedures: o.procedures ?? ['birth-registration', 'residence-registration', 'health-insurance-card'],
    receivingOffice: OFFICE,
    channel: 'desk',
    resultDelivery: 'online',
    applicant: {
      fullName: 'Trần Thị Cúc',
      personalId: personalIdFor('1995-05-05', 'female'),
      phone: '0987654321',
      relationship: 'mẹ',
      address: 'Số 5 phố Quán Thánh, phường Ba Đình, Hà Nội',
    },
    child: {
      fullName: 'Trần Minh Đức',
      dateOfBirth: o.dateOfBirth ?? '2026-11-10',
      sex: 'male',
      placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
      residenceAddress: 'Số 5 phố Quán Thánh, phường Ba Đình, Hà Nội',
      mother: { fullName: 'Trần Thị Cúc', personalId: personalIdFor('1995-05-05', 'female') },
    },
  };
}
