import {
  rejectionSchema,
  RESULT_SCHEMAS,
  resultSchemaFor,
  supplementRequestSchema,
  supplementSubmissionSchema,
  withdrawalSchema,
} from '../../domain/results';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe('result schemas', () => {
  test('When a death extract has a number and a real date, then it is accepted', () => {
    expect(ok(RESULT_SCHEMAS['death-extract'], { extractNumber: '01/2026', extractDate: '2026-01-02' })).toBe(true);
    expect(ok(RESULT_SCHEMAS['death-extract'], { extractNumber: '15', extractDate: '2026-03-02', registerBook: 'Sổ 01' })).toBe(true);
  });

  test.each(['2026-02-30', '02/03/2026', '2026-3-2', ''])('When the extract date is %p, then the death extract is refused', (extractDate) => {
    expect(ok(RESULT_SCHEMAS['death-extract'], { extractNumber: '01/2026', extractDate })).toBe(false);
  });

  test('When the extract number is blank, then the death extract is refused', () => {
    expect(ok(RESULT_SCHEMAS['death-extract'], { extractNumber: '   ', extractDate: '2026-03-02' })).toBe(false);
  });

  test('When a result carries an extra field, then it is refused', () => {
    expect(ok(RESULT_SCHEMAS['death-extract'], { extractNumber: '1', extractDate: '2026-03-02', causeOfDeath: 'x' })).toBe(false);
    expect(ok(RESULT_SCHEMAS['residence-deregistration'], { deregisteredOn: '2026-03-05', extra: true })).toBe(false);
  });

  test('When a residence deregistration has a date, then the reference number is optional', () => {
    expect(ok(RESULT_SCHEMAS['residence-deregistration'], { deregisteredOn: '2026-03-05' })).toBe(true);
    expect(ok(RESULT_SCHEMAS['residence-deregistration'], { deregisteredOn: '2026-03-05', referenceNumber: 'CA-123' })).toBe(true);
    expect(ok(RESULT_SCHEMAS['residence-deregistration'], { deregisteredOn: '2026-13-05' })).toBe(false);
  });

  test('When a benefit decision gives 10 × 2,340,000 VND by bank transfer, then it is accepted', () => {
    expect(ok(RESULT_SCHEMAS['benefit-decision'], { decisionNumber: 'QĐ-12', decisionDate: '2026-03-10', amountVnd: 23_400_000, paymentMethod: 'bank-transfer' })).toBe(true);
  });

  test.each([0, -1, 1.5, '23400000'])('When the benefit amount is %p, then the decision is refused', (amountVnd) => {
    expect(ok(RESULT_SCHEMAS['benefit-decision'], { decisionNumber: 'QĐ-12', decisionDate: '2026-03-10', amountVnd })).toBe(false);
  });

  test('When the payment method is unknown, then the decision is refused', () => {
    expect(ok(RESULT_SCHEMAS['benefit-decision'], { decisionNumber: 'QĐ-12', decisionDate: '2026-03-10', amountVnd: 1, paymentMethod: 'crypto' })).toBe(false);
  });

  test('When a schema is asked by kind, then known kinds resolve and unknown kinds throw', () => {
    expect(resultSchemaFor('death-extract')).toBe(RESULT_SCHEMAS['death-extract']);
    expect(() => resultSchemaFor('marriage-certificate')).toThrow(RangeError);
  });
});

describe('supplement request', () => {
  const item = (code: string) => ({ code, description: 'Bản sao giấy báo tử' });

  test('When one item is listed, then the request is accepted', () => {
    expect(ok(supplementRequestSchema, { items: [item('death-notice')] })).toBe(true);
  });

  test('When no item is listed, then the request is refused with the "list every missing item" message', () => {
    const r = supplementRequestSchema.safeParse({ items: [] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/list every missing item at once/);
  });

  test('When two items share a code, then the request is refused', () => {
    const r = supplementRequestSchema.safeParse({ items: [item('death-notice'), item('death-notice')] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toContain('item codes must be unique');
  });

  test('When an item code is upper-case or the description too short, then the request is refused', () => {
    expect(ok(supplementRequestSchema, { items: [item('DEATH')] })).toBe(false);
    expect(ok(supplementRequestSchema, { items: [{ code: 'death-notice', description: 'x' }] })).toBe(false);
  });
});

describe('other payloads', () => {
  test('When a rejection has an upper-case reason code and a reason, then it is accepted; lower-case codes are refused', () => {
    expect(ok(rejectionSchema, { reasonCode: 'NOT_COMPETENT', reason: 'Không thuộc thẩm quyền' })).toBe(true);
    expect(ok(rejectionSchema, { reasonCode: 'not_competent', reason: 'Không thuộc thẩm quyền' })).toBe(false);
    expect(ok(rejectionSchema, { reasonCode: 'NOT_COMPETENT', reason: 'no' })).toBe(false);
  });

  test('When a supplement submission has no documents, then it is refused', () => {
    expect(ok(supplementSubmissionSchema, { stepId: 'death-registration', documents: [] })).toBe(false);
    expect(ok(supplementSubmissionSchema, { stepId: 'death-registration', documents: [{ item: 'death-notice', reference: 'doc-1' }] })).toBe(true);
  });

  test('When a withdrawal reason is blank, then it is refused', () => {
    expect(ok(withdrawalSchema, { reason: '  ' })).toBe(false);
    expect(ok(withdrawalSchema, { reason: 'Gia đình tự làm' })).toBe(true);
  });
});
