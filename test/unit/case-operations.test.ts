import { ActionRefused, CATALOGUE_VERSIONS, getCatalogue, createLegalCalendar, planSteps } from '../../domain';
import { OperatedCaseMachine } from '../../domain/case/operations';

const catalogue = getCatalogue(CATALOGUE_VERSIONS[CATALOGUE_VERSIONS.length - 1]!.version);
const OFFICE = '001.01.01.H29';
const settings = { reminderLeadMinutes: 240 };
/** The role the API resolves from the province data and sends with a reassignment. */
const roleOf = (code: string) => catalogue.agencies.find((a) => a.code === code)?.role;
const at = (iso: string) => new Date(iso);
const MINUTE = 60_000;
const EXTRACT = { extractNumber: '12/2026', extractDate: '2026-03-02', registerBook: 'KT-01' };

function machine(
  operations: { dispatchAttempts: number; answerPollAfterMs: number; pollsJudgeDates?: boolean; pollsJudgeReceipt?: boolean; pollsJudgeText?: boolean } | null = { dispatchAttempts: 5, answerPollAfterMs: 30 * MINUTE, pollsJudgeDates: true, pollsJudgeReceipt: true },
) {
  const steps = planSteps(catalogue, 'death', ['death-registration', 'residence-deregistration'], OFFICE, { benefitStatus: 'none' });
  const m = new OperatedCaseMachine({
    caseCode: `${OFFICE}-260302-0001`,
    group: 'death',
    catalogueVersion: catalogue.version,
    receivingOffice: OFFICE,
    receivedAt: '2026-03-02T02:00:00Z',
    appointmentAt: '2026-03-10T10:00:00Z',
    steps,
    ...(operations ? { operations } : {}),
  });
  m.calendar = createLegalCalendar([], OFFICE);
  m.acknowledgedDispatch = true;
  m.advance(at('2026-03-02T02:00:00Z'));
  return m;
}

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return err instanceof ActionRefused ? { code: err.code, issues: err.issues } : err;
  }
  return undefined;
};

