import { CATALOGUE_VERSIONS, getCatalogue, Catalogue, createLegalCalendar, planSteps } from '../../domain';
import { ClockedCaseMachine } from '../../domain/case/clock';

// A catalogue variant whose death registration has a 7-working-day supplement window, as birth
// registration has in law: the window is generic catalogue data, so this exercises the mechanism.
const base = getCatalogue(CATALOGUE_VERSIONS[CATALOGUE_VERSIONS.length - 1]!.version);
const withWindow: Catalogue = {
  ...base,
  groups: base.groups.map((g) => ({ ...g, procedures: g.procedures.map((p) => (p.code === 'death-registration' ? { ...p, supplementWindowWorkingDays: 7 } : p)) })),
};
const OFFICE = '001.01.01.H29';
const settings = { reminderLeadMinutes: 240 };
const at = (iso: string) => new Date(iso);

// Monday 2 March 2026, 09:00 in Vietnam, by default.
function machine(catalogue: Catalogue = withWindow, receivedAt = '2026-03-02T02:00:00Z') {
  const steps = planSteps(catalogue, 'death', ['death-registration', 'residence-deregistration'], OFFICE, { benefitStatus: 'none' });
  const m = new ClockedCaseMachine(
    { caseCode: `${OFFICE}-260302-0001`, group: 'death', catalogueVersion: base.version, receivingOffice: OFFICE, receivedAt, appointmentAt: '2026-03-10T10:00:00Z', steps },
    catalogue,
  );
  m.calendar = createLegalCalendar([], OFFICE);
  return m;
}

