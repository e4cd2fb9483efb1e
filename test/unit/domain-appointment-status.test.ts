import { planDueDates } from '../../domain/appointment';
import { basicCalendar } from '../../domain/calendar/working-calendar';
import { CATALOGUE_VERSIONS, getCatalogue } from '../../domain/catalogue';
import { StepPlan, planSteps } from '../../domain/plan';
import {
  AGENCY_ACTIONS_BY_STATUS,
  canStepMove,
  caseOutcome,
  FINAL_STEP_STATUSES,
  isOpenCase,
  openCaseStatus,
  STEP_STATUSES,
  STEP_TRANSITIONS,
  StepStatus,
} from '../../domain/status';

const hours = { cutoff: '15:00', closesAt: '17:00' };
const catalogue = getCatalogue(CATALOGUE_VERSIONS[0]!.version);
const ALL = ['death-registration', 'residence-deregistration', 'funeral-allowance', 'survivor-allowance'];
const steps = planSteps(catalogue, 'death', ALL, '001.01.01.H29', { benefitStatus: 'pensioner' });
const iso = (d: Record<string, Date>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.toISOString()]));

describe('planDueDates', () => {
  test('When received Monday 10:00, then death registration is due that day and the others count from the next working day', () => {
    const { stepDueAt } = planDueDates(steps, new Date('2026-03-02T10:00:00+07:00'), hours, basicCalendar);
    expect(iso(stepDueAt)).toEqual({
      // Same working day, 17:00 local.
      'death-registration': '2026-03-02T10:00:00.000Z',
      // Start at death registration's due (17:00, after the cut-off) → counted from Tue 3/3.
      'residence-deregistration': '2026-03-10T10:00:00.000Z',
      'funeral-allowance': '2026-03-10T10:00:00.000Z',
      'survivor-allowance': '2026-03-24T10:00:00.000Z',
    });
  });

  test('When steps are planned, then no downstream step is due before death registration', () => {
    const { stepDueAt } = planDueDates(steps, new Date('2026-04-29T09:00:00+07:00'), hours, basicCalendar);
    const death = stepDueAt['death-registration']!.getTime();
    for (const id of ALL.slice(1)) expect(stepDueAt[id]!.getTime()).toBeGreaterThan(death);
  });

  test('When the appointment is set, then it is the latest step due date', () => {
    const { stepDueAt, appointmentAt } = planDueDates(steps, new Date('2026-03-02T10:00:00+07:00'), hours, basicCalendar);
    expect(appointmentAt.getTime()).toBe(Math.max(...Object.values(stepDueAt).map((d) => d.getTime())));
    expect(appointmentAt.toISOString()).toBe(stepDueAt['survivor-allowance']!.toISOString());
  });

  test('When only residence deregistration is bundled, then the appointment is its due date across 30/4–1/5', () => {
    const two = steps.filter((s) => s.stepId === 'death-registration' || s.stepId === 'residence-deregistration');
    const { appointmentAt } = planDueDates(two, new Date('2026-04-28T09:00:00+07:00'), hours, basicCalendar);
    // Death due Tue 28/4 17:00 → counted from Wed 29/4; +5: 4/5, 5/5, 6/5, 7/5, 8/5.
    expect(appointmentAt.toISOString()).toBe('2026-05-08T10:00:00.000Z');
  });

  test('When steps are listed downstream first, then the plan still follows the dependencies', () => {
    const reversed = [...steps].reverse();
    expect(iso(planDueDates(reversed, new Date('2026-03-02T10:00:00+07:00'), hours, basicCalendar).stepDueAt)).toEqual(
      iso(planDueDates(steps, new Date('2026-03-02T10:00:00+07:00'), hours, basicCalendar).stepDueAt),
    );
  });

  test('When a step depends on a step that is not planned, then it throws', () => {
    const orphan: StepPlan[] = [{ stepId: 'a', procedure: 'a', agencyCode: 'X', dependsOn: ['missing'], timeLimitWorkingDays: 1 }];
    expect(() => planDueDates(orphan, new Date(), hours, basicCalendar)).toThrow(/cycle or name a missing step/);
  });
});

