import { CATALOGUE_VERSIONS, getCatalogue, findGroup, planSteps, subjectIdentity, validateCaseRequest } from '../../domain';
import { birthRequest, OFFICE } from '../helpers/requests';

const catalogue = getCatalogue(CATALOGUE_VERSIONS[0]!.version);
const now = new Date('2026-11-25T03:00:00Z');

describe('the linked birth group, as catalogue data only', () => {
  test('When a birth request is complete, then it passes and plans three steps after birth registration', () => {
    const checked = validateCaseRequest(birthRequest(), catalogue, now);
    expect(checked.ok).toBe(true);
    const steps = planSteps(catalogue, 'birth', birthRequest().procedures, OFFICE, birthRequest().child);
    expect(steps.map((s) => [s.stepId, s.agencyCode, s.dependsOn])).toEqual([
      ['birth-registration', 'CIVIL-BA-DINH', []],
      ['residence-registration', 'POLICE-BA-DINH', ['birth-registration']],
      ['health-insurance-card', 'VSS-HA-NOI', ['birth-registration']],
    ]);
    expect(findGroup(catalogue, 'birth')!.procedures[0]!.supplementWindowWorkingDays).toBe(7);
  });

  test('When the child is 6 or older, born in the future, or the parents’ IDs do not fit their sex, then each is named', () => {
    const old = birthRequest({ dateOfBirth: '2020-11-25' });
    const bad = validateCaseRequest(old, catalogue, now);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.map((i) => i.path)).toEqual(['child.dateOfBirth']);
    const future = birthRequest({ dateOfBirth: '2026-12-01' });
    (future.child as any).father = { fullName: 'Trần Văn Đông', personalId: '001195123456' };
    future.child.mother.personalId = '001094123456';
    const r = validateCaseRequest(future, catalogue, now);
    expect(!r.ok && r.issues.map((i) => i.path).sort()).toEqual(['child.dateOfBirth', 'child.father.personalId', 'child.mother.personalId']);
  });

  test('When a parent’s ID has an unknown place code (003), then that parent’s ID is named', () => {
    const req = birthRequest();
    (req.child as any).father = { fullName: 'Trần Văn Đông', personalId: '003090123456' };
    req.child.mother.personalId = `003${req.child.mother.personalId.slice(3)}`;
    const r = validateCaseRequest(req, catalogue, now);
    expect(!r.ok && r.issues.map((i) => i.path).sort()).toEqual(['child.father.personalId', 'child.mother.personalId']);
  });

  test('When a birth request carries a deceased, or a death request a child, then the stray subject is refused', () => {
    const r = validateCaseRequest({ ...birthRequest(), deceased: {} }, catalogue, now);
    expect(!r.ok && r.issues.map((i) => i.path)).toContain('deceased');
  });

  test('When two requests name the same mother, birth date and child name, then they identify the same child', () => {
    const group = findGroup(catalogue, 'birth')!;
    const a = birthRequest().child;
    expect(subjectIdentity(group, a)).toBe(`${a.mother.personalId}|${a.dateOfBirth}|trần minh đức`);
  });

  // The one-open-case rule must not be fooled by how a name was typed.
  test.each([
    ['NFD form', 'Trần Minh Đức'.normalize('NFD')],
    ['a double space', 'Trần  Minh Đức'],
    ['upper case', 'TRẦN MINH ĐỨC'],
    ['a no-break space', 'Trần\u00a0Minh Đức'],
    ['a zero-width space', 'Trần Mi\u200bnh Đức'],
    ['spaces around it', '  Trần Minh Đức '],
  ])('When the child\'s name is written with %s, then it is the same child', (_label, fullName) => {
    const group = findGroup(catalogue, 'birth')!;
    const a = birthRequest().child;
    expect(subjectIdentity(group, { ...a, fullName })).toBe(subjectIdentity(group, a));
  });

  test('When another child of the same mother and birth date has another name, then it is another child', () => {
    const group = findGroup(catalogue, 'birth')!;
    const a = birthRequest().child;
    expect(subjectIdentity(group, { ...a, fullName: 'Trần Minh Anh' })).not.toBe(subjectIdentity(group, a));
  });
});
