import { catalogueInForceOn, CATALOGUE_VERSIONS, findGroup, planSteps, validateCaseRequest } from '../../domain';
import { deathRequest } from '../helpers/requests';

// The law by date: each version with its sources, the local government of its time, and the
// routing and procedures it had. A case received the day before a version and the day it takes
// effect are handled under different rules.

const plan = (date: string, office: string, procedures: string[], subject: Record<string, unknown>) => planSteps(catalogueInForceOn(date), 'death', procedures, office, subject);
const funeralAgency = (date: string, office: string, benefitStatus: string) =>
  plan(date, office, ['death-registration', 'funeral-allowance'], { benefitStatus }).find((s) => s.procedure === 'funeral-allowance')?.agencyCode;

describe('catalogue versions by date', () => {
  test('When versions are listed, then each has an effective date, the structure of local government, and sources with their confidence', () => {
    expect(CATALOGUE_VERSIONS.map((v) => [v.version, v.effectiveFrom, v.localGovernment])).toEqual([
      ['2024-07-01', '2024-07-01', 'three-level'],
      ['2025-07-01', '2025-07-01', 'two-level'],
      ['2026-09-01', '2026-09-01', 'two-level'],
    ]);
    for (const v of CATALOGUE_VERSIONS) {
      expect(v.sources.length).toBeGreaterThan(0);
      for (const s of v.sources) expect(['official', 'secondary', 'unconfirmed']).toContain(s.confidence);
      expect(v.sources.map((s) => s.document).join(' ')).toContain('63/2024');
      for (const u of v.unconfirmed) expect(u.searched.length).toBeGreaterThan(10);
    }
  });

  test.each([
    ['2025-06-30', '2024-07-01', ['011.01.01.H26', '021.01.01.H26']],
    ['2025-07-01', '2025-07-01', ['001.01.01.H26', '002.01.01.H26']],
    ['2026-08-31', '2025-07-01', ['001.01.01.H26', '002.01.01.H26']],
    ['2026-09-01', '2026-09-01', ['001.01.01.H26', '002.01.01.H26']],
  ])('When a dossier is received on %s, then version %s applies with the offices open that day', (date, version, offices) => {
    const c = catalogueInForceOn(date);
    expect(c.version).toBe(version);
    expect(c.offices.map((o) => o.code)).toEqual(offices);
  });

  test('When the deceased was a social-assistance beneficiary, then the district decides the funeral support until 30/06/2025 and the commune from 01/07/2025', () => {
    expect(funeralAgency('2025-06-30', '011.01.01.H26', 'social-assistance')).toBe('SOCIAL-Q-BA-DINH');
    expect(funeralAgency('2025-07-01', '001.01.01.H26', 'social-assistance')).toBe('SOCIAL-BA-DINH');
    expect(catalogueInForceOn('2025-06-30').agencies.find((a) => a.code === 'SOCIAL-Q-BA-DINH')?.level).toBe('district');
    expect(catalogueInForceOn('2025-07-01').agencies.find((a) => a.code === 'SOCIAL-BA-DINH')?.level).toBe('commune');
  });

  test.each([
    ['social-insurance', 'VSS-HA-NOI'],
    ['pensioner', 'VSS-HA-NOI'],
    ['merit', 'MERIT-BA-DINH'],
    ['social-assistance', 'SOCIAL-BA-DINH'],
    ['emergency-assistance', 'SOCIAL-BA-DINH'],
  ])('When the deceased is %s (two-level government), then the funeral benefit goes to %s', (status, agency) => {
    expect(funeralAgency('2026-11-25', '001.01.01.H26', status)).toBe(agency);
  });

  test('When the birth group is read the day before and the day Decree 301/2026 takes effect, then the căn cước card and the new portal codes appear only from 01/09/2026', () => {
    const before = findGroup(catalogueInForceOn('2026-08-31'), 'birth')!;
    const after = findGroup(catalogueInForceOn('2026-09-01'), 'birth')!;
    expect(before.procedures.map((p) => p.code)).not.toContain('identity-card');
    expect(after.procedures.map((p) => p.code)).toContain('identity-card');
    expect([before.portalCode, after.portalCode]).toEqual(['2.002621', '3.000722']);
    expect([findGroup(catalogueInForceOn('2026-08-31'), 'death')!.portalCode, findGroup(catalogueInForceOn('2026-09-01'), 'death')!.portalCode]).toEqual(['2.002622', '2.002913']);
    const steps = planSteps(catalogueInForceOn('2026-09-01'), 'birth', ['birth-registration', 'identity-card'], '001.01.01.H26', {});
    expect(steps.find((s) => s.procedure === 'identity-card')).toMatchObject({ agencyCode: 'POLICE-BA-DINH', role: 'police', dependsOn: ['birth-registration'] });
  });
});

describe('the funeral priority rule at receipt', () => {
  const now = new Date('2026-11-25T03:00:00Z');
  const catalogue = catalogueInForceOn('2026-11-25');
  const request = (benefitStatus: string, otherBenefitStatuses: string[] | undefined, procedures = ['death-registration', 'funeral-allowance']) => {
    const r = deathRequest({ procedures, benefitStatus }) as { deceased: Record<string, unknown> };
    return { ...r, deceased: { ...r.deceased, ...(otherBenefitStatuses ? { otherBenefitStatuses } : {}) } };
  };

  test('When the deceased also had social insurance but social assistance is recorded, then the receipt is refused naming the rule and the status to record', () => {
    const r = validateCaseRequest(request('social-assistance', ['pensioner']), catalogue, now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([{ path: 'deceased.benefitStatus', message: expect.stringMatching(/^FUNERAL_BENEFIT_PRIORITY: only one benefit is paid.*record 'pensioner' here/) }]);
    expect(r.issues[0]!.message).toContain('Decree 20/2021');
  });

  test('When merit and social assistance both apply, then merit pays; when the paying status is recorded, then it is accepted', () => {
    const wrong = validateCaseRequest(request('social-assistance', ['merit']), catalogue, now);
    expect(wrong.ok ? [] : wrong.issues.map((i) => i.message)).toEqual([expect.stringContaining("record 'merit' here")]);
    expect(validateCaseRequest(request('merit', ['social-assistance', 'emergency-assistance']), catalogue, now).ok).toBe(true);
    expect(validateCaseRequest(request('social-insurance', ['merit']), catalogue, now).ok).toBe(true);
  });

  test('When no funeral benefit is asked for, then other statuses do not matter; a status listed twice is refused', () => {
    expect(validateCaseRequest(request('social-assistance', ['pensioner'], ['death-registration', 'residence-deregistration']), catalogue, now).ok).toBe(true);
    const twice = validateCaseRequest(request('merit', ['pensioner', 'pensioner']), catalogue, now);
    expect(twice.ok ? [] : twice.issues.map((i) => i.path)).toEqual(['deceased.otherBenefitStatuses']);
  });
});
