import { ActionRefused, addDays, getCatalogue, localDateOf, LedgerEvent, planSteps, RefusalCode } from '../../domain';
import { CaseMachine } from '../../domain/case/machine';

const CODE = '001.01.01.H29-261125-0001';
const OFFICE = '001.01.01.H29';
const ALL = ['death-registration', 'residence-deregistration', 'funeral-allowance', 'survivor-allowance'];
const DOWNSTREAM = ALL.slice(1);
const EXTRACT = { extractNumber: '15/2026', extractDate: '2026-11-25', registerBook: 'Sổ khai tử 01' };
const BENEFIT = { decisionNumber: 'QĐ-7', decisionDate: '2026-11-30', amountVnd: 23_400_000 };
/** Vietnam local time. */
const vn = (date: string, clock: string) => new Date(`${date}T${clock}:00+07:00`);
const T0 = vn('2026-11-25', '09:00'); // Wednesday

function newMachine(procedures = ALL, benefitStatus = 'pensioner') {
  return new CaseMachine({
    caseCode: CODE,
    group: 'death',
    catalogueVersion: '2024-07-01',
    receivingOffice: OFFICE,
    receivedAt: T0.toISOString(),
    appointmentAt: vn('2026-12-11', '17:00').toISOString(),
    // The survivor allowance as planned before its limit was corrected (12 → 15): this appointment was set for 12.
    steps: planSteps(getCatalogue('2024-07-01'), 'death', procedures, OFFICE, { benefitStatus }).map((s) => (s.procedure === 'survivor-allowance' ? { ...s, timeLimitWorkingDays: 12 } : s)),
  });
}
/** Death registration completed at 10:00, downstream dispatched. */
function running() {
  const m = newMachine();
  m.advance(T0);
  m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, vn('2026-11-25', '10:00'));
  m.advance(vn('2026-11-25', '10:00'));
  return m;
}
const refusal = (fn: () => unknown): { code: RefusalCode; issues: { path: string }[] } => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ActionRefused) return { code: e.code, issues: e.issues };
    throw e;
  }
  throw new Error('expected an ActionRefused');
};
const statuses = (m: CaseMachine) => Object.fromEntries(m.steps.map((s) => [s.stepId, s.status]));
const supplementFor = (m: CaseMachine) =>
  m.requestSupplement('residence-deregistration', 'POLICE-BA-DINH', { items: [{ code: 'residence-book', description: 'Sổ hộ khẩu cũ' }, { code: 'death-notice', description: 'Giấy báo tử' }] }, vn('2026-11-27', '09:00'));
const submission = (items: string[]) => ({ stepId: 'residence-deregistration', documents: items.map((item) => ({ item, reference: `doc-${item}` })) });