describe('OperatedCaseMachine: incidents', () => {
  test('When a dispatch fails for good, then the step NEEDS_ATTENTION with the reason, the case stays open, and the ledger and timeline say so', () => {
    const m = machine();
    const step = m.needsAttention('death-registration', 0, { reason: 'AGENCY_REFUSED', httpStatus: 400, attempts: 1 }, at('2026-03-02T02:01:00Z'));
    expect(step?.status).toBe('NEEDS_ATTENTION');
    expect(m.status).toBe('IN_PROGRESS');
    expect(m.pendingAgencies).toEqual([]);
    const snap = m.snapshot();
    expect(snap.steps.find((s) => s.stepId === 'death-registration')).toMatchObject({ status: 'NEEDS_ATTENTION', attention: { reason: 'AGENCY_REFUSED', httpStatus: 400, attempts: 1, at: '2026-03-02T02:01:00.000Z' } });
    expect(snap.events.map((e) => [e.type, e.to])).toEqual([['NEEDS_ATTENTION', 'operators']]);
    // A late failure of an older dispatch (or of one already acknowledged) changes nothing.
    expect(m.needsAttention('death-registration', 0, { reason: 'AGENCY_REFUSED' }, at('2026-03-02T02:02:00Z'))).toBeUndefined();
  });

  test('When an operator retries, then the step is dispatched again to the same agency with its due date kept, and the timeline names the operator', () => {
    const m = machine();
    const due = m.step('death-registration')!.dueAt;
    expect(refusal(() => m.validateRetry('death-registration'))).toMatchObject({ code: 'WRONG_STATE' });
    m.needsAttention('death-registration', 0, { reason: 'RETRIES_EXHAUSTED', attempts: 5 }, at('2026-03-02T03:00:00Z'));
    m.snapshot();
    m.retry('death-registration', 'key-1', at('2026-03-02T04:00:00Z'));
    const s = m.step('death-registration')!;
    expect({ status: s.status, agency: s.agencyCode, due: s.dueAt, pending: s.deliveryPending, attention: s.attention }).toEqual({ status: 'DISPATCHED', agency: 'CIVIL-BA-DINH', due, pending: true, attention: undefined });
    const snap = m.snapshot();
    expect(snap.events.map((e) => [e.type, e.actor])).toEqual([['DISPATCH_RETRIED', 'operator:key-1']]);
    // Sent again, not yet acknowledged: the ledger shows SENDING.
    expect(snap.steps.find((x) => x.stepId === 'death-registration')!.status).toBe('SENDING');
  });

  test('When an operator reassigns, then only another agency of the same role is accepted, and the step goes to it with its due date kept', () => {
    const m = machine();
    m.needsAttention('death-registration', 0, { reason: 'AGENCY_NOT_CONFIGURED' }, at('2026-03-02T03:00:00Z'));
    expect(refusal(() => m.validateReassign('death-registration', 'POLICE-BA-DINH', roleOf('POLICE-BA-DINH')))).toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: 'agencyCode', message: 'must be an agency of role civil-status' }] });
    expect(refusal(() => m.validateReassign('death-registration', 'CIVIL-BA-DINH', roleOf('CIVIL-BA-DINH')))).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(refusal(() => m.validateReassign('death-registration', 'NO-SUCH-AGENCY', roleOf('NO-SUCH-AGENCY')))).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(refusal(() => m.validateReassign('no-such-step', 'CIVIL-HOAN-KIEM', roleOf('CIVIL-HOAN-KIEM')))).toMatchObject({ code: 'UNKNOWN_STEP' });
    const due = m.step('death-registration')!.dueAt;
    const { step, releasedBy } = m.reassign('death-registration', 'CIVIL-HOAN-KIEM', 'key-2', at('2026-03-02T04:00:00Z'), roleOf('CIVIL-HOAN-KIEM'));
    expect({ agency: step.agencyCode, status: step.status, due: step.dueAt, releasedBy }).toEqual({ agency: 'CIVIL-HOAN-KIEM', status: 'DISPATCHED', due, releasedBy: undefined });
    expect(m.snapshot().events.filter((e) => e.type === 'REASSIGNED').map((e) => e.details)).toEqual([{ from: 'CIVIL-BA-DINH', to: 'CIVIL-HOAN-KIEM' }]);
    // The new agency answers; for the old one the case is no longer there (need to know: 404).
    m.delivered('death-registration', 0, at('2026-03-02T04:00:01Z'));
    expect(refusal(() => m.validateAgencyAction('complete', 'death-registration', 'CIVIL-BA-DINH', EXTRACT))).toMatchObject({ code: 'CASE_NOT_FOUND' });
    m.complete('death-registration', 'CIVIL-HOAN-KIEM', EXTRACT, at('2026-03-02T05:00:00Z'));
    expect(m.step('death-registration')!.status).toBe('COMPLETED');
  });

  test('When a step still with its agency is reassigned, then the agency that had it is named for release', () => {
    const m = machine();
    m.delivered('death-registration', 0, at('2026-03-02T02:00:05Z'));
    expect(m.reassign('death-registration', 'CIVIL-HOAN-KIEM', 'key-3', at('2026-03-02T06:00:00Z'), roleOf('CIVIL-HOAN-KIEM')).releasedBy).toBe('CIVIL-BA-DINH');
  });

  test('When a step needs attention past its due date, then it is marked overdue, and the case clock keeps running', () => {
    const m = machine();
    m.needsAttention('death-registration', 0, { reason: 'AGENCY_REFUSED' }, at('2026-03-02T02:01:00Z'));
    expect(m.caseClockRunning).toBe(true);
    const due = Date.parse(m.step('death-registration')!.dueAt!);
    expect(m.nextClockAt(settings)).toBeLessThanOrEqual(due);
    m.onClock(new Date(due), settings);
    expect(m.step('death-registration')!.isOverdue).toBe(true);
    expect(m.snapshot().events.filter((e) => e.type === 'OVERDUE').map((e) => e.stepId)).toEqual(['death-registration']);
  });
});

