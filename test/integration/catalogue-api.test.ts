import { birthRequest, deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// The law by date through the API: which version applied on a day, the priority rule refused at
// receipt with its name, and the căn cước card of the current birth group carried to completion.

describe('catalogue versions through the API', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'auto', delayMs: 10 });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When the catalogue is asked for the day before and the day two-level government began, then each answer has its version, structure, offices and sources', async () => {
    const key = sys.keys.operator;
    const before = await sys.call('GET', '/v1/catalogue?at=2025-06-30', { key });
    const after = await sys.call('GET', '/v1/catalogue?at=2025-07-01', { key });
    expect([before.status, after.status]).toEqual([200, 200]);
    expect([before.body.version, before.body.localGovernment, after.body.version, after.body.localGovernment]).toEqual(['2024-07-01', 'three-level', '2025-07-01', 'two-level']);
    expect(before.body.offices.map((o: any) => o.code)).toEqual(['011.01.01.H26', '021.01.01.H26']);
    expect(after.body.offices.map((o: any) => o.code)).toEqual(['001.01.01.H26', '002.01.01.H26']);
    expect(before.body.agencies.map((a: any) => a.code)).toContain('SOCIAL-Q-BA-DINH');
    expect(after.body.agencies.map((a: any) => a.code)).not.toContain('SOCIAL-Q-BA-DINH');
    expect(after.body.sources.map((s: any) => s.document)).toEqual(expect.arrayContaining([expect.stringContaining('118/2025')]));
    expect(after.body.unconfirmed.length).toBeGreaterThan(0);
    expect(after.body.versions.map((v: any) => v.version)).toEqual(['2024-07-01', '2025-07-01', '2026-09-01']);
  });

  test('When the date is bad, before the first version, or given with a version, then 422 names the field', async () => {
    const key = sys.keys.operator;
    for (const [query, field] of [
      ['at=2025-02-30', 'at'],
      ['at=2024-06-30', 'at'],
      ['at=2025-07-01&version=2024-07-01', 'at'],
    ] as const) {
      const r = await sys.call('GET', `/v1/catalogue?${query}`, { key });
      expect([query, r.status, r.body.errors?.map((e: any) => e.path)]).toEqual([query, 422, [field]]);
    }
  });

  test('When a desk records social assistance for someone who also had a pension, then the receipt is refused with FUNERAL_BENEFIT_PRIORITY and nothing is stored', async () => {
    const desk = sys.keys.desk[OFFICE]!;
    const request = deathRequest({ procedures: ['death-registration', 'funeral-allowance'], benefitStatus: 'social-assistance' }) as any;
    request.deceased.otherBenefitStatuses = ['pensioner'];
    const r = await sys.call('POST', '/v1/cases', { key: desk, body: request });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: 'deceased.benefitStatus', message: expect.stringMatching(/^FUNERAL_BENEFIT_PRIORITY/) }]);
    request.deceased.benefitStatus = 'pensioner';
    request.deceased.otherBenefitStatuses = ['social-assistance'];
    const ok = await sys.call('POST', '/v1/cases', { key: desk, body: request });
    expect(ok.status).toBe(201);
    expect(ok.body.steps.find((s: any) => s.stepId === 'funeral-allowance').agencyCode).toBe('VSS-HA-NOI');
  });

  test('When a birth case asks for the căn cước card (version 2026-09-01), then the police issue it and the desk sees the card number', async () => {
    const desk = sys.keys.desk[OFFICE]!;
    const { caseCode } = await sys.openCase(birthRequest({ procedures: ['birth-registration', 'identity-card', 'health-insurance-card'] }), desk);
    const done = await sys.waitForCase(caseCode, ['COMPLETED'], desk);
    expect(done.catalogueVersion).toBe('2026-09-01');
    const card = done.steps.find((s: any) => s.stepId === 'identity-card');
    expect(card).toMatchObject({ agencyCode: 'POLICE-BA-DINH', status: 'COMPLETED' });
    expect(card.result.cardNumber).toMatch(/^\d{12}$/);
    const asOperator = await sys.getCase(caseCode, sys.keys.operator);
    expect(asOperator.steps.find((s: any) => s.stepId === 'identity-card').result.cardNumber).toBe('[hidden]');
  });
});