describe('CaseMachine: dispatch order', () => {
  test('When the case is advanced at receipt, then only death registration is dispatched, due the same day 17:00', () => {
    const m = newMachine();
    expect(m.status).toBe('RECEIVED');
    const dispatched = m.advance(T0);
    expect(dispatched.map((s) => s.stepId)).toEqual(['death-registration']);
    expect(statuses(m)).toEqual({ 'death-registration': 'DISPATCHED', 'residence-deregistration': 'PENDING', 'funeral-allowance': 'PENDING', 'survivor-allowance': 'PENDING' });
    expect(m.step('death-registration')!.dueAt).toBe('2026-11-25T10:00:00.000Z');
    expect(m.status).toBe('IN_PROGRESS');
    expect(m.pendingAgencies).toEqual(['CIVIL-BA-DINH']);
    expect(m.advance(T0)).toEqual([]);
  });

  // Rules §6.2 / Law on Civil Status 2014 Art 34: the clock starts at valid RECEIPT (after 15:00 → next working day).
  // dispatch() counts from the advance time instead of input.receivedAt, so a first advance that runs late
  // (worker backlog) pushes the due date past the appointment that planDueDates gave from receivedAt.
  test('When the first advance runs after the cut-off for a dossier received before it, then death registration is still due on the receipt day', () => {
    const m = new CaseMachine({ ...newMachine().input, receivedAt: vn('2026-11-25', '14:30').toISOString() });
    m.advance(vn('2026-11-25', '15:30'));
    expect(m.step('death-registration')!.dueAt).toBe('2026-11-25T10:00:00.000Z');
  });

  test('When death registration completes, then advance dispatches the other three in parallel with only the forwarded extract fields', () => {
    const m = running();
    expect(DOWNSTREAM.map((id) => m.step(id)!.status)).toEqual(['DISPATCHED', 'DISPATCHED', 'DISPATCHED']);
    expect(m.pendingAgencies).toEqual(['POLICE-BA-DINH', 'VSS-HA-NOI']);
    for (const id of DOWNSTREAM) {
      expect(m.upstreamResults(m.step(id)!)).toEqual({ 'death-registration': { extractNumber: '15/2026', extractDate: '2026-11-25' } });
    }
    // Counted from the completion (Wed 25/11 10:00): +5 working days → Wed 2/12 17:00.
    expect(m.step('residence-deregistration')).toMatchObject({ dispatchedAt: vn('2026-11-25', '10:00').toISOString(), dueAt: '2026-12-02T10:00:00.000Z' });
  });

  test('When death registration is rejected, then advance skips the others and the case is REFUSED', () => {
    const m = newMachine();
    m.advance(T0);
    m.reject('death-registration', 'CIVIL-BA-DINH', { reasonCode: 'NOT_COMPETENT', reason: 'Không thuộc thẩm quyền' }, vn('2026-11-25', '11:00'));
    expect(m.advance(vn('2026-11-25', '11:00'))).toEqual([]);
    expect(DOWNSTREAM.map((id) => m.step(id)!.status)).toEqual(['SKIPPED', 'SKIPPED', 'SKIPPED']);
    expect(m.status).toBe('REFUSED');
    expect(m.isClosed).toBe(true);
    const events = m.snapshot().events;
    expect(events.filter((e) => e.type === 'SKIPPED')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: 'CLOSED', details: { outcome: 'REFUSED' } });
    // The police never got its step: for it the case is not there; the civil-status office learns it closed.
    expect(refusal(() => m.validateAgencyAction('complete', 'residence-deregistration', 'POLICE-BA-DINH', {})).code).toBe('CASE_NOT_FOUND');
    expect(refusal(() => m.validateAgencyAction('complete', 'death-registration', 'CIVIL-BA-DINH', EXTRACT)).code).toBe('CASE_CLOSED');
  });

  test('When the funeral allowance is refused and the others completed, then the case is PARTIALLY_COMPLETED', () => {
    const m = running();
    const at = vn('2026-11-27', '10:00');
    m.complete('residence-deregistration', 'POLICE-BA-DINH', { deregisteredOn: '2026-11-27' }, at);
    m.reject('funeral-allowance', 'VSS-HA-NOI', { reasonCode: 'NOT_ELIGIBLE', reason: 'Đã hưởng chế độ khác' }, at);
    m.complete('survivor-allowance', 'VSS-HA-NOI', BENEFIT, at);
    expect(m.status).toBe('IN_PROGRESS');
    m.advance(at);
    expect(m.status).toBe('PARTIALLY_COMPLETED');
    expect(m.snapshot().closedAt).toBe(at.toISOString());
  });

  test('When every step completes, then the case is COMPLETED', () => {
    const m = newMachine(['death-registration', 'residence-deregistration']);
    m.advance(T0);
    m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, T0);
    m.advance(T0);
    m.complete('residence-deregistration', 'POLICE-BA-DINH', { deregisteredOn: '2026-11-26' }, T0);
    m.advance(T0);
    expect(m.status).toBe('COMPLETED');
  });
});

