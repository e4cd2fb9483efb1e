import { CATALOGUE_VERSIONS, getCatalogue } from '../../domain/catalogue';
import { validateCaseRequest } from '../../domain/case-request';
import type { FieldIssue } from '../../domain/errors';

const catalogue = getCatalogue(CATALOGUE_VERSIONS[0]!.version);
// Tuesday 24/11/2026 10:00 in Vietnam.
const now = new Date('2026-11-24T03:00:00Z');

const validRequest = () => ({
  group: 'death',
  procedures: ['death-registration', 'residence-deregistration', 'funeral-allowance', 'survivor-allowance'],
  receivingOffice: '001.01.01.H29',
  channel: 'desk',
  resultDelivery: 'online',
  applicant: {
    fullName: 'Nguyễn Văn An',
    personalId: '001085012345',
    phone: '0912345678',
    email: 'an@example.vn',
    relationship: 'con trai',
    address: '12 Phố Huế, Hai Bà Trưng, Hà Nội',
  },
  deceased: {
    fullName: 'Nguyễn Văn Bình',
    personalId: '001045012345',
    dateOfBirth: '1945-03-02',
    sex: 'male',
    dateOfDeath: '2026-11-20',
    placeOfDeath: 'Bệnh viện Bạch Mai, Hà Nội',
    residenceAddress: '12 Phố Huế, Hai Bà Trưng, Hà Nội',
    benefitStatus: 'pensioner',
  },
});
type Req = ReturnType<typeof validRequest>;
const withDeceased = (patch: Partial<Req['deceased']>) => {
  const r = validRequest();
  return { ...r, deceased: { ...r.deceased, ...patch } };
};
const issuesOf = (input: unknown): FieldIssue[] => {
  const result = validateCaseRequest(input, catalogue, now);
  if (result.ok) throw new Error('expected the request to be refused');
  return result.issues;
};
const paths = (input: unknown) => issuesOf(input).map((i) => i.path);

describe('validateCaseRequest', () => {
  test('When every field is valid, then the request passes with the parsed request and the deceased as subject', () => {
    const result = validateCaseRequest(validRequest(), catalogue, now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request.procedures).toHaveLength(4);
    expect(result.subject).toMatchObject({ benefitStatus: 'pensioner', personalId: '001045012345' });
  });

  test('When several fields are bad at once, then every one of them is reported together', () => {
    const r = withDeceased({ personalId: '001145012345', dateOfDeath: '2026-12-01' });
    const input = { ...r, receivingOffice: '999.01.01.H29', applicant: { ...r.applicant, phone: '12345' } };
    const issues = issuesOf(input);
    expect(issues.length).toBeGreaterThanOrEqual(4);
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['applicant.phone', 'deceased.personalId', 'deceased.dateOfDeath', 'receivingOffice']),
    );
    expect(issues.find((i) => i.path === 'deceased.personalId')!.message).toMatch(/4th digit/);
    expect(issues.find((i) => i.path === 'deceased.dateOfDeath')!.message).toMatch(/future/);
    expect(issues.find((i) => i.path === 'receivingOffice')!.message).toMatch(/unknown office/);
  });

  test('When shape errors and catalogue errors mix, then both kinds are reported', () => {
    const r = validRequest();
    const input = { ...r, channel: 'fax', procedures: ['death-registration', 'teleportation'] };
    expect(paths(input)).toEqual(expect.arrayContaining(['channel', 'procedures[1]']));
  });

  test('When the death is dated before the birth, then deceased.dateOfDeath is reported', () => {
    const issues = issuesOf(withDeceased({ dateOfBirth: '1945-03-02', dateOfDeath: '1944-12-31' }));
    expect(issues).toEqual([{ path: 'deceased.dateOfDeath', message: expect.stringMatching(/before the date of birth/) }]);
  });

  test('When the death date is today in Vietnam though still yesterday in UTC, then it is not in the future', () => {
    const lateEvening = new Date('2026-11-24T18:30:00Z'); // 01:30 on 25/11 in Vietnam
    expect(validateCaseRequest(withDeceased({ dateOfDeath: '2026-11-25' }), catalogue, lateEvening).ok).toBe(true);
    expect(validateCaseRequest(withDeceased({ dateOfDeath: '2026-11-26' }), catalogue, lateEvening).ok).toBe(false);
  });

  test('When the death date is not a real date, then it is reported as a date problem', () => {
    expect(paths(withDeceased({ dateOfDeath: '2026-02-30' }))).toEqual(['deceased.dateOfDeath']);
  });

  test('When the funeral allowance is asked for a deceased with benefit status none, then procedures[i] is reported', () => {
    const r = withDeceased({ benefitStatus: 'none' });
    const input = { ...r, procedures: ['death-registration', 'funeral-allowance'] };
    const issues = issuesOf(input);
    expect(issues).toEqual([{ path: 'procedures[1]', message: expect.stringMatching(/funeral-allowance is not available .*'none'/) }]);
  });

  test('When the survivor allowance is asked for a social-assistance recipient, then procedures[i] is reported', () => {
    const r = withDeceased({ benefitStatus: 'social-assistance' });
    expect(paths({ ...r, procedures: ['survivor-allowance', 'death-registration'] })).toEqual(['procedures[0]']);
  });

  test('When the combination leaves out death registration, then procedures is reported', () => {
    const input = { ...validRequest(), procedures: ['residence-deregistration', 'funeral-allowance'] };
    const issues = issuesOf(input);
    expect(issues).toEqual([{ path: 'procedures', message: expect.stringMatching(/not an allowed combination/) }]);
  });

  test('When a procedure is listed twice, then procedures is reported as a duplicate', () => {
    const input = { ...validRequest(), procedures: ['death-registration', 'residence-deregistration', 'death-registration'] };
    expect(issuesOf(input)).toEqual([{ path: 'procedures', message: expect.stringMatching(/listed twice/) }]);
  });

  test('When only one procedure is chosen, then procedures is reported (the applicant chooses 2 to 4)', () => {
    expect(paths({ ...validRequest(), procedures: ['death-registration'] })).toContain('procedures');
  });

  test('When the group is unknown, then group is reported', () => {
    const issues = issuesOf({ ...validRequest(), group: 'marriage' });
    expect(issues).toEqual([{ path: 'group', message: expect.stringMatching(/unknown group/) }]);
  });

  test('When the deceased is missing, then deceased is reported as required', () => {
    const { deceased: _d, ...rest } = validRequest();
    expect(issuesOf(rest)).toEqual([{ path: 'deceased', message: expect.stringMatching(/required for group death/) }]);
  });

  test('When an unknown top-level field is sent, then the strict schema rejects it', () => {
    const issues = issuesOf({ ...validRequest(), causeOfDeath: 'sensitive' });
    expect(issues).toEqual([{ path: 'causeOfDeath', message: 'unknown field' }]);
  });

  test('When an unknown field is nested in the deceased, then it is rejected under deceased', () => {
    const issues = issuesOf(withDeceased({ nickname: 'Ông Bình' } as never));
    expect(issues).toEqual([{ path: 'deceased.nickname', message: 'unknown field' }]);
  });

  test.each([null, 'text', 42, [], undefined])('When the body is %p, then the request is refused without throwing', (body) => {
    const result = validateCaseRequest(body, catalogue, now);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
  });

  test('When the applicant phone uses +84, then it is accepted', () => {
    const r = validRequest();
    expect(validateCaseRequest({ ...r, applicant: { ...r.applicant, phone: '+84912345678' } }, catalogue, now).ok).toBe(true);
  });

  test('When the deceased was born before 1900, then deceased.dateOfBirth is reported', () => {
    expect(paths(withDeceased({ dateOfBirth: '1899-12-31', personalId: '001099012345' }))).toEqual(
      expect.arrayContaining(['deceased.dateOfBirth', 'deceased.personalId']),
    );
  });
});

