import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { addDays, CASE_WORKFLOW_TYPE, CATALOGUE_VERSIONS, getCatalogue, createLegalCalendar, findOffice, instantAt, localDateOf, planDueDates, planSteps, weekdayOf } from '../../domain';
import { completeStepUpdate, requestSupplementUpdate, submitSupplementUpdate } from '../../workflows/messages';
import { createFakeWorker, FakeActivities, startTimeSkipping } from '../helpers/time-skipping';
import { waitFor } from '../helpers/wait';
import { keepHistory } from '../helpers/histories';

// Weeks of legal time in seconds: the time-skipping test server jumps over every timer.
const catalogue = getCatalogue(CATALOGUE_VERSIONS[CATALOGUE_VERSIONS.length - 1]!.version);
const OFFICE = '001.01.01.H26';
const office = findOffice(catalogue, OFFICE)!;
const DAY = 86_400_000;

describe('the legal clock on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let fakes: FakeActivities;
  let worker: Worker;
  let taskQueue: string;
  let running: Promise<void>;
  let seq = 0;

  beforeAll(async () => {
    env = await startTimeSkipping();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  beforeEach(async () => {
    fakes = new FakeActivities();
    ({ worker, taskQueue } = await createFakeWorker(env, fakes));
    running = worker.run();
  });
  afterEach(async () => {
    worker.shutdown();
    await running;
  });

  /** Moves the server clock to the next Monday 09:00 in Vietnam that starts a week with no statutory days off. */
  async function toQuietMonday(): Promise<Date> {
    const calendar = createLegalCalendar([], OFFICE);
    let day = localDateOf(new Date(await env.currentTimeMs()));
    do day = addDays(day, 1);
    while (weekdayOf(day) !== 1 || ![0, 1, 2, 3, 4, 7, 8, 9, 10, 11].every((d) => calendar.isWorkingDay(addDays(day, d))));
    const at = instantAt(day, '09:00');
    await env.sleep(at.getTime() - (await env.currentTimeMs()));
    return at;
  }

  /** The day it is on the test server's clock: what an agency dates its result (never before the receipt, never after today). */
  const skippedToday = async () => localDateOf(new Date(await env.currentTimeMs()));
  const extract = async () => ({ extractNumber: '7/2026', extractDate: await skippedToday() });

  async function startCase(receivedAt: Date, procedures: string[], group = 'death', clock: { reminderLeadMinutes: number; quietInsideLead?: boolean } = { reminderLeadMinutes: 240 }) {
    const caseCode = `${OFFICE}-${localDateOf(receivedAt).slice(2).replace(/-/g, '')}-${String(++seq).padStart(4, '0')}`;
    const steps = planSteps(catalogue, group, procedures, OFFICE, { benefitStatus: 'none' });
    const { appointmentAt } = planDueDates(steps, receivedAt, office, createLegalCalendar([], OFFICE));
    const handle = await env.client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: caseCode,
      taskQueue,
      args: [{ caseCode, clock, group, catalogueVersion: catalogue.version, receivingOffice: OFFICE, office: { cutoff: office.cutoff, opensAt: office.opensAt, closesAt: office.closesAt }, receivedAt: receivedAt.toISOString(), appointmentAt: appointmentAt.toISOString(), steps }],
    });
    return { handle, caseCode, appointmentAt };
  }

  const eventsOf = (type: string) => fakes.events.filter((e) => e.type === type);
  const dispatched = (stepId: string, resubmission = 0) =>
    waitFor(() => fakes.dispatches.find((d) => d.stepId === stepId && d.resubmission === resubmission), `${stepId} dispatched`);

  test('When the police step runs late, then its agency is reminded, ONE apology sets a new appointment, and step and case are marked overdue', async () => {
    const monday = await toQuietMonday();
    const { handle, appointmentAt } = await startCase(monday, ['death-registration', 'residence-deregistration']);
    await dispatched('death-registration');
    await handle.executeUpdate(completeStepUpdate, { args: [{ stepId: 'death-registration', agencyCode: 'CIVIL-BA-DINH', result: await extract() }] });
    const police = () => fakes.latest!.steps.find((s) => s.stepId === 'residence-deregistration')!;
    await dispatched('residence-deregistration');
    // The connector records the hand-over once the agency acknowledged (here: the fake returned).
    await waitFor(() => fakes.handOvers.find((e) => e.stepId === 'residence-deregistration'), 'the hand-over');
    const policeDue = Date.parse(police().dueAt!);
    expect(policeDue).toBeLessThanOrEqual(appointmentAt.getTime());

    // Just before the reminder point nothing has happened; just after it the agency was reminded.
    await env.sleep(policeDue - 240 * 60_000 - (await env.currentTimeMs()) - 60_000);
    expect(fakes.reminders).toHaveLength(0);
    await env.sleep(2 * 60_000);
    expect(fakes.reminders).toEqual([expect.objectContaining({ stepId: 'residence-deregistration', agencyCode: 'POLICE-BA-DINH' })]);
    expect(eventsOf('REMINDED')).toHaveLength(1);

    // The apology goes out at the opening of the working day before the appointment.
    const apologies = () => eventsOf('APOLOGY_ISSUED');
    await env.sleep(appointmentAt.getTime() - (await env.currentTimeMs()) + 60_000);
    expect(apologies()).toHaveLength(1);
    const apology = apologies()[0]!;
    expect(Date.parse(apology.at)).toBeLessThan(appointmentAt.getTime());
    const newAppointment = Date.parse(apology.details.newAppointmentAt as string);
    expect(newAppointment).toBeGreaterThan(appointmentAt.getTime());
    expect(apology.details.lateSteps).toEqual(['residence-deregistration']);
    expect(fakes.latest!.apologyIssuedAt).toBe(apology.at);
    expect(police().isOverdue).toBe(true);
    expect(eventsOf('OVERDUE').filter((e) => e.stepId === 'residence-deregistration')).toHaveLength(1);
    // Overdue while the step is open past its due date; the case itself is not yet past its new date.
    expect(fakes.latest!.isOverdue).toBe(true);
    expect(eventsOf('OVERDUE').filter((e) => e.stepId === undefined)).toHaveLength(0);

    // Missing the new date marks the case overdue; weeks later there is still only one apology.
    await env.sleep(newAppointment - (await env.currentTimeMs()) + 60_000);
    expect(fakes.latest!.isOverdue).toBe(true);
    expect((await handle.describe()).typedSearchAttributes.get({ name: 'IsOverdue', type: 'BOOL' } as never)).toBe(true);
    await env.sleep(21 * DAY);
    expect(apologies()).toHaveLength(1);
    expect(eventsOf('OVERDUE').filter((e) => e.stepId === undefined)).toHaveLength(1);

    await handle.executeUpdate(completeStepUpdate, { args: [{ stepId: 'residence-deregistration', agencyCode: 'POLICE-BA-DINH', result: { deregisteredOn: await skippedToday() } }] });
    const view = await handle.result();
    expect(view.status).toBe('COMPLETED');
    expect(police().isOverdue).toBe(true);
    await keepHistory(env.client, handle.workflowId, 'case-v5-linked-timers.json');
  });

  test('When a case received at 13:30 hands its same-day step over inside the reminder lead, then that agency gets no reminder (the dispatch carries the due date), only the overdue mark if it misses it', async () => {
    const monday = await toQuietMonday();
    const afternoon = new Date(monday.getTime() + 4.5 * 3_600_000);
    await env.sleep(afternoon.getTime() - (await env.currentTimeMs()));
    const { handle } = await startCase(afternoon, ['death-registration'], 'death', { reminderLeadMinutes: 240, quietInsideLead: true });
    await dispatched('death-registration');
    const step = () => fakes.latest!.steps.find((s) => s.stepId === 'death-registration')!;
    await waitFor(() => step().dueAt, 'the due date in the ledger');
    const due = Date.parse(step().dueAt!);
    expect(due - afternoon.getTime()).toBeLessThan(240 * 60_000);
    await env.sleep(due - (await env.currentTimeMs()) - 60_000);
    expect(fakes.reminders).toHaveLength(0);
    expect(eventsOf('REMINDED')).toHaveLength(0);
    await env.sleep(2 * 60_000);
    await waitFor(() => eventsOf('OVERDUE').find((e) => e.stepId === 'death-registration'), 'the overdue mark');
    expect(fakes.reminders).toHaveLength(0);
    await handle.executeUpdate(completeStepUpdate, { args: [{ stepId: 'death-registration', agencyCode: 'CIVIL-BA-DINH', result: await extract() }] });
    expect((await handle.result()).status).toBe('COMPLETED');
    await keepHistory(env.client, handle.workflowId, 'case-v5-linked-quiet-reminder.json');
  });

  test('When a supplement arrives, then the step clock restarts from zero and the appointment moves; no apology while the applicant owes documents', async () => {
    const monday = await toQuietMonday();
    const { handle, appointmentAt } = await startCase(monday, ['death-registration', 'residence-deregistration']);
    await dispatched('death-registration');
    await handle.executeUpdate(completeStepUpdate, { args: [{ stepId: 'death-registration', agencyCode: 'CIVIL-BA-DINH', result: await extract() }] });
    await dispatched('residence-deregistration');
    await env.sleep(DAY);
    await handle.executeUpdate(requestSupplementUpdate, {
      args: [{ stepId: 'residence-deregistration', agencyCode: 'POLICE-BA-DINH', request: { items: [{ code: 'household-book', description: 'Sổ hộ khẩu' }] } }],
    });
    // Two weeks waiting for the applicant: past the original appointment, yet no apology and no overdue.
    await env.sleep(14 * DAY);
    expect(eventsOf('APOLOGY_ISSUED')).toHaveLength(0);
    expect(eventsOf('OVERDUE')).toHaveLength(0);
    const before = await env.currentTimeMs();
    const step = await handle.executeUpdate(submitSupplementUpdate, {
      args: [{ officeCode: OFFICE, submission: { stepId: 'residence-deregistration', documents: [{ item: 'household-book', reference: 'SCAN-1' }] } }],
    });
    expect(step.status).toBe('DISPATCHED');
    // The 5-working-day limit counts again from the supplement, not from the first dispatch.
    expect(Date.parse(step.dueAt!)).toBeGreaterThan(before + 5 * DAY);
    const moved = eventsOf('APPOINTMENT_MOVED');
    expect(moved).toHaveLength(1);
    expect(Date.parse(fakes.latest!.appointmentAt)).toBeGreaterThan(appointmentAt.getTime());
    await dispatched('residence-deregistration', 1);
    expect(fakes.dispatches.filter((d) => d.stepId === 'residence-deregistration').map((d) => d.resubmission)).toEqual([0, 1]);
    await handle.executeUpdate(completeStepUpdate, { args: [{ stepId: 'residence-deregistration', agencyCode: 'POLICE-BA-DINH', result: { deregisteredOn: await skippedToday() } }] });
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(eventsOf('APOLOGY_ISSUED')).toHaveLength(0);
  });

  test('When a birth registration awaits a supplement for more than 7 working days, then it is refused and nothing downstream runs', async () => {
    const monday = await toQuietMonday();
    const { handle } = await startCase(monday, ['birth-registration', 'health-insurance-card'], 'birth');
    await dispatched('birth-registration');
    await handle.executeUpdate(requestSupplementUpdate, {
      args: [{ stepId: 'birth-registration', agencyCode: 'CIVIL-BA-DINH', request: { items: [{ code: 'birth-certificate-medical', description: 'Giấy chứng sinh' }] } }],
    });
    const view = await handle.result();
    expect(view.status).toBe('REFUSED');
    const refusal = eventsOf('REJECTED')[0]!;
    expect(refusal.details).toEqual({ reasonCode: 'SUPPLEMENT_NOT_RECEIVED' });
    // Seven working days after the request (a quiet fortnight: Monday → Wednesday of the next week).
    expect(Date.parse(refusal.at) - monday.getTime()).toBeGreaterThanOrEqual(9 * DAY);
    expect(Date.parse(refusal.at) - monday.getTime()).toBeLessThan(10 * DAY);
    expect(fakes.dispatches.map((d) => d.stepId)).toEqual(['birth-registration']);
  });
});