describe('CaseMachine: agency actions', () => {
  test('When an agency of the case acts on another agency\'s step, then NOT_YOUR_STEP', () => {
    const m = running();
    expect(refusal(() => m.validateAgencyAction('complete', 'residence-deregistration', 'CIVIL-BA-DINH', { deregisteredOn: '2026-11-26' })).code).toBe('NOT_YOUR_STEP');
  });

  test('When an agency with no step in the case acts on it, then the case is not there for it (CASE_NOT_FOUND)', () => {
    const m = running();
    expect(refusal(() => m.validateAgencyAction('complete', 'residence-deregistration', 'POLICE-HOAN-KIEM', { deregisteredOn: '2026-11-26' })).code).toBe('CASE_NOT_FOUND');
  });

  test('When the step does not exist, then UNKNOWN_STEP', () => {
    const m = running();
    expect(refusal(() => m.validateAgencyAction('reject', 'birth-registration', 'POLICE-BA-DINH')).code).toBe('UNKNOWN_STEP');
  });

  test('When none of an agency\'s steps was handed to it yet, then acting on the case is CASE_NOT_FOUND (codes cannot be probed)', () => {
    const m = newMachine();
    m.advance(T0);
    expect(refusal(() => m.validateAgencyAction('reject', 'residence-deregistration', 'POLICE-BA-DINH')).code).toBe('CASE_NOT_FOUND');
  });

  test('When the civil-status office acts again on its finished step, then WRONG_STATE', () => {
    const m = running();
    expect(refusal(() => m.validateAgencyAction('reject', 'death-registration', 'CIVIL-BA-DINH', { reasonCode: 'NOT_ELIGIBLE', reason: 'Không đủ điều kiện' })).code).toBe('WRONG_STATE');
  });

  test('When a step is completed twice, then the second is WRONG_STATE and the first result stands', () => {
    const m = newMachine();
    m.advance(T0);
    m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, T0);
    expect(refusal(() => m.complete('death-registration', 'CIVIL-BA-DINH', { ...EXTRACT, extractNumber: '99' }, T0)).code).toBe('WRONG_STATE');
    expect(m.step('death-registration')!.result).toMatchObject({ extractNumber: '15/2026' });
  });

  test('When the result does not fit the schema, then INVALID_PAYLOAD with issues under result. and nothing changes', () => {
    const m = newMachine();
    m.advance(T0);
    const r = refusal(() => m.complete('death-registration', 'CIVIL-BA-DINH', { extractNumber: '15', extractDate: '25/11/2026' }, T0));
    expect(r.code).toBe('INVALID_PAYLOAD');
    expect(r.issues.map((i) => i.path)).toEqual(['result.extractDate']);
    expect(m.step('death-registration')!.status).toBe('DISPATCHED');
    expect(m.snapshot().events.map((e) => e.type)).toEqual(['DISPATCHED']);
  });

  test('When a supplement is requested, then the case awaits it and a second request is WRONG_STATE', () => {
    const m = running();
    supplementFor(m);
    expect(m.step('residence-deregistration')!.status).toBe('AWAITING_SUPPLEMENT');
    expect(m.status).toBe('AWAITING_SUPPLEMENT');
    expect(refusal(() => m.validateAgencyAction('request-supplement', 'residence-deregistration', 'POLICE-BA-DINH')).code).toBe('WRONG_STATE');
    expect(refusal(() => m.validateAgencyAction('complete', 'residence-deregistration', 'POLICE-BA-DINH', { deregisteredOn: '2026-11-27' })).code).toBe('WRONG_STATE');
  });

  // Rules §2 and §6.3 (one-stop rules, Decree 61/2018 as amended by Decree 107/2021): the supplement request
  // is made ONCE and lists everything. The machine lets the agency ask again after the resubmission.
  test('When a step was already re-dispatched after a supplement, then a second supplement request is refused', () => {
    const m = running();
    supplementFor(m);
    m.submitSupplement(submission(['residence-book', 'death-notice']), OFFICE, vn('2026-12-01', '09:00'));
    expect(refusal(() => m.validateAgencyAction('request-supplement', 'residence-deregistration', 'POLICE-BA-DINH')).code).toBe('WRONG_STATE');
  });
});

