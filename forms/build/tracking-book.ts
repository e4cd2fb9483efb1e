import { allOffices, caseReturnView, instantAt, LocalDate, RESULT_READY_STATUSES } from '../../domain';
import { caseStatusLabel, formatDate, HANDOVER_METHOD_LABELS, LEGAL_BASIS, stepStatusLabel, TIMELINESS_LABELS } from '../format';
import type { OfficeView, Timeliness, TrackingBook, TrackingBookRow, TrackingCase } from '../types';
import { APOLOGY_EVENT, appointmentChanges, caseContext, currentAppointment, earliest, latest, readApplicant } from './common';

/** The office as the province data names it (offices keep their code across periods). */
export function officeViewOn(code: string, _date: LocalDate): OfficeView {
  const office = allOffices().find((o) => o.code === code);
  return office ? { code, name: office.name, province: office.province } : { code, name: code, province: '' };
}

function row(c: TrackingCase, no: number): TrackingBookRow {
  const ctx = caseContext(c);
  const steps = ctx.ordered(c.steps);
  const appointmentAt = currentAppointment(c);
  const notes: string[] = [];
  for (const s of steps) {
    const requestedAt = (s.supplementRequest as { requestedAt?: unknown } | null)?.requestedAt;
    if (typeof requestedAt === 'string') notes.push(`Yêu cầu bổ sung (${ctx.procedureName(s.procedure)}) ngày ${formatDate(requestedAt)}`);
    if (s.status === 'REJECTED') notes.push(`Từ chối: ${ctx.procedureName(s.procedure)}`);
  }
  for (const a of appointmentChanges(c)) {
    notes.push(`${a.event.type === APOLOGY_EVENT ? 'Xin lỗi, hẹn lại' : 'Hẹn lại'} ngày ${formatDate(a.details.newAppointmentAt)}`);
  }
  // The on-time measure runs to the return of the result (the fourth step), against the appointment
  // in force; until the result is returned the case has no verdict (a withdrawal never has one).
  const returned = caseReturnView({ ...c, appointmentAt });
  const timeliness: Timeliness | null = returned.timeliness;
  if (returned.state === 'awaiting-return') notes.push('Chưa trả kết quả');
  return {
    no,
    caseCode: c.caseCode,
    receivedAt: c.receivedAt,
    applicant: readApplicant(c.applicant),
    procedures: steps.map((s) => ({ ...ctx.procedureView(s), status: s.status, statusLabel: stepStatusLabel(s.status) })),
    // The first hand-over to an agency; a step's own dispatchedAt moves when a supplement re-dispatches it.
    // A linked dossier is one set shared by every agency (Decree 63/2024: no paper copies).
    dossierSets: 1,
    firstDispatchedAt: earliest([...c.timeline.filter((e) => e.type === 'DISPATCHED').map((e) => e.at), ...steps.flatMap((s) => (s.dispatchedAt ? [s.dispatchedAt] : []))]) ?? null,
    appointmentAt,
    closedAt: c.closedAt,
    resultReceivedAt: c.closedAt && RESULT_READY_STATUSES.includes(c.status) ? c.closedAt : null,
    returnedAt: c.returnedAt,
    returnMethod: c.returnMethod,
    returnMethodLabel: c.returnMethod ? (HANDOVER_METHOD_LABELS[c.returnMethod] ?? c.returnMethod) : null,
    signature: null,
    status: c.status,
    statusLabel: caseStatusLabel(c.status),
    timeliness,
    timelinessLabel: timeliness ? TIMELINESS_LABELS[timeliness] : null,
    notes,
  };
}

/**
 * Mẫu số 06: Sổ theo dõi hồ sơ — the cases an office received in a date range (Vietnam time),
 * oldest first, one row each with the procedures, hand-over dates, appointment and outcome.
 */
export function buildTrackingBook(officeCode: string, from: LocalDate, to: LocalDate, cases: readonly TrackingCase[]): TrackingBook {
  const sorted = [...cases].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.caseCode.localeCompare(b.caseCode));
  const activity = sorted.flatMap((c) => [c.receivedAt, ...(c.closedAt ? [c.closedAt] : []), ...(c.returnedAt ? [c.returnedAt] : []), ...c.steps.flatMap((s) => [s.dispatchedAt, s.finishedAt].filter((x): x is string => !!x)), ...c.timeline.map((e) => e.at)]);
  return {
    form: 'tracking-book',
    formNumber: 'Mẫu số 06',
    title: 'SỔ THEO DÕI HỒ SƠ',
    legalBasis: LEGAL_BASIS,
    office: officeViewOn(officeCode, to),
    from,
    to,
    issuedAt: latest(activity) ?? instantAt(from, '00:00').toISOString(),
    count: sorted.length,
    rows: sorted.map((c, i) => row(c, i + 1)),
  };
}