describe('caseOutcome', () => {
  test('When the essential step is refused, then the case is REFUSED', () => {
    expect(caseOutcome([{ status: 'REJECTED', essential: true }, { status: 'SKIPPED', essential: false }])).toBe('REFUSED');
  });

  test('When a non-essential step is refused and the rest completed, then the case is PARTIALLY_COMPLETED', () => {
    expect(caseOutcome([{ status: 'COMPLETED', essential: true }, { status: 'REJECTED', essential: false }, { status: 'COMPLETED', essential: false }])).toBe(
      'PARTIALLY_COMPLETED',
    );
  });

  test('When every step is completed, then the case is COMPLETED', () => {
    expect(caseOutcome([{ status: 'COMPLETED', essential: true }, { status: 'COMPLETED', essential: false }])).toBe('COMPLETED');
  });
});

describe('step transitions', () => {
  test.each(FINAL_STEP_STATUSES)('When a step is %s, then it can move nowhere', (from) => {
    expect(STEP_TRANSITIONS[from]).toEqual([]);
    for (const to of STEP_STATUSES) expect(canStepMove(from, to)).toBe(false);
    expect(AGENCY_ACTIONS_BY_STATUS[from]).toEqual([]);
  });

  test('When a step is pending, then it can only be dispatched, skipped or cancelled', () => {
    expect(canStepMove('PENDING', 'DISPATCHED')).toBe(true);
    expect(canStepMove('PENDING', 'COMPLETED')).toBe(false);
    expect(canStepMove('PENDING', 'REJECTED')).toBe(false);
  });

  test('When a step awaits a supplement, then it can be re-dispatched but not completed directly, and agencies cannot act on it', () => {
    expect(canStepMove('AWAITING_SUPPLEMENT', 'DISPATCHED')).toBe(true);
    expect(canStepMove('AWAITING_SUPPLEMENT', 'COMPLETED')).toBe(false);
    expect(AGENCY_ACTIONS_BY_STATUS.AWAITING_SUPPLEMENT).toEqual([]);
    expect(AGENCY_ACTIONS_BY_STATUS.DISPATCHED).toEqual(['complete', 'reject', 'request-supplement']);
  });

  test('When a step moves to itself, then that is not a legal transition', () => {
    for (const s of STEP_STATUSES) expect(canStepMove(s, s)).toBe(false);
  });
});

describe('openCaseStatus', () => {
  const of = (...statuses: StepStatus[]) => openCaseStatus(statuses.map((status) => ({ status })));

  test('When every step is pending, then the case is RECEIVED', () => {
    expect(of('PENDING', 'PENDING')).toBe('RECEIVED');
  });

  test('When a step was dispatched or finished, then the case is IN_PROGRESS', () => {
    expect(of('DISPATCHED', 'PENDING')).toBe('IN_PROGRESS');
    expect(of('COMPLETED', 'PENDING')).toBe('IN_PROGRESS');
  });

  test('When any step awaits a supplement, then the case is AWAITING_SUPPLEMENT even if others run', () => {
    expect(of('COMPLETED', 'DISPATCHED', 'AWAITING_SUPPLEMENT')).toBe('AWAITING_SUPPLEMENT');
  });

  test('When the case statuses are classified, then only the three open ones are open', () => {
    expect(['RECEIVED', 'IN_PROGRESS', 'AWAITING_SUPPLEMENT'].every((s) => isOpenCase(s as never))).toBe(true);
    expect(['COMPLETED', 'PARTIALLY_COMPLETED', 'REFUSED', 'WITHDRAWN'].some((s) => isOpenCase(s as never))).toBe(false);
  });
});