describe('CaseMachine: desk actions', () => {
  test('When the supplement leaves out a requested item, then INVALID_PAYLOAD names it', () => {
    const m = running();
    supplementFor(m);
    const r = refusal(() => m.validateSupplement(submission(['residence-book']), OFFICE));
    expect(r).toEqual({ code: 'INVALID_PAYLOAD', issues: [{ path: 'documents', message: 'missing requested item death-notice' }] });
  });

  test('When the supplement adds an item that was not requested, then INVALID_PAYLOAD points at it', () => {
    const m = running();
    supplementFor(m);
    const r = refusal(() => m.validateSupplement(submission(['residence-book', 'death-notice', 'photo']), OFFICE));
    expect(r.code).toBe('INVALID_PAYLOAD');
    expect(r.issues.map((i) => i.path)).toEqual(['documents[2].item']);
  });

  test('When no supplement was requested, or by another office, then WRONG_STATE / CASE_NOT_FOUND', () => {
    const m = running();
    expect(refusal(() => m.validateSupplement(submission(['residence-book']), OFFICE)).code).toBe('WRONG_STATE');
    supplementFor(m);
    expect(refusal(() => m.validateSupplement(submission(['residence-book', 'death-notice']), '002.01.01.H29')).code).toBe('CASE_NOT_FOUND');
    expect(refusal(() => m.validateSupplement({ ...submission(['x']), stepId: 'nope' }, OFFICE)).code).toBe('UNKNOWN_STEP');
  });

  test('When the supplement is submitted, then the step is re-dispatched as resubmission 1 with the clock restarted from zero', () => {
    const m = running();
    supplementFor(m);
    m.snapshot();
    const at = vn('2026-12-01', '16:00'); // Tue after the cut-off → counts from Wed 2/12; +5 → Wed 9/12
    const step = m.submitSupplement(submission(['death-notice', 'residence-book']), OFFICE, at);
    expect(step).toMatchObject({ status: 'DISPATCHED', resubmission: 1, dispatchedAt: at.toISOString(), dueAt: '2026-12-09T10:00:00.000Z' });
    expect(step.dueAt).not.toBe('2026-12-02T10:00:00.000Z');
    expect(m.status).toBe('IN_PROGRESS');
    const events = m.snapshot().events;
    // The restarted step is due 9/12, before the appointment of 11/12: the appointment holds.
    expect(events.map((e) => e.type)).toEqual(['SUPPLEMENT_SUBMITTED', 'DISPATCHED']);
    expect(m.appointmentAt).toBe(vn('2026-12-11', '17:00').toISOString());
    expect(events[1]!.details).toEqual({ resubmission: 1, dueAt: '2026-12-09T10:00:00.000Z' });
    expect(refusal(() => m.validateSupplement(submission(['death-notice', 'residence-book']), OFFICE)).code).toBe('WRONG_STATE');
  });

  test('When another office withdraws the case, then CASE_NOT_FOUND and nothing changes', () => {
    const m = running();
    expect(refusal(() => m.withdraw('002.01.01.H29', 'Gia đình rút', T0)).code).toBe('CASE_NOT_FOUND');
    expect(m.isClosed).toBe(false);
  });

  test('When the case is withdrawn, then open steps are cancelled, the completed death registration stands, and it is WITHDRAWN', () => {
    const m = running();
    supplementFor(m);
    m.snapshot();
    const at = vn('2026-11-30', '10:00');
    const notify = m.withdraw(OFFICE, 'Gia đình tự làm thủ tục', at);
    expect(notify.map((s) => s.stepId).sort()).toEqual([...DOWNSTREAM].sort());
    expect(statuses(m)).toEqual({ 'death-registration': 'COMPLETED', 'residence-deregistration': 'CANCELLED', 'funeral-allowance': 'CANCELLED', 'survivor-allowance': 'CANCELLED' });
    expect(m.status).toBe('WITHDRAWN');
    const snap = m.snapshot();
    expect(snap.closedAt).toBe(at.toISOString());
    expect(snap.events.map((e) => e.type)).toEqual(['WITHDRAWN', 'CANCELLED', 'CANCELLED', 'CANCELLED', 'CLOSED']);
    expect(refusal(() => m.withdraw(OFFICE, 'again', at)).code).toBe('CASE_CLOSED');
    expect(m.advance(at)).toEqual([]);
  });

  test('When withdrawn before anything was dispatched, then every step is cancelled and no agency is notified', () => {
    const m = newMachine();
    expect(m.withdraw(OFFICE, 'Nhầm hồ sơ', T0)).toEqual([]);
    expect(Object.values(statuses(m))).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
  });
});

describe('CaseMachine: snapshots', () => {
  test('When snapshots are taken through a case, then revisions increase and each event appears once with ids <caseCode>#<seq> from 1', () => {
    const m = newMachine();
    const snaps = [m.snapshot()];
    m.advance(T0);
    snaps.push(m.snapshot());
    m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, T0);
    m.advance(T0);
    snaps.push(m.snapshot(), m.snapshot());
    supplementFor(m);
    m.submitSupplement(submission(['residence-book', 'death-notice']), OFFICE, vn('2026-11-30', '09:00'));
    m.withdraw(OFFICE, 'Gia đình rút hồ sơ', vn('2026-11-30', '10:00'));
    snaps.push(m.snapshot());

    const revisions = snaps.map((s) => s.revision);
    revisions.slice(1).forEach((r, i) => expect(r).toBeGreaterThan(revisions[i]!));
    expect(snaps[0]!.events).toEqual([]);
    expect(snaps[3]!.events).toEqual([]);
    const events: LedgerEvent[] = snaps.flatMap((s) => s.events);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of events) expect(e.id).toBe(`${CODE}#${e.seq}`);
    expect(events.map((e) => e.type).filter((t) => t === 'CLOSED')).toHaveLength(1);
    expect(m.hasUnwrittenEvents).toBe(false);
  });

  test('When a snapshot is written, then it carries no internal fields or supplement documents', () => {
    const m = running();
    const step = m.snapshot().steps[0]!;
    for (const k of ['essential', 'resultKind', 'forwards', 'deliveryPending', 'supplement']) expect(step).not.toHaveProperty(k);
    expect(step).toMatchObject({ stepId: 'death-registration', status: 'COMPLETED', result: EXTRACT });
  });

  test('When a delivery of an older resubmission is acknowledged, then the current one stays pending', () => {
    const m = running();
    supplementFor(m);
    m.submitSupplement(submission(['residence-book', 'death-notice']), OFFICE, vn('2026-11-30', '09:00'));
    m.markDelivered('residence-deregistration', 0);
    expect(m.step('residence-deregistration')!.deliveryPending).toBe(true);
    m.markDelivered('residence-deregistration', 1);
    expect(m.step('residence-deregistration')!.deliveryPending).toBe(false);
  });

  test('When the office does not belong to the catalogue version, then the machine cannot be built', () => {
    const input = { ...newMachine().input, receivingOffice: '999.01.01.H29' };
    expect(() => new CaseMachine(input)).toThrow(/does not match its catalogue version/);
  });
});

