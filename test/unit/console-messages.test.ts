import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { issueText, label, setLang } from '../../console/src/i18n';
import { calendarOverrideSchema } from '../../api/routes/calendar';
import { newUserBody, newUserIssues } from '../../api/routes/people';
import { CATALOGUE_VERSIONS, getCatalogue } from '../../domain/catalogue';
import { validateCaseRequest } from '../../domain/case-request';
import { zodIssues } from '../../domain/errors';
import { handoverSchema } from '../../domain/handover';
import { personalIdMismatches } from '../../domain/personal-id';
import { RESULT_SCHEMAS, rejectionSchema, supplementRequestSchema, supplementSubmissionSchema, withdrawalSchema } from '../../domain/results';
import { birthRequest, deathRequest } from '../helpers/requests';

// Every field message the API can answer for the console's forms (receipt, result, refusal,
// supplement request and submission, withdrawal, handover, calendar decision, new user) has a
// Vietnamese rendering. The messages are collected two ways: by running the schemas and rules over
// inputs that break each rule (zod's own wordings, messages built at run time), and by reading the
// message literals in the sources that word them (so a rule added later without a translation
// fails here even before anyone writes a bad input for it).

const catalogue = getCatalogue(CATALOGUE_VERSIONS[CATALOGUE_VERSIONS.length - 1]!.version);
const now = new Date('2026-11-24T03:00:00Z');
const collected = new Set<string>();
const issuesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (!r.success) for (const i of zodIssues(r.error)) collected.add(i.message);
};
const caseIssues = (input: unknown) => {
  const r = validateCaseRequest(input, catalogue, now);
  if (!r.ok) for (const i of r.issues) collected.add(i.message);
};

const long = (n: number) => 'a'.repeat(n);
/** One bad value per text rule (domain/text.ts), for the fields that use them. */
const badTexts = ['a\u0000bcdef', 'ab\tcdef', 'ab\uD800cdef', 'ab\u202Ecdef', 'ab\u200Bcdef', 'a', long(2001)];

