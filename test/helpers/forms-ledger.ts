import type { DossierRecord, LedgerCase, LedgerEventRecord, LedgerStep } from '../../forms';

// Ledger records as the repositories return them, for the form builders' unit tests: a death case
// received 25/11/2026 09:05 (Vietnam) at the Ba Đình desk, with helpers to add steps and events.

export const OFFICE = '001.01.01.H26';
export const CODE = `${OFFICE}-261125-0001`;
const DESK = `desk:${OFFICE}`;

export const dossier: DossierRecord = {
  applicant: { fullName: 'Nguyễn Văn An', personalId: '001080123456', phone: '0912345678', relationship: 'con', address: 'Số 1 Phố Hòe Nhai, phường Ba Đình, Hà Nội' },
  subject: { fullName: 'Nguyễn Văn Bình', personalId: '001050123456', dateOfBirth: '1950-03-14', benefitStatus: 'pensioner' },
};

export function step(stepId: string, agencyCode: string, o: Partial<LedgerStep> = {}): LedgerStep {
  return {
    stepId,
    procedure: stepId,
    agencyCode,
    status: 'DISPATCHED' as LedgerStep['status'],
    dependsOn: stepId === 'death-registration' ? [] : ['death-registration'],
    timeLimitWorkingDays: stepId === 'death-registration' ? 0 : 5,
    resubmission: 0,
    dispatchedAt: null,
    dueAt: null,
    finishedAt: null,
    rejection: null,
    supplementRequest: null,
    result: null,
    remindedAt: null,
    isOverdue: false,
    attention: null,
    dispatchAttempts: 0,
    dispatchError: null,
    ...o,
  };
}

export function ledgerCase(o: Partial<LedgerCase> = {}): LedgerCase {
  return {
    caseCode: CODE,
    group: 'death',
    catalogueVersion: '2024-07-01',
    receivingOffice: OFFICE,
    channel: 'desk',
    resultDelivery: 'desk',
    status: 'IN_PROGRESS',
    receivedAt: '2026-11-25T02:05:00.000Z',
    appointmentAt: '2026-12-02T10:00:00.000Z',
    closedAt: null,
    apologyIssuedAt: null,
    isOverdue: false,
    returnedAt: null,
    returnMethod: null,
    attention: null,
    // Not in catalogue order on purpose: the forms list death registration first.
    steps: [
      step('residence-deregistration', 'POLICE-BA-DINH', { dispatchedAt: '2026-11-25T03:00:00.000Z', dueAt: '2026-12-02T10:00:00.000Z' }),
      step('death-registration', 'CIVIL-BA-DINH', { status: 'COMPLETED', dispatchedAt: '2026-11-25T02:05:01.000Z', dueAt: '2026-11-25T10:00:00.000Z', finishedAt: '2026-11-25T03:00:00.000Z' }),
      step('funeral-allowance', 'VSS-HA-NOI', { dispatchedAt: '2026-11-25T03:00:00.000Z', dueAt: '2026-12-02T10:00:00.000Z' }),
    ],
    timeline: [
      event(0, 'RECEIVED', null, 'applicant', DESK, '2026-11-25T02:05:00.000Z', {}),
      event(1, 'DISPATCHED', 'death-registration', DESK, 'agency:CIVIL-BA-DINH', '2026-11-25T02:05:01.000Z', { resubmission: 0, dueAt: '2026-11-25T10:00:00.000Z' }),
      event(2, 'COMPLETED', 'death-registration', 'agency:CIVIL-BA-DINH', DESK, '2026-11-25T03:00:00.000Z', {}),
      event(3, 'DISPATCHED', 'residence-deregistration', DESK, 'agency:POLICE-BA-DINH', '2026-11-25T03:00:00.000Z', { resubmission: 0, dueAt: '2026-12-02T10:00:00.000Z' }),
      event(4, 'DISPATCHED', 'funeral-allowance', DESK, 'agency:VSS-HA-NOI', '2026-11-25T03:00:00.000Z', { resubmission: 0, dueAt: '2026-12-02T10:00:00.000Z' }),
    ],
    ...o,
  };
}

/** An event; the actor is the sending agency for agency answers, the engine for dispatches, else the desk. */
export function event(seq: number, type: string, stepId: string | null, from: string, to: string, at: string, details: Record<string, unknown>, actor?: string): LedgerEventRecord {
  return { seq, type, stepId, actor: actor ?? (from.startsWith('agency:') ? from : type === 'DISPATCHED' ? 'engine' : DESK), from, to, at, details };
}

/** The case with more events appended and some steps replaced. */
export function withEvents(c: LedgerCase, events: LedgerEventRecord[], steps: Record<string, Partial<LedgerStep>> = {}): LedgerCase {
  return { ...c, steps: c.steps.map((s) => ({ ...s, ...steps[s.stepId] })), timeline: [...c.timeline, ...events] };
}
