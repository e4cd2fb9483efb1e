import {
  CATALOGUE_VERSIONS,
  catalogueInForceOn,
  DEATH_REGISTRATION,
  deathGroup,
  findAgency,
  findGroup,
  FUNERAL_ALLOWANCE,
  getCatalogue,
  isAllowedCombination,
  RESIDENCE_DEREGISTRATION,
  routeProcedure,
  SURVIVOR_ALLOWANCE,
} from '../../domain/catalogue';
import { PlanningError, planSteps } from '../../domain/plan';

const catalogue = getCatalogue(CATALOGUE_VERSIONS[0]!.version);
const OFFICE = '001.01.01.H29';
const ALL = [DEATH_REGISTRATION, RESIDENCE_DEREGISTRATION, FUNERAL_ALLOWANCE, SURVIVOR_ALLOWANCE];
const plan = (procedures: string[], benefitStatus: string, office = OFFICE) => planSteps(catalogue, 'death', procedures, office, { benefitStatus });
const agencyOf = (steps: ReturnType<typeof plan>, id: string) => steps.find((s) => s.stepId === id)?.agencyCode;

describe('catalogue versions', () => {
  test('When the receipt date is the first version’s effective date or later, then that version is in force', () => {
    expect(catalogueInForceOn('2024-07-01').version).toBe('2024-07-01');
    expect(catalogueInForceOn('2026-11-25').version).toBe(CATALOGUE_VERSIONS[CATALOGUE_VERSIONS.length - 1]!.version);
  });

  test('When the receipt date is before the first version (Decree 63/2024 in force 01/07/2024), then it throws', () => {
    expect(() => catalogueInForceOn('2024-06-30')).toThrow(RangeError);
  });

  test('When versions are listed, then they are oldest first and effective dates never go backwards', () => {
    const dates = CATALOGUE_VERSIONS.map((c) => c.effectiveFrom);
    expect([...dates].sort()).toEqual(dates);
  });

  test('When a version is asked for by name, then unknown names throw', () => {
    expect(getCatalogue('2024-07-01')).toBe(catalogue);
    expect(() => getCatalogue('1999-01-01')).toThrow(/unknown catalogue version/);
  });
});

describe('death group (Decree 63/2024)', () => {
  test('When the allowed combinations are listed, then there are exactly 7, each with death registration and 2–4 procedures', () => {
    const combos = deathGroup.allowedCombinations;
    expect(combos).toHaveLength(7);
    for (const c of combos) {
      expect(c).toContain(DEATH_REGISTRATION);
      expect(c.length).toBeGreaterThanOrEqual(2);
      expect(c.length).toBeLessThanOrEqual(4);
      expect([...c].sort()).toEqual(c);
    }
    expect(new Set(combos.map((c) => c.join(','))).size).toBe(7);
  });

  test('When every subset of the four procedures is tried, then exactly those with death registration and ≥2 items are allowed', () => {
    for (let mask = 1; mask < 16; mask++) {
      const chosen = ALL.filter((_, i) => mask & (1 << i));
      const expected = chosen.includes(DEATH_REGISTRATION) && chosen.length >= 2;
      expect([chosen.join('+'), isAllowedCombination(deathGroup, chosen)]).toEqual([chosen.join('+'), expected]);
    }
  });

  test('When a combination is given in any order, then the order does not matter', () => {
    expect(isAllowedCombination(deathGroup, [SURVIVOR_ALLOWANCE, DEATH_REGISTRATION])).toBe(true);
    expect(isAllowedCombination(deathGroup, [DEATH_REGISTRATION, DEATH_REGISTRATION])).toBe(false);
  });

  test('When a procedure is listed, then it has a non-negative integer time limit with a source', () => {
    for (const p of deathGroup.procedures) {
      expect(Number.isInteger(p.timeLimit.workingDays)).toBe(true);
      expect(p.timeLimit.workingDays).toBeGreaterThanOrEqual(0);
      expect(p.timeLimit.source.trim().length).toBeGreaterThan(5);
      expect(p.source.trim().length).toBeGreaterThan(5);
    }
  });

  test('When death registration is described, then it is same-day, confirmed, essential and forwards the extract number and date', () => {
    const p = deathGroup.procedures.find((x) => x.code === DEATH_REGISTRATION)!;
    expect(p.timeLimit).toMatchObject({ workingDays: 0, confirmed: true });
    expect(p.essential).toBe(true);
    expect(p.dependsOn).toEqual([]);
    expect([...p.forwards].sort()).toEqual(['extractDate', 'extractNumber']);
  });

  test('When a value is marked UNCONFIRMED in its source, then it is not marked confirmed', () => {
    for (const p of deathGroup.procedures) {
      if (/UNCONFIRMED|standalone/i.test(p.timeLimit.source)) expect(p.timeLimit.confirmed).toBe(false);
    }
  });

  test('When the downstream procedures are described, then each depends only on death registration and is not essential', () => {
    for (const code of [RESIDENCE_DEREGISTRATION, FUNERAL_ALLOWANCE, SURVIVOR_ALLOWANCE]) {
      const p = deathGroup.procedures.find((x) => x.code === code)!;
      expect(p.dependsOn).toEqual([DEATH_REGISTRATION]);
      expect(p.essential).toBe(false);
    }
  });

  test('When the benefit status is unknown or not a string, then the funeral allowance has no route', () => {
    const funeral = deathGroup.procedures.find((x) => x.code === FUNERAL_ALLOWANCE)!;
    expect(routeProcedure(funeral, { benefitStatus: 'none' })).toBeUndefined();
    expect(routeProcedure(funeral, { benefitStatus: 42 })).toBeUndefined();
    expect(routeProcedure(funeral, {})).toBeUndefined();
  });

  test('When every office’s agencies are looked up, then each exists in the catalogue with the role it serves', () => {
    for (const office of catalogue.offices) {
      for (const [role, code] of Object.entries(office.agencies)) expect(findAgency(catalogue, code!)?.role).toBe(role);
    }
    expect(findGroup(catalogue, 'death')).toBe(deathGroup);
  });
});

