import { HIDDEN_PERSONAL_VALUE, isPersonalResultField, PERSONAL_RESULT_FIELDS, RESULT_SCHEMAS } from '../../domain/results';
import { hidePersonalFields } from '../../api/personal-data';
import { stepResultSchema } from '../../api/schemas';

describe('personal fields of results', () => {
  test('When the list is read, then it names the child’s personal ID and the card number, each a field of its result kind', () => {
    expect(PERSONAL_RESULT_FIELDS).toEqual({ 'birth-certificate': ['personalId'], 'health-insurance-card': ['cardNumber'], 'identity-card': ['cardNumber'] });
    for (const [kind, fields] of Object.entries(PERSONAL_RESULT_FIELDS)) {
      for (const f of fields) expect(Object.keys(RESULT_SCHEMAS[kind as keyof typeof RESULT_SCHEMAS].shape)).toContain(f);
    }
    expect(isPersonalResultField('personalId')).toBe(true);
    expect(isPersonalResultField('registrationNumber')).toBe(false);
  });

  test('When a value is masked, then personal fields at any depth read the placeholder and everything else stays', () => {
    const snapshot = {
      caseCode: '001.01.01.H29-261130-0001',
      steps: [
        { stepId: 'birth-registration', result: { personalId: '001226012345', registrationNumber: '12/2026', registrationDate: '2026-11-30' } },
        { stepId: 'health-insurance-card', result: { cardNumber: 'TE1010123456789', validFrom: '2026-11-30' } },
        { stepId: 'residence-registration', result: null },
      ],
      upstream: { 'birth-registration': { personalId: '001226012345' } },
      none: { personalId: null },
    };
    const masked = hidePersonalFields(snapshot) as typeof snapshot;
    expect(masked.steps[0]!.result).toEqual({ personalId: HIDDEN_PERSONAL_VALUE, registrationNumber: '12/2026', registrationDate: '2026-11-30' });
    expect(masked.steps[1]!.result).toEqual({ cardNumber: HIDDEN_PERSONAL_VALUE, validFrom: '2026-11-30' });
    expect(masked.steps[2]!.result).toBeNull();
    expect(masked.upstream['birth-registration']).toEqual({ personalId: HIDDEN_PERSONAL_VALUE });
    expect(masked.none.personalId).toBeNull();
    expect(masked.caseCode).toBe(snapshot.caseCode);
    const text = JSON.stringify(masked);
    expect(text).not.toContain('001226012345');
    expect(text).not.toContain('TE1010123456789');
    // The original is not changed.
    expect(snapshot.steps[0]!.result!.personalId).toBe('001226012345');
  });

  test('When the API declares a step result, then a personal field may be its value or the placeholder, and nothing else', () => {
    const birth = { personalId: '001226012345', registrationNumber: '12/2026', registrationDate: '2026-11-30' };
    expect(stepResultSchema.safeParse(birth).success).toBe(true);
    expect(stepResultSchema.safeParse({ ...birth, personalId: HIDDEN_PERSONAL_VALUE }).success).toBe(true);
    expect(stepResultSchema.safeParse({ ...birth, personalId: 'hidden' }).success).toBe(false);
    expect(stepResultSchema.safeParse({ cardNumber: HIDDEN_PERSONAL_VALUE, validFrom: '2026-11-30' }).success).toBe(true);
  });
});