describe('OperatedCaseMachine: answers asked for', () => {
  test('When an acknowledged step waits past the poll time, then its agency is asked, and asked again less and less often while it has no answer', () => {
    const m = machine();
    m.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    const first = Date.parse('2026-03-02T02:30:00Z');
    expect(m.step('death-registration')!.pollAt).toBe(new Date(first).toISOString());
    expect(m.nextClockAt(settings)).toBe(first);
    expect(m.agendaAt(first, settings)).toBe('Ask CIVIL-BA-DINH for its answer on death-registration');
    expect(m.duePolls(new Date(first - 1))).toEqual([]);
    expect(m.duePolls(new Date(first)).map((s) => s.stepId)).toEqual(['death-registration']);
    m.polled('death-registration', 0, { state: 'recorded' }, new Date(first));
    // 30 min, then 60 min later.
    expect(m.step('death-registration')!.pollAt).toBe(new Date(first + 60 * MINUTE).toISOString());
  });

  test('When the agency says it answered, then the answer is applied as if it had been sent, and the next steps go out', () => {
    const m = machine();
    m.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    m.duePolls(at('2026-03-02T02:30:00Z'));
    expect(m.polled('death-registration', 0, { state: 'answered', answer: { action: 'complete', body: { result: EXTRACT } } }, at('2026-03-02T02:30:00Z'))).toEqual({ redeliver: false });
    expect(m.step('death-registration')!.status).toBe('COMPLETED');
    expect(m.advance(at('2026-03-02T02:30:01Z')).map((s) => s.stepId)).toEqual(['residence-deregistration']);
  });

  test('When the answer fetched breaks the contract, then the step needs attention; when the agency does not know the dispatch, it is delivered again', () => {
    const bad = machine();
    bad.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    bad.polled('death-registration', 0, { state: 'answered', answer: { action: 'complete', body: { result: { extractNumber: '' } } } }, at('2026-03-02T02:30:00Z'));
    expect(bad.step('death-registration')).toMatchObject({ status: 'NEEDS_ATTENTION', attention: { reason: 'ANSWER_INVALID' } });

    const lost = machine();
    lost.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    expect(lost.polled('death-registration', 0, undefined, at('2026-03-02T02:30:00Z'))).toEqual({ redeliver: true });
  });

  test.each([
    ['ahead of today, then the step needs attention as a sent one is refused', '2026-09-01', { dispatchAttempts: 5, answerPollAfterMs: 30 * MINUTE }],
    ['before the case was received, then the step needs attention', '2026-03-01', { dispatchAttempts: 5, answerPollAfterMs: 30 * MINUTE, pollsJudgeDates: true }],
  ])('When a polled answer is dated %s; a case started before that rule applies it as it did', (_rule, extractDate, before) => {
    const answer = { state: 'answered', answer: { action: 'complete', body: { result: { ...EXTRACT, extractDate } } } } as const;
    const m = machine();
    m.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    m.polled('death-registration', 0, answer, at('2026-03-02T02:30:00Z'));
    expect(m.step('death-registration')).toMatchObject({ status: 'NEEDS_ATTENTION', attention: { reason: 'ANSWER_INVALID' } });

    const old = machine(before);
    old.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    old.polled('death-registration', 0, answer, at('2026-03-02T02:30:00Z'));
    expect(old.step('death-registration')!.status).toBe('COMPLETED');
  });

  test('When a polled answer carries a noncharacter of a supplementary plane, then the step needs attention as a sent one is refused at the door; a case started before that rule applies it as it did', () => {
    const answer = { state: 'answered', answer: { action: 'complete', body: { result: { ...EXTRACT, extractNumber: 'TL-1\u{1FFFF}' } } } } as const;
    const m = machine({ dispatchAttempts: 5, answerPollAfterMs: 30 * MINUTE, pollsJudgeDates: true, pollsJudgeReceipt: true, pollsJudgeText: true });
    m.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    m.polled('death-registration', 0, answer, at('2026-03-02T02:30:00Z'));
    expect(m.step('death-registration')).toMatchObject({ status: 'NEEDS_ATTENTION', attention: { reason: 'ANSWER_INVALID' } });
    // A refusal or a supplement request is judged the same way.
    const refusal = machine({ dispatchAttempts: 5, answerPollAfterMs: 30 * MINUTE, pollsJudgeText: true });
    refusal.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    refusal.polled('death-registration', 0, { state: 'answered', answer: { action: 'reject', body: { reasonCode: 'OTHER', reason: 'Thiếu giấy tờ \u{10FFFF}' } } }, at('2026-03-02T02:30:00Z'));
    expect(refusal.step('death-registration')).toMatchObject({ status: 'NEEDS_ATTENTION', attention: { reason: 'ANSWER_INVALID' } });

    const old = machine();
    old.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    old.polled('death-registration', 0, answer, at('2026-03-02T02:30:00Z'));
    expect(old.step('death-registration')!.status).toBe('COMPLETED');
  });

  test('When an agency is polled instead of calling back, then it is asked at its own pace', () => {
    const m = machine();
    m.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'), { mode: 'poll', pollEveryMs: MINUTE });
    expect(m.step('death-registration')!.pollAt).toBe('2026-03-02T02:01:00.000Z');
    m.polled('death-registration', 0, { state: 'recorded' }, at('2026-03-02T02:01:00Z'));
    expect(m.step('death-registration')!.pollAt).toBe('2026-03-02T02:02:00.000Z');
  });

  test('When a case has no operations settings (a released workflow), then nothing is ever polled', () => {
    const m = machine(null);
    m.delivered('death-registration', 0, at('2026-03-02T02:00:00Z'));
    expect(m.step('death-registration')!.pollAt).toBeUndefined();
  });
});

describe('OperatedCaseMachine: the whole case for the ledger', () => {
  test('When the complete snapshot is taken, then it holds every event so far in order (hand-overs included) and changes nothing', () => {
    const m = machine();
    m.delivered('death-registration', 0, at('2026-03-02T02:00:05Z'));
    m.snapshot();
    m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, at('2026-03-02T03:00:00Z'));
    const before = m.nextRevision;
    const whole = m.completeSnapshot();
    expect(whole.complete).toBe(true);
    expect(whole.events.map((e) => e.type)).toEqual(['DISPATCHED', 'COMPLETED']);
    expect(whole.events.map((e) => e.seq)).toEqual([...whole.events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(m.nextRevision).toBe(before);
    // The pending events are still to be written by the next ordinary snapshot.
    expect(m.snapshot().events.map((e) => e.type)).toEqual(['COMPLETED']);
  });
});