describe('validateCaseRequest reports cross-field problems even when another subject field is bad', () => {
  test('When the deceased name is too short AND the ID, death date and benefit are wrong, then all four are reported', () => {
    const body = validRequest();
    body.deceased.fullName = 'X';
    body.deceased.dateOfDeath = '2099-01-01';
    body.deceased.personalId = `${body.deceased.personalId.slice(0, 3)}9${body.deceased.personalId.slice(4)}`;
    body.deceased.benefitStatus = 'none';
    body.procedures = ['death-registration', 'funeral-allowance'];
    const paths = issuesOf(body).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['deceased.fullName', 'deceased.dateOfDeath', 'deceased.personalId', 'procedures[1]']));
  });
});

// Circular 07/2016/TT-BCA Art 7 and Appendix I: the first three digits are the province (or country)
// where the birth was registered; 000, 003 and 999 are no such code.
describe('validateCaseRequest checks the place digits of every personal ID', () => {
  const PLACE = /1st–3rd digits .*province or country where the birth was registered/;

  test('When the applicant and the deceased carry unknown place codes, then both fields are named with the place message, which does not echo the digits', () => {
    const r = withDeceased({ personalId: '000045012345' });
    const issues = issuesOf({ ...r, applicant: { ...r.applicant, personalId: '999085012345' } });
    expect(issues).toEqual([
      { path: 'applicant.personalId', message: expect.stringMatching(PLACE) },
      { path: 'deceased.personalId', message: expect.stringMatching(PLACE) },
    ]);
    for (const issue of issues) expect(issue.message).not.toMatch(/999|000|\d{3}/);
  });

  test('When the deceased was born in Hồ Chí Minh City (079) or abroad (286), then the request passes', () => {
    expect(validateCaseRequest(withDeceased({ personalId: '079045012345' }), catalogue, now).ok).toBe(true);
    expect(validateCaseRequest(withDeceased({ personalId: '286045012345' }), catalogue, now).ok).toBe(true);
  });

  test('When the deceased ID has an unknown place code only, then that is the one problem reported for it (not repeated)', () => {
    const issues = issuesOf(withDeceased({ personalId: '003045012345' }));
    expect(issues).toEqual([{ path: 'deceased.personalId', message: expect.stringMatching(PLACE) }]);
  });
});