describe('CaseMachine: acknowledged dispatch (cases since patch two-doors)', () => {
  const acknowledging = () => {
    const m = newMachine();
    m.acknowledgedDispatch = true;
    return m;
  };

  test('When a step is dispatched but not acknowledged, then the ledger shows SENDING and the hand-over is reserved for the connector, which writes it on acknowledgement', () => {
    const m = acknowledging();
    m.advance(T0);
    const sending = m.snapshot();
    expect(sending.steps[0]).toMatchObject({ stepId: 'death-registration', status: 'SENDING', dueAt: '2026-11-25T10:00:00.000Z' });
    expect(sending.steps[0]!.dispatchedAt).toBeUndefined();
    expect(sending.events.map((e) => e.type)).toEqual([]);
    // The workflow counts it as dispatched all the same: the clock runs, the agency may answer.
    const step = m.step('death-registration')!;
    expect(step.status).toBe('DISPATCHED');
    expect(step.handOver).toMatchObject({ id: `${CODE}#1`, seq: 1, type: 'DISPATCHED', stepId: 'death-registration', to: 'agency:CIVIL-BA-DINH', details: { resubmission: 0, dueAt: '2026-11-25T10:00:00.000Z' } });
    const ack = vn('2026-11-25', '09:00');
    m.markDelivered('death-registration', 0, ack);
    const delivered = m.snapshot();
    expect(delivered.steps[0]).toMatchObject({ status: 'DISPATCHED', dispatchedAt: ack.toISOString() });
    // The connector wrote the hand-over; the machine writes nothing of it.
    expect(delivered.events).toEqual([]);
    // The next event comes after the reserved place.
    m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, vn('2026-11-25', '09:30'));
    expect(m.snapshot().events.map((e) => [e.seq, e.type])).toEqual([[2, 'COMPLETED']]);
  });

  test('When the agency answers before its acknowledgement arrived, then the machine writes the reserved hand-over before the answer, and the late acknowledgement changes nothing', () => {
    const m = acknowledging();
    m.advance(T0);
    m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, vn('2026-11-25', '09:30'));
    expect(m.snapshot().events.map((e) => [e.id, e.type])).toEqual([
      [`${CODE}#1`, 'DISPATCHED'],
      [`${CODE}#2`, 'COMPLETED'],
    ]);
    m.markDelivered('death-registration', 0, vn('2026-11-25', '09:31'));
    expect(m.hasUnwrittenEvents).toBe(false);
    expect(m.snapshot().steps[0]).toMatchObject({ status: 'COMPLETED', dispatchedAt: vn('2026-11-25', '09:30').toISOString() });
  });

  test('When an action is repeated with its Idempotency-Key, then the first answer is given again; the key with another request is refused', () => {
    const m = acknowledging();
    m.advance(T0);
    const request = { idempotencyKey: 'civil-answer-0001', requestHash: 'a'.repeat(64) };
    expect(m.priorAnswer(request)).toBeUndefined();
    m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, vn('2026-11-25', '09:30'));
    m.recordAction(request, 'complete', 'death-registration', { status: 'COMPLETED' }, vn('2026-11-25', '09:30'));
    expect(m.priorAnswer(request)).toEqual({ response: { status: 'COMPLETED' } });
    expect(refusal(() => m.priorAnswer({ ...request, requestHash: 'b'.repeat(64) })).code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The ledger gets the action with the answer, once.
    expect(m.snapshot().actions).toEqual([{ idempotencyKey: 'civil-answer-0001', requestHash: 'a'.repeat(64), action: 'complete', stepId: 'death-registration', response: { status: 'COMPLETED' }, at: vn('2026-11-25', '09:30').toISOString() }]);
    expect(m.snapshot().actions).toBeUndefined();
  });
});