beforeAll(() => {
  // The receipt: shapes and the rules across fields.
  caseIssues({});
  caseIssues({ group: 7, procedures: 'x', receivingOffice: 1, channel: 'fax', resultDelivery: null, applicant: [], deceased: 'x', extra: 1 });
  const death = deathRequest();
  for (const text of badTexts) {
    caseIssues({ ...death, applicant: { ...death.applicant, fullName: text, relationship: text, address: text, email: 'not-an-email', phone: 'x', personalId: '123' } });
    caseIssues({ ...death, deceased: { ...death.deceased, fullName: text, placeOfDeath: text, residenceAddress: text } });
  }
  caseIssues({ ...death, group: 'no-such-group' });
  caseIssues({ ...death, group: 'bad code!', procedures: [long(61)], receivingOffice: 'x' });
  caseIssues({ ...death, procedures: ['death-registration'] });
  caseIssues({ ...death, procedures: Array.from({ length: 11 }, (_, i) => `p${i}`) });
  caseIssues({ ...death, receivingOffice: '999.99.99.H99', procedures: ['death-registration', 'no-such-procedure'] });
  caseIssues({ ...death, procedures: ['death-registration', 'death-registration'] });
  caseIssues({ ...death, procedures: ['death-registration', 'funeral-allowance'] });
  caseIssues({ ...death, deceased: { ...death.deceased, benefitStatus: 'none' } });
  caseIssues({ ...death, deceased: { ...death.deceased, benefitStatus: 'social-assistance', otherBenefitStatuses: ['pensioner'] } });
  caseIssues({ ...death, deceased: { ...death.deceased, otherBenefitStatuses: ['merit', 'merit'] } });
  caseIssues({ ...death, deceased: { ...death.deceased, otherBenefitStatuses: ['merit', 'merit', 'merit', 'merit', 'merit', 'merit'] } });
  caseIssues({ ...death, deceased: { ...death.deceased, personalId: '999000000000', dateOfBirth: '1899-02-30', sex: 'x', dateOfDeath: '2030-01-01', benefitStatus: 'x' } });
  caseIssues({ ...death, deceased: { ...death.deceased, personalId: '001099000000', dateOfBirth: '1850-01-01', dateOfDeath: '2030-01-01' } });
  caseIssues({ ...death, deceased: { ...death.deceased, dateOfBirth: '2000-01-01', dateOfDeath: '1999-01-01' } });
  caseIssues({ ...death, deceased: undefined, child: birthRequest().child });
  const birth = birthRequest();
  caseIssues({ ...birth, child: { ...birth.child, dateOfBirth: '2030-01-01', mother: { fullName: 'Trần Thị Cúc', personalId: '001295000000' }, father: { fullName: 'Trần Văn Dũng', personalId: '001395000000' } } });
  caseIssues({ ...birth, child: { ...birth.child, dateOfBirth: '2018-01-01' } });
  for (const message of personalIdMismatches('12345', '1950-01-01', 'male')) collected.add(message);

  // An agency's result (every kind), refusal and supplement request.
  for (const schema of Object.values(RESULT_SCHEMAS) as z.ZodType[]) {
    issuesOf(schema, {});
    issuesOf(schema, { extra: 1 });
    issuesOf(schema, {
      extractNumber: long(41), extractDate: '2026-02-30', registerBook: '', deregisteredOn: 'x', referenceNumber: 'a\u0000', personalId: '1', registrationNumber: 1,
      registrationDate: 1, registeredOn: '', cardNumber: 'x', validFrom: 'x', validTo: 'x', issuedOn: 'x', decisionNumber: '', decisionDate: 'x', paymentMethod: 'x',
    });
    for (const amountVnd of [0, 1.5, 1e11, '5', -1]) issuesOf(schema, { amountVnd });
  }
  for (const text of badTexts) issuesOf(rejectionSchema, { reasonCode: 'lower', reason: text });
  issuesOf(rejectionSchema, { reasonCode: 1 });
  issuesOf(supplementRequestSchema, { items: [] });
  issuesOf(supplementRequestSchema, { items: 'x', note: 1 });
  issuesOf(supplementRequestSchema, { items: Array.from({ length: 51 }, () => ({ code: 'AB', description: 'x' })), note: long(2001) });
  issuesOf(supplementRequestSchema, { items: [{ code: 'ab', description: 'abc' }, { code: 'ab', description: 'abc' }] });

  // The desk's supplement submission, withdrawal and handover.
  issuesOf(supplementSubmissionSchema, {});
  issuesOf(supplementSubmissionSchema, { stepId: 'bad id', documents: [], note: 1 });
  issuesOf(supplementSubmissionSchema, { stepId: '', documents: [{ item: '', reference: '' }, {}] });
  for (const text of badTexts) issuesOf(withdrawalSchema, { reason: text });
  issuesOf(withdrawalSchema, {});
  issuesOf(handoverSchema, {});
  issuesOf(handoverSchema, { method: 'pigeon' });
  issuesOf(handoverSchema, { method: 'desk', recipient: { relationship: 'con' }, at: 'yesterday', note: 1 });
  issuesOf(handoverSchema, { method: 'desk', recipient: { relationship: '', fullName: '', identityDocument: '' } });
  issuesOf(handoverSchema, { method: 'post', trackingNumber: 'x' });
  issuesOf(handoverSchema, { method: 'online', channel: 'x', accountReference: '' });

  // The operator's calendar decision and the admin's new user.
  issuesOf(calendarOverrideSchema, {});
  issuesOf(calendarOverrideSchema, { date: '2026-02-30', kind: 'x', officeCode: '999.99.99.H99', reason: 'a', source: long(501) });
  issuesOf(calendarOverrideSchema, { date: '2200-01-01', officeCode: long(41) });
  issuesOf(newUserBody, {});
  issuesOf(newUserBody, { username: 'a', password: 'short', fullName: 'a', role: 'boss', officeCode: 'x', agencyCode: 'bad code' });
  issuesOf(newUserBody, { password: long(201) });
  for (const body of [
    { role: 'desk' },
    { role: 'agency' },
    { role: 'operator', officeCode: '001.01.01.H26', agencyCode: 'x' },
    { role: 'desk', officeCode: '999.99.99.H99' },
    { role: 'agency', agencyCode: 'no-such-agency' },
  ]) {
    for (const i of newUserIssues({ username: 'someone', password: long(12), fullName: 'Ai Đó', ...body } as z.infer<typeof newUserBody>, now).issues) collected.add(i.message);
  }
});