describe('planSteps', () => {
  test.each([
    ['social-insurance', 'VSS-HA-NOI'],
    ['pensioner', 'VSS-HA-NOI'],
    ['social-assistance', 'SOCIAL-HA-NOI'],
    ['merit', 'MERIT-HA-NOI'],
    ['emergency-assistance', 'SOCIAL-HA-NOI'],
  ])('When the deceased is %s, then the funeral allowance goes to %s', (status, agency) => {
    expect(agencyOf(plan([DEATH_REGISTRATION, FUNERAL_ALLOWANCE], status), FUNERAL_ALLOWANCE)).toBe(agency);
  });

  test('When the deceased has no benefit status, then the funeral allowance cannot be planned', () => {
    expect(() => plan([DEATH_REGISTRATION, FUNERAL_ALLOWANCE], 'none')).toThrow(PlanningError);
    expect(() => plan([DEATH_REGISTRATION, FUNERAL_ALLOWANCE], 'none')).toThrow(expect.objectContaining({ field: 'procedures' }));
  });

  test.each(['social-insurance', 'pensioner'])('When the deceased is %s, then the survivor allowance goes to social insurance', (status) => {
    expect(agencyOf(plan([DEATH_REGISTRATION, SURVIVOR_ALLOWANCE], status), SURVIVOR_ALLOWANCE)).toBe('VSS-HA-NOI');
  });

  test.each(['social-assistance', 'merit', 'none'])('When the deceased is %s, then the survivor allowance cannot be planned', (status) => {
    expect(() => plan([DEATH_REGISTRATION, SURVIVOR_ALLOWANCE], status)).toThrow(PlanningError);
  });

  test('When all four are chosen, then steps follow catalogue order with the office’s own civil-status and police agencies', () => {
    const steps = plan([SURVIVOR_ALLOWANCE, FUNERAL_ALLOWANCE, RESIDENCE_DEREGISTRATION, DEATH_REGISTRATION], 'pensioner', '002.01.01.H29');
    expect(steps.map((s) => s.stepId)).toEqual(ALL);
    expect(steps.map((s) => s.agencyCode)).toEqual(['CIVIL-HOAN-KIEM', 'POLICE-HOAN-KIEM', 'VSS-HA-NOI', 'VSS-HA-NOI']);
    expect(steps.map((s) => s.timeLimitWorkingDays)).toEqual([0, 5, 5, 15]);
  });

  test('When steps are planned, then death registration depends on nothing and every other step depends on it', () => {
    const steps = plan(ALL, 'social-insurance');
    expect(steps[0]).toMatchObject({ stepId: DEATH_REGISTRATION, dependsOn: [] });
    for (const s of steps.slice(1)) expect(s.dependsOn).toEqual([DEATH_REGISTRATION]);
  });

  test('When death registration is not bundled, then the others do not depend on a missing step', () => {
    const steps = plan([RESIDENCE_DEREGISTRATION, FUNERAL_ALLOWANCE], 'merit');
    expect(steps.map((s) => s.dependsOn)).toEqual([[], []]);
  });

  test('When the group or office is unknown, then PlanningError names the field', () => {
    expect(() => planSteps(catalogue, 'marriage', ALL, OFFICE, {})).toThrow(expect.objectContaining({ field: 'group' }));
    expect(() => plan(ALL, 'pensioner', '999.01.01.H29')).toThrow(expect.objectContaining({ field: 'receivingOffice' }));
  });
});