describe('CaseMachine: the person behind an action', () => {
  test('When a person’s completion is attributed, then its COMPLETED event names them and the dispatches it set off do not; the action record keeps them', () => {
    const m = newMachine();
    m.advance(T0);
    m.snapshot();
    const by = { userId: '6f1c1c52-0000-4000-8000-000000000001' };
    const first = m.nextSeq;
    const at = vn('2026-11-25', '10:00');
    m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, at);
    m.advance(at);
    m.attributeEventsSince(first, by);
    m.recordAction({ idempotencyKey: 'k-1', requestHash: 'h' }, 'complete', 'death-registration', { ok: true }, at, by);
    const snap = m.snapshot();
    expect(snap.events.map((e) => [e.type, e.details.by])).toEqual([
      ['COMPLETED', by],
      ...DOWNSTREAM.map(() => ['DISPATCHED', undefined]),
    ]);
    expect(snap.actions).toEqual([expect.objectContaining({ idempotencyKey: 'k-1', by })]);
  });

  test('When an action comes without a person (an API key, an older Update), then nothing is added to its events or its record', () => {
    const m = newMachine();
    m.advance(T0);
    m.snapshot();
    m.complete('death-registration', 'CIVIL-BA-DINH', EXTRACT, T0);
    m.recordAction({ idempotencyKey: 'k-2', requestHash: 'h' }, 'complete', 'death-registration', {}, T0);
    const snap = m.snapshot();
    expect(snap.events.every((e) => !('by' in e.details))).toBe(true);
    expect(snap.actions![0]).not.toHaveProperty('by');
  });

  describe('result dates', () => {
    test('When a result is dated after today (Vietnam date), then the completion is refused naming that field; today is fine', () => {
      const m = newMachine(['death-registration']);
      m.advance(T0);
      // 23:30 on 25/11 in Vietnam is still 25/11 there (16:30 UTC).
      const late = vn('2026-11-25', '23:30');
      const ahead = refusal(() => m.validateCompletion('death-registration', 'CIVIL-BA-DINH', { ...EXTRACT, extractDate: '2026-11-26' }, late));
      expect(ahead.code).toBe('INVALID_PAYLOAD');
      expect(ahead.issues).toEqual([{ path: 'result.extractDate', message: 'must not be after today (2026-11-25)' }]);
      expect(m.validateCompletion('death-registration', 'CIVIL-BA-DINH', { ...EXTRACT, extractDate: '2026-11-25' }, late).stepId).toBe('death-registration');
    });

    test('When a result is dated before the day the case was received (Vietnam date), then the completion is refused naming that field; that day is fine; a polled answer of an older case is not judged so', () => {
      const m = newMachine(['death-registration']);
      m.advance(T0);
      const receivedOn = localDateOf(new Date(m.input.receivedAt));
      const dayBefore = addDays(receivedOn, -1);
      for (const extractDate of ['0000-01-01', '1900-01-01', dayBefore]) {
        expect(refusal(() => m.validateCompletion('death-registration', 'CIVIL-BA-DINH', { ...EXTRACT, extractDate }, T0)).issues).toEqual([
          { path: 'result.extractDate', message: `must not be before the case was received (${receivedOn})` },
        ]);
      }
      expect(m.validateCompletion('death-registration', 'CIVIL-BA-DINH', { ...EXTRACT, extractDate: receivedOn }, T0).stepId).toBe('death-registration');
      expect(m.validateCompletion('death-registration', 'CIVIL-BA-DINH', { ...EXTRACT, extractDate: dayBefore }, T0, false).stepId).toBe('death-registration');
    });

    test('When a result has a bad field and a date ahead, then both are named at once', () => {
      const m = newMachine(['death-registration']);
      m.advance(T0);
      const both = refusal(() => m.validateCompletion('death-registration', 'CIVIL-BA-DINH', { extractNumber: '', extractDate: '2027-06-01' }, T0));
      expect(both.issues.map((i) => i.path).sort()).toEqual(['result.extractDate', 'result.extractNumber']);
    });
  });
});
