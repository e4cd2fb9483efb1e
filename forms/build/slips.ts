import { z } from 'zod';
import { findProcedure } from '../../domain';
import { caseStatusLabel, CHANNEL_LABELS, DELIVERY_LABELS, stepStatusLabel, timeLimitText } from '../format';
import type { ApologyForm, DossierRecord, LedgerCase, ReceiptForm, RefusalForm, SupplementRequestForm } from '../types';
import { apologies, applicantPart, caseContext, formHeader, latest, originalAppointment, parseLedger } from './common';

// Forms 1–4 of Circular 01/2018/TT-VPCP Art 9: the slips handed to the applicant. Each is built
// from the ledger alone; a form the case has no ground for is undefined (the API answers 404).

/** Mẫu số 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export function buildReceipt(c: LedgerCase, dossier: DossierRecord | undefined): ReceiptForm {
  const ctx = caseContext(c);
  const steps = ctx.ordered(c.steps);
  const documents: ReceiptForm['documents'] = [];
  for (const s of steps) {
    const procedure = ctx.group && findProcedure(ctx.group, s.procedure);
    for (const d of procedure?.requiredDocuments ?? []) {
      if (!documents.some((x) => x.name === d.name.vi)) documents.push({ name: d.name.vi, forProcedure: procedure!.name.vi });
    }
  }
  return {
    ...formHeader(c, ctx, 'receipt', 'Mẫu số 01', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', c.receivedAt),
    ...applicantPart(c, dossier, ctx),
    channel: c.channel,
    channelLabel: CHANNEL_LABELS[c.channel] ?? c.channel,
    procedures: steps.map((s) => ({ ...ctx.procedureView(s), timeLimitWorkingDays: s.timeLimitWorkingDays, timeLimitText: timeLimitText(s.timeLimitWorkingDays, ctx.cutoff) })),
    documents,
    // A linked dossier is one set shared by every agency (Decree 63/2024: no paper copies).
    dossierSets: 1,
    appointmentAt: originalAppointment(c),
    resultDelivery: c.resultDelivery,
    resultDeliveryLabel: DELIVERY_LABELS[c.resultDelivery] ?? c.resultDelivery,
  };
}

const supplementSchema = z.object({
  items: z.array(z.object({ code: z.string(), description: z.string() })),
  note: z.string().optional(),
  requestedAt: z.string(),
});

/** Mẫu số 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — every step that asked, in one slip. */
export function buildSupplementRequest(c: LedgerCase, dossier: DossierRecord | undefined): SupplementRequestForm | undefined {
  const ctx = caseContext(c);
  const requests = ctx
    .ordered(c.steps)
    .filter((s) => s.supplementRequest != null)
    .map((s) => {
      const r = parseLedger(supplementSchema, s.supplementRequest, `supplement request of step ${s.stepId}`);
      const submitted = c.timeline.find((e) => e.type === 'SUPPLEMENT_SUBMITTED' && e.stepId === s.stepId);
      return { ...ctx.procedureView(s), requestedAt: r.requestedAt, items: r.items, note: r.note ?? null, submittedAt: submitted?.at ?? null };
    });
  const issuedAt = latest(requests.map((r) => r.requestedAt));
  if (!issuedAt) return undefined;
  return {
    ...formHeader(c, ctx, 'supplement-request', 'Mẫu số 02', 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', issuedAt),
    ...applicantPart(c, dossier, ctx),
    requests,
  };
}

const rejectionSchema = z.object({ reasonCode: z.string(), reason: z.string() });

/** Mẫu số 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ — the refused steps with their reasons. */
export function buildRefusal(c: LedgerCase, dossier: DossierRecord | undefined): RefusalForm | undefined {
  const ctx = caseContext(c);
  const steps = ctx.ordered(c.steps);
  const refusals = steps
    .filter((s) => s.status === 'REJECTED' && s.rejection != null)
    .map((s) => {
      const r = parseLedger(rejectionSchema, s.rejection, `rejection of step ${s.stepId}`);
      const at = s.finishedAt ?? c.timeline.find((e) => e.type === 'REJECTED' && e.stepId === s.stepId)?.at ?? c.receivedAt;
      return { ...ctx.procedureView(s), refusedAt: at, reasonCode: r.reasonCode, reason: r.reason };
    });
  const issuedAt = latest(refusals.map((r) => r.refusedAt));
  if (!issuedAt) return undefined;
  return {
    ...formHeader(c, ctx, 'refusal', 'Mẫu số 03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', issuedAt),
    ...applicantPart(c, dossier, ctx),
    refusals,
    caseStatus: c.status,
    caseStatusLabel: caseStatusLabel(c.status),
    otherProcedures: steps.filter((s) => s.status !== 'REJECTED').map((s) => ({ ...ctx.procedureView(s), status: s.status, statusLabel: stepStatusLabel(s.status) })),
  };
}

/** Mẫu số 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả — from the latest APOLOGY_ISSUED event. */
export function buildApology(c: LedgerCase, dossier: DossierRecord | undefined): ApologyForm | undefined {
  const last = apologies(c).at(-1);
  if (!last) return undefined;
  const ctx = caseContext(c);
  const { event, details } = last;
  const lateSteps = (details.lateSteps ?? []).map((id) => {
    const step = c.steps.find((s) => s.stepId === id);
    return step ? ctx.procedureView(step) : { stepId: id, procedureName: ctx.procedureName(id), agencyCode: '', agencyName: '' };
  });
  const because = lateSteps.map((s) => (s.agencyName ? `${s.procedureName} (${s.agencyName})` : s.procedureName)).join('; ');
  return {
    ...formHeader(c, ctx, 'apology', 'Mẫu số 04', 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', event.at),
    ...applicantPart(c, dossier, ctx),
    previousAppointmentAt: details.previousAppointmentAt,
    newAppointmentAt: details.newAppointmentAt,
    lateSteps,
    reason: details.reason?.trim() || (because ? `Thủ tục chưa giải quyết xong trong thời hạn quy định: ${because}.` : 'Hồ sơ chưa giải quyết xong trong thời hạn quy định.'),
  };
}
