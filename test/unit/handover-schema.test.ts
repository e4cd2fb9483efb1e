import { handoverSchema } from '../../domain/handover';

const paths = (body: unknown) => {
  const r = handoverSchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the return of the result (handover)', () => {
  test('When neither the relationship nor the name is given, then both are named at once, not the name only after the relationship is fixed', () => {
    expect(paths({ method: 'desk', recipient: {} })).toEqual([expect.stringMatching(/^recipient\.relationship: /), 'recipient.fullName: required when the recipient is not the applicant']);
  });

  test('When the recipient is the applicant, then no name is needed; anyone else needs one, and an empty one is named once', () => {
    expect(paths({ method: 'desk', recipient: { relationship: 'applicant' } })).toEqual([]);
    expect(paths({ method: 'desk', recipient: { relationship: 'con' } })).toEqual(['recipient.fullName: required when the recipient is not the applicant']);
    expect(paths({ method: 'desk', recipient: { relationship: 'con', fullName: '' } })).toEqual([expect.stringMatching(/^recipient\.fullName: /)]);
  });
});
