import { caseReturnView, findProcedure } from '../../domain';
import { caseStatusLabel, eventLabel, formatDateTime, HANDOVER_METHOD_LABELS, stepStatusLabel, TIMELINESS_LABELS, timelinessOf } from '../format';
import type { DossierRecord, HandOver, LedgerCase, ProcessControlForm, Timeliness } from '../types';
import { APPOINTMENT_EVENTS, type CaseContext, caseContext, currentAppointment, formHeader, originalAppointment, readApplicant } from './common';

const field = (v: unknown, key: string): string | undefined => {
  const x = (v as Record<string, unknown> | null | undefined)?.[key];
  return typeof x === 'string' && x.trim() ? x.trim() : undefined;
};

/** Who received the result, as the slip names them: from the dossier (personal data, the desk's form only). */
export function recipientLabel(method: string | null, handover: unknown, applicantName: string): string | null {
  if (!method) return null;
  if (method === 'desk') {
    const recipient = (handover as { recipient?: unknown } | undefined)?.recipient;
    const relationship = field(recipient, 'relationship');
    if (!relationship || relationship === 'applicant') return applicantName || 'Người nộp hồ sơ';
    const name = field(recipient, 'fullName');
    return name ? `${name} (${relationship})` : relationship;
  }
  if (method === 'post') {
    const tracking = field(handover, 'trackingNumber');
    return `${HANDOVER_METHOD_LABELS.post}${tracking ? ` (số hiệu bưu gửi ${tracking})` : ''}`;
  }
  const channel = field(handover, 'channel');
  return `${HANDOVER_METHOD_LABELS.online ?? method}${channel ? `: ${channel}` : ''}`;
}

/** Cơ quan chủ trì: the agency of the essential step (its refusal refuses the case); the others coordinate. */
function agencies(c: LedgerCase, ctx: CaseContext) {
  const steps = ctx.ordered(c.steps);
  const lead = steps.find((s) => ctx.group && findProcedure(ctx.group, s.procedure)?.essential) ?? steps[0];
  const view = (code: string) => ({ code, name: ctx.agencyName(code) });
  const others = [...new Set(steps.map((s) => s.agencyCode))].filter((code) => code !== lead?.agencyCode);
  return { leadAgency: lead ? view(lead.agencyCode) : null, coordinatingAgencies: others.map(view) };
}

/** Agency answers are measured against the due date of the dispatch they answer. */
const AGENCY_ANSWERS = new Set(['COMPLETED', 'REJECTED', 'SUPPLEMENT_REQUESTED']);

const str = (details: unknown, key: string): string | undefined => {
  const v = (details as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : undefined;
};

/**
 * Mẫu số 05: Phiếu kiểm soát quá trình giải quyết hồ sơ — every hand-over of the timeline, who to
 * whom and when, and for agency answers and the closing whether they came before, on or after the
 * time limit (trước hạn / đúng hạn / quá hạn). A supplement restarts a step's clock, so each answer
 * is measured against the due date set by the latest dispatch before it.
 */
export function buildProcessControl(c: LedgerCase, dossier?: DossierRecord): ProcessControlForm {
  const ctx = caseContext(c);
  const applicant = readApplicant(dossier?.applicant);
  const returned = caseReturnView(c);
  const recipient = recipientLabel(returned.method, dossier?.handover, applicant.fullName);
  const stepOf = (id: string | null) => (id ? c.steps.find((s) => s.stepId === id) : undefined);
  const dueByStep = new Map<string, string>();
  let appointment = originalAppointment(c);
  const events = [...c.timeline].sort((a, b) => a.seq - b.seq);

  const handOvers = events.map((e): HandOver => {
    const step = stepOf(e.stepId);
    let dueAt: string | null = null;
    let note: string | null = null;
    if (e.type === 'DISPATCHED' && e.stepId) {
      const due = str(e.details, 'dueAt') ?? step?.dueAt ?? undefined;
      if (due) {
        dueByStep.set(e.stepId, due);
        note = `Hạn giải quyết: ${formatDateTime(due)}`;
      }
    } else if (AGENCY_ANSWERS.has(e.type) && e.stepId) {
      // An engine refusal (the supplement window passed) is the applicant's lateness, not the agency's.
      if (e.actor.startsWith('agency:')) dueAt = dueByStep.get(e.stepId) ?? step?.dueAt ?? null;
      if (e.type === 'REJECTED') note = str(e.details, 'reasonCode') ?? null;
    } else if (e.type === 'REMINDED' || e.type === 'OVERDUE') {
      const due = str(e.details, 'dueAt') ?? str(e.details, 'appointmentAt');
      if (due) note = `Hạn: ${formatDateTime(due)}`;
      if (e.type === 'OVERDUE') dueAt = due ?? null;
    } else if (APPOINTMENT_EVENTS.includes(e.type)) {
      const next = str(e.details, 'newAppointmentAt');
      if (next) {
        appointment = next;
        note = `Hẹn lại: ${formatDateTime(next)}`;
      }
    } else if (e.type === 'RESULT_RETURNED') {
      // The fourth step: the case's on-time verdict runs to this moment, against the appointment in force.
      dueAt = appointment;
      const method = str(e.details, 'method');
      if (method) note = HANDOVER_METHOD_LABELS[method] ?? method;
    } else if (e.type === 'CLOSED') {
      const outcome = str(e.details, 'outcome');
      // A withdrawal ends the case at the applicant's wish: no time limit to measure it against.
      if (outcome !== 'WITHDRAWN') dueAt = appointment;
      if (outcome) note = caseStatusLabel(outcome);
    }
    // The overdue mark fires at the due instant itself: late by definition.
    const timeliness: Timeliness | null = e.type === 'OVERDUE' ? 'late' : dueAt ? timelinessOf(e.at, dueAt) : null;
    return {
      seq: e.seq,
      type: e.type,
      typeLabel: eventLabel(e.type),
      stepId: e.stepId,
      procedureName: step ? ctx.procedureName(step.procedure) : e.stepId,
      from: { party: e.from, label: ctx.partyLabel(e.from) },
      to: { party: e.to, label: e.type === 'RESULT_RETURNED' && recipient ? recipient : ctx.partyLabel(e.to) },
      at: e.at,
      dueAt,
      timeliness,
      timelinessLabel: timeliness ? TIMELINESS_LABELS[timeliness] : null,
      onTime: timeliness ? timeliness !== 'late' : null,
      note,
    };
  });

  const lastAt = events.at(-1)?.at ?? c.receivedAt;
  return {
    ...formHeader(c, ctx, 'process-control', 'Mẫu số 05', 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', lastAt),
    applicant,
    ...agencies(c, ctx),
    resultReturn: { ...returned, methodLabel: returned.method ? (HANDOVER_METHOD_LABELS[returned.method] ?? returned.method) : null, recipientLabel: recipient },
    receivedAt: c.receivedAt,
    appointmentAt: currentAppointment(c),
    caseStatus: c.status,
    caseStatusLabel: caseStatusLabel(c.status),
    procedures: ctx.ordered(c.steps).map((s) => ({ ...ctx.procedureView(s), status: s.status, statusLabel: stepStatusLabel(s.status), dueAt: s.dueAt })),
    handOvers,
  };
}
