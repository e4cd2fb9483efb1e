import { applicantSchema, caseRequestSchema, childSchema, deceasedSchema } from '../../domain/case-request';
import { handoverSchema } from '../../domain/handover';
import { RESULT_SCHEMAS } from '../../domain/results';
import { bodyOf, check, itemsOf, paths, type Item } from '../../console/src/schema';

// The console's forms are generated from the API's zod schemas: these tests hold the generation to
// the schemas (kinds, required fields, nesting) and the bodies it builds to what the API accepts.

const field = (items: Item[], path: string): Item | undefined => {
  for (const i of items) {
    if (i.path === path) return i;
    if (i.type === 'group') {
      const inner = field(i.items, path);
      if (inner) return inner;
    }
  }
  return undefined;
};

describe('console forms from the receipt schema', () => {
  test('When the deceased’s form is generated, then dates, choices, the multiple choice and the optional fields follow the schema', () => {
    const items = itemsOf(deceasedSchema, 'deceased');
    expect(paths(items)).toEqual(Object.keys(deceasedSchema.shape).map((k) => `deceased.${k}`));
    expect(field(items, 'deceased.dateOfBirth')).toMatchObject({ kind: 'date', optional: false });
    expect(field(items, 'deceased.sex')).toMatchObject({ kind: 'select', options: ['male', 'female'] });
    expect(field(items, 'deceased.benefitStatus')).toMatchObject({ kind: 'select', optional: false });
    expect(field(items, 'deceased.otherBenefitStatuses')).toMatchObject({ kind: 'multi', optional: true });
    expect(field(items, 'deceased.otherBenefitStatuses')).not.toMatchObject({ options: expect.arrayContaining(['none']) });
    expect(field(items, 'deceased.fullName')).toMatchObject({ kind: 'text', optional: false });
  });

  test('When the child’s form is generated, then the parents are groups and the father’s is optional', () => {
    const items = itemsOf(childSchema, 'child');
    expect(field(items, 'child.mother')).toMatchObject({ type: 'group', optional: false });
    expect(field(items, 'child.father')).toMatchObject({ type: 'group', optional: true });
    expect(field(items, 'child.mother.personalId')).toMatchObject({ kind: 'text', optional: false });
    expect(field(items, 'child.father.fullName')).toMatchObject({ kind: 'text', optional: false });
  });

  test('When a birth form is filled without the father, then the body leaves him out and the API’s schema accepts it', () => {
    const child = itemsOf(childSchema, 'child');
    const applicant = itemsOf(applicantSchema, 'applicant');
    const values = {
      'applicant.fullName': 'Trần Thị Cúc',
      'applicant.personalId': '001195012345',
      'applicant.phone': '0987654321',
      'applicant.email': '',
      'applicant.relationship': 'mẹ',
      'applicant.address': 'Số 5 phố Quán Thánh, Hà Nội',
      'child.fullName': 'Trần Minh Đức',
      'child.dateOfBirth': '2026-11-10',
      'child.sex': 'male',
      'child.placeOfBirth': 'Bệnh viện Phụ sản Hà Nội',
      'child.residenceAddress': 'Số 5 phố Quán Thánh, Hà Nội',
      'child.mother.fullName': 'Trần Thị Cúc',
      'child.mother.personalId': '001195012345',
      'child.father.fullName': '',
      'child.father.personalId': '',
    };
    const body = { group: 'birth', procedures: ['birth-registration', 'residence-registration'], receivingOffice: '001.01.01.H26', channel: 'desk', resultDelivery: 'desk', applicant: bodyOf(applicant, values), child: bodyOf(child, values) };
    expect(body.child).not.toHaveProperty('father');
    expect(body.applicant).not.toHaveProperty('email');
    expect(check(caseRequestSchema, body)).toEqual([]);
  });

  test('When a required field is left empty and a phone is wrong, then the issues name them by the API’s paths', () => {
    const applicant = itemsOf(applicantSchema, 'applicant');
    const issues = check(caseRequestSchema.shape.applicant, bodyOf(applicant, { 'applicant.phone': '12345' }), ['applicant']);
    const named = issues.map((i) => i.path);
    expect(named).toEqual(expect.arrayContaining(['applicant.fullName', 'applicant.personalId', 'applicant.phone', 'applicant.relationship', 'applicant.address']));
    expect(issues.find((i) => i.path === 'applicant.phone')?.message).toContain('Vietnamese phone number');
  });
});

describe('console forms from the result and handover schemas', () => {
  test('When a benefit decision is filled, then the amount is sent as a number and a non-number is refused by the schema', () => {
    const items = itemsOf(RESULT_SCHEMAS['benefit-decision'], 'result');
    expect(field(items, 'result.amountVnd')).toMatchObject({ kind: 'number' });
    expect(field(items, 'result.paymentMethod')).toMatchObject({ kind: 'select', optional: true });
    const good = bodyOf(items, { 'result.decisionNumber': '88/QĐ', 'result.decisionDate': '2026-11-30', 'result.amountVnd': '18720000' });
    expect(good).toEqual({ decisionNumber: '88/QĐ', decisionDate: '2026-11-30', amountVnd: 18_720_000 });
    expect(check(RESULT_SCHEMAS['benefit-decision'], good, ['result'])).toEqual([]);
    const bad = bodyOf(items, { 'result.decisionNumber': '88/QĐ', 'result.decisionDate': '2026-11-30', 'result.amountVnd': 'mười triệu' });
    expect(check(RESULT_SCHEMAS['benefit-decision'], bad, ['result']).map((i) => i.path)).toEqual(['result.amountVnd']);
  });

  test('When the handover at the desk is generated, then the recipient is a group and the method and time are left to the form', () => {
    const desk = handoverSchema.options.find((o) => o.shape.method.value === 'desk')!;
    const items = itemsOf(desk, '', ['method', 'at']);
    expect(paths(items)).toEqual(['recipient', 'recipient.relationship', 'recipient.fullName', 'recipient.identityDocument', 'note']);
    expect(field(items, 'note')).toMatchObject({ kind: 'textarea', optional: true });
    const body = { method: 'desk', ...bodyOf(items, { 'recipient.relationship': 'con' }) };
    expect(check(handoverSchema, body).map((i) => i.path)).toEqual(['recipient.fullName']);
  });
});