/** Files that word the field messages the console's forms can receive. */
const SOURCES = [
  'domain/case-request.ts', 'domain/personal-id.ts', 'domain/results.ts', 'domain/text.ts', 'domain/handover.ts', 'domain/errors.ts', 'domain/case/machine.ts',
  'api/schemas.ts', 'api/actions.ts', 'api/http/json-body.ts', 'api/routes/calendar.ts', 'api/routes/people.ts', 'api/routes/handover.ts', 'api/routes/cases.ts', 'api/routes/statistics.ts',
];

/** The message literals of a source: `message: '…'` and the message argument of refine/regex/min; `${…}` stands for any value. */
function literalMessages(file: string): string[] {
  const source = readFileSync(join(__dirname, '../..', file), 'utf8');
  const found: string[] = [];
  for (const m of source.matchAll(/message: (['`])((?:(?!\1)[^\\\n]|\\.)+)\1/g)) found.push(m[2]!);
  for (const m of source.matchAll(/\.(?:refine|regex|min)\([^'`\n]*?,\s*(['`])((?:(?!\1)[^\\\n])+)\1\)/g)) found.push(m[2]!);
  return found.map((m) => m.replace(/\$\{[^}]*(\{[^}]*\}[^}]*)*\}/g, 'xyz').replace(/\\'/g, "'"));
}

describe('the API’s field messages in Vietnamese', () => {
  afterEach(() => setLang('vi'));

  test('When the forms’ schemas and rules refuse bad input, then every message they give has a Vietnamese rendering', () => {
    expect(collected.size).toBeGreaterThan(60);
    const untranslated = [...collected].filter((m) => issueText(m) === m);
    expect(untranslated).toEqual([]);
  });

  test('When a source words a field message, then the console has a Vietnamese rendering of it', () => {
    const literals = SOURCES.flatMap(literalMessages);
    expect(literals.length).toBeGreaterThan(40);
    const untranslated = literals.filter((m) => issueText(m) === m);
    expect(untranslated).toEqual([]);
  });

  test('When a message carries values, then the Vietnamese keeps them', () => {
    expect(issueText('missing requested item giay-chung-tu')).toBe('còn thiếu giấy tờ đã yêu cầu bổ sung: giay-chung-tu');
    expect(issueText('Too big: expected number to be <=10000000000')).toBe('tối đa là 10000000000');
    expect(issueText('the period may span at most 366 days')).toBe('kỳ thống kê tối đa 366 ngày');
    expect(issueText('unknown procedure for group death')).toBe(`thủ tục không thuộc nhóm ${label('group', 'death').toLowerCase()}`);
    expect(issueText("funeral-allowance is not available when deceased.benefitStatus is 'none'")).toBe('Trợ cấp mai táng: không giải quyết được khi diện hưởng chế độ mai táng là “Không thuộc diện nào”');
    setLang('en');
    expect(issueText('missing requested item giay-chung-tu')).toBe('missing requested item giay-chung-tu');
  });
});

/** For writing the dictionary: `PRINT_MESSAGES=1 npx jest test/unit/console-messages.test.ts` lists what is untranslated. */
afterAll(() => {
  if (!process.env.PRINT_MESSAGES) return;
  const all = [...new Set([...collected, ...SOURCES.flatMap(literalMessages)])];
  console.log(all.filter((m) => issueText(m) === m).join("\n")); if (process.env.PRINT_MESSAGES === "all") console.log(all.map((m) => `${m}\n  → ${issueText(m)}`).join("\n"));
});