describe('ClockedCaseMachine', () => {
  test('When the supplement window passes with no answer, then the step is refused by the engine and the case is REFUSED', () => {
    const m = machine();
    m.advance(at('2026-03-02T02:00:00Z'));
    m.requestSupplement('death-registration', 'CIVIL-BA-DINH', { items: [{ code: 'death-notice', description: 'Giấy báo tử' }] }, at('2026-03-02T03:00:00Z'));
    const deadline = m.step('death-registration')!.supplementDeadlineAt!;
    // 7 working days after Monday 2/3 is Wednesday 11/3, at closing time (17:00 = 10:00Z).
    expect(deadline).toBe('2026-03-11T10:00:00.000Z');
    expect(m.nextClockAt(settings)).toBe(Date.parse(deadline));
    m.onClock(at('2026-03-11T09:59:00Z'), settings);
    expect(m.step('death-registration')!.status).toBe('AWAITING_SUPPLEMENT');
    m.onClock(at(deadline), settings);
    expect(m.step('death-registration')!.rejection).toMatchObject({ reasonCode: 'SUPPLEMENT_NOT_RECEIVED' });
    m.advance(at(deadline));
    expect(m.status).toBe('REFUSED');
  });

  test('When a procedure has no supplement window, then awaiting the applicant sets no timer', () => {
    const m = machine(base);
    m.advance(at('2026-03-02T02:00:00Z'));
    m.requestSupplement('death-registration', 'CIVIL-BA-DINH', { items: [{ code: 'death-notice', description: 'Giấy báo tử' }] }, at('2026-03-02T03:00:00Z'));
    expect(m.step('death-registration')!.supplementDeadlineAt).toBeUndefined();
    expect(m.nextClockAt(settings)).toBeUndefined();
  });

  test('When the apology point passes twice, then exactly one apology is issued and the appointment only moves later', () => {
    const m = machine();
    m.advance(at('2026-03-02T02:00:00Z'));
    m.complete('death-registration', 'CIVIL-BA-DINH', { extractNumber: '1/2026', extractDate: '2026-03-02' }, at('2026-03-02T03:00:00Z'));
    m.advance(at('2026-03-02T03:00:00Z'));
    m.snapshot();
    // The appointment is Tuesday 10/3 17:00; the apology is due at 08:00 on Monday 9/3.
    m.onClock(at('2026-03-09T00:59:00Z'), settings);
    expect(m.apologyIssuedAt).toBeUndefined();
    m.onClock(at('2026-03-09T01:00:00Z'), settings);
    expect(m.apologyIssuedAt).toBe('2026-03-09T01:00:00.000Z');
    const newAppointment = Date.parse(m.appointmentAt);
    expect(newAppointment).toBeGreaterThan(Date.parse('2026-03-10T10:00:00Z'));
    m.onClock(at(m.appointmentAt), settings);
    m.onClock(new Date(newAppointment + 7 * 86_400_000), settings);
    const events = m.snapshot().events;
    expect(events.filter((e) => e.type === 'APOLOGY_ISSUED')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'OVERDUE' && !e.stepId)).toHaveLength(1);
    expect(m.caseOverdue).toBe(true);
    expect(Date.parse(m.appointmentAt)).toBe(newAppointment);
  });

  test('When a step is completed after its due date with no timer having fired, then it is still marked overdue', () => {
    const m = machine();
    m.advance(at('2026-03-02T02:00:00Z'));
    m.complete('death-registration', 'CIVIL-BA-DINH', { extractNumber: '1/2026', extractDate: '2026-03-03' }, at('2026-03-03T03:00:00Z'));
    expect(m.step('death-registration')!.isOverdue).toBe(true);
  });

  describe('reminders', () => {
    const quiet = { reminderLeadMinutes: 240, quietInsideLead: true };
    // Death registration is due the same day at 17:00 (10:00Z) when received before the 15:00 cut-off.
    const SAME_DAY_DUE = '2026-03-02T10:00:00.000Z';

    test('When a step is handed over inside its reminder lead (13:30, due 17:00), then its agency gets no reminder: the dispatch carries the due date', () => {
      const m = machine(base, '2026-03-02T06:30:00Z');
      m.advance(at('2026-03-02T06:30:00Z'));
      expect(m.step('death-registration')!.dueAt).toBe(SAME_DAY_DUE);
      // The next instant on its clock is the due date itself, not a reminder in the past.
      expect(m.nextClockAt(quiet)).toBe(Date.parse(SAME_DAY_DUE));
      expect(m.onClock(at('2026-03-02T06:30:01Z'), quiet)).toEqual([]);
      expect(m.onClock(at('2026-03-02T09:59:00Z'), quiet)).toEqual([]);
      expect(m.step('death-registration')!.remindedAt).toBeUndefined();
      m.onClock(at(SAME_DAY_DUE), quiet);
      expect(m.step('death-registration')!.isOverdue).toBe(true);
    });

    test('When a case started before that rule (no quietInsideLead) has such a step, then it is reminded at once as it was, so running cases replay unchanged', () => {
      const m = machine(base, '2026-03-02T06:30:00Z');
      m.advance(at('2026-03-02T06:30:00Z'));
      expect(m.nextClockAt(settings)).toBe(Date.parse(SAME_DAY_DUE) - 240 * 60_000);
      expect(m.onClock(at('2026-03-02T06:30:01Z'), settings).map((s) => s.stepId)).toEqual(['death-registration']);
    });

    test('When a step is handed over before its reminder lead (09:00, due 17:00), then its agency is reminded 240 minutes before it is due, quiet rule or not', () => {
      const m = machine(base);
      m.advance(at('2026-03-02T02:00:00Z'));
      expect(m.step('death-registration')!.dueAt).toBe(SAME_DAY_DUE);
      expect(m.nextClockAt(quiet)).toBe(Date.parse('2026-03-02T06:00:00Z'));
      expect(m.onClock(at('2026-03-02T05:59:00Z'), quiet)).toEqual([]);
      expect(m.onClock(at('2026-03-02T06:00:00Z'), quiet).map((s) => s.stepId)).toEqual(['death-registration']);
      expect(m.onClock(at('2026-03-02T06:01:00Z'), quiet)).toEqual([]);
    });
  });
});
