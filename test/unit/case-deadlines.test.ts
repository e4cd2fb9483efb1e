import { datesMovedBy, explainCaseDeadlines } from '../../domain/case/deadlines';
import type { CalendarOverride } from '../../domain/calendar/legal-calendar';
import type { CaseDetail, StepRecord } from '../../domain/ledger';

const hours = { cutoff: '15:00', closesAt: '17:00' };
const vn = (local: string): string => new Date(`${local}:00+07:00`).toISOString();

function step(o: Partial<StepRecord> & Pick<StepRecord, 'stepId' | 'timeLimitWorkingDays' | 'status'>): StepRecord {
  return {
    procedure: o.stepId,
    agencyCode: 'A',
    dependsOn: [],
    resubmission: 0,
    dispatchedAt: null,
    dueAt: null,
    finishedAt: null,
    result: null,
    rejection: null,
    supplementRequest: null,
    remindedAt: null,
    isOverdue: false,
    attention: null,
    dispatchAttempts: 0,
    dispatchError: null,
    ...o,
  };
}

/**
 * Received Monday 30/11/2026 09:00; the civil-status step done at 10:00; the funeral step asked for
 * a supplement that came Thursday 03/12 at 16:00 (after the cut-off), so its 5 days restart from
 * Friday 04/12 and end Friday 11/12; the appointment moved from Tuesday 08/12 (the receipt slip) to it.
 */
function supplementedCase(funeralDueAt = vn('2026-12-11T17:00')): CaseDetail {
  return {
    caseCode: '001.01.01.H29-261130-0001',
    group: 'death',
    catalogueVersion: 'v',
    receivingOffice: '001.01.01.H29',
    channel: 'desk',
    resultDelivery: 'desk',
    status: 'IN_PROGRESS',
    receivedAt: vn('2026-11-30T09:00'),
    appointmentAt: vn('2026-12-11T17:00'),
    closedAt: null,
    apologyIssuedAt: null,
    returnedAt: null,
    returnMethod: null,
    isOverdue: false,
    attention: null,
    steps: [
      step({ stepId: 'death-registration', timeLimitWorkingDays: 0, status: 'COMPLETED', dueAt: vn('2026-11-30T17:00'), finishedAt: vn('2026-11-30T10:00') }),
      step({ stepId: 'funeral-allowance', timeLimitWorkingDays: 5, status: 'DISPATCHED', dependsOn: ['death-registration'], resubmission: 1, dueAt: funeralDueAt }),
    ],
    timeline: [
      { seq: 3, type: 'DISPATCHED', stepId: 'funeral-allowance', actor: 'engine', from: 'desk', to: 'agency:A', at: vn('2026-11-30T10:00'), details: { resubmission: 0 } },
      { seq: 6, type: 'SUPPLEMENT_SUBMITTED', stepId: 'funeral-allowance', actor: 'desk', from: 'applicant', to: 'desk', at: vn('2026-12-03T16:00'), details: {} },
      {
        seq: 7,
        type: 'APPOINTMENT_MOVED',
        stepId: null,
        actor: 'engine',
        from: 'engine',
        to: 'applicant',
        at: vn('2026-12-03T16:00'),
        details: { previousAppointmentAt: vn('2026-12-08T17:00'), newAppointmentAt: vn('2026-12-11T17:00'), reason: 'supplement received: the time limit restarts from zero' },
      },
    ],
  };
}

const input = (overrides: CalendarOverride[] = []) => ({ hours, overrides, limitOf: (p: string) => (p === 'funeral-allowance' ? { source: 'UNCONFIRMED default', confirmed: false } : undefined) });

describe('explainCaseDeadlines', () => {
  test('When a supplement restarted a step after the cut-off, then its period is explained from the supplement and agrees with the stored date', () => {
    const { steps } = explainCaseDeadlines(supplementedCase(), input());
    const funeral = steps.find((s) => s.stepId === 'funeral-allowance')!;
    expect(funeral).toMatchObject({ clockStartBasis: 'supplement-received', clockStart: vn('2026-12-03T16:00'), matchesStored: true, note: null });
    expect(funeral.explanation).toMatchObject({ effectiveReceiptDate: '2026-12-04', dueDate: '2026-12-11', limit: { workingDays: 5, source: 'UNCONFIRMED default', confirmed: false } });
    expect(funeral.explanation!.receipt.rule).toBe('after-cutoff');
    expect(funeral.explanation!.sentence.vi).toMatch(/^Hồ sơ bổ sung nhận lúc 16:00 thứ Năm 03\/12\/2026, sau 15:00/);
    expect(steps.find((s) => s.stepId === 'death-registration')).toMatchObject({ clockStartBasis: 'receipt', matchesStored: true });
  });

  test('When the appointment was moved, then the receipt-slip appointment is recomputed along the chain and the move is listed with its reason', () => {
    const { appointment } = explainCaseDeadlines(supplementedCase(), input());
    expect(appointment).toMatchObject({ storedAt: vn('2026-12-11T17:00'), originalAt: vn('2026-12-08T17:00'), recomputedAt: vn('2026-12-08T17:00'), matchesOriginal: true });
    expect(appointment.path.map((p) => p.stepId)).toEqual(['death-registration', 'funeral-allowance']);
    // The funeral step starts at 17:00 when the registration is due: after the cut-off, so Tuesday.
    expect(appointment.path[1]!.explanation.effectiveReceiptDate).toBe('2026-12-01');
    expect(appointment.moves).toEqual([expect.objectContaining({ type: 'APPOINTMENT_MOVED', reason: 'supplement received: the time limit restarts from zero' })]);
  });

  test('When the stored date differs from the recomputed one, then it is flagged, not hidden', () => {
    const { steps } = explainCaseDeadlines(supplementedCase(vn('2026-12-10T17:00')), input());
    const funeral = steps.find((s) => s.stepId === 'funeral-allowance')!;
    expect(funeral.matchesStored).toBe(false);
    expect(funeral.note?.en).toMatch(/calendar/);
    expect(funeral.explanation!.dueDate).toBe('2026-12-11');
  });
});

describe('datesMovedBy (the dry run of an override)', () => {
  test('When a day off is proposed inside an open step’s period, then that step moves; finished steps and a moved appointment are not listed', () => {
    const dayOff: CalendarOverride = { date: '2026-12-09', kind: 'day-off', reason: 'r', source: 's' };
    expect(datesMovedBy(supplementedCase(), hours, [], [dayOff])).toEqual([
      { caseCode: '001.01.01.H29-261130-0001', stepId: 'funeral-allowance', storedAt: vn('2026-12-11T17:00'), currentAt: vn('2026-12-11T17:00'), newAt: vn('2026-12-14T17:00') },
    ]);
  });

  test('When the appointment was never moved, then a change inside its chain moves it; a change outside moves nothing', () => {
    const c = supplementedCase();
    c.timeline = c.timeline.filter((e) => e.type !== 'APPOINTMENT_MOVED');
    c.appointmentAt = vn('2026-12-08T17:00');
    const moves = datesMovedBy(c, hours, [], [{ date: '2026-12-02', kind: 'day-off', reason: 'r', source: 's' }]);
    expect(moves).toEqual([{ caseCode: c.caseCode, stepId: null, storedAt: vn('2026-12-08T17:00'), currentAt: vn('2026-12-08T17:00'), newAt: vn('2026-12-09T17:00') }]);
    expect(datesMovedBy(c, hours, [], [{ date: '2026-12-20', kind: 'day-off', reason: 'r', source: 's' }])).toEqual([]);
  });
});
