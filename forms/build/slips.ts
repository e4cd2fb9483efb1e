import { z } from 'zod';
import { findProcedure, localDateOf } from '../../domain';
import { caseStatusLabel, CHANNEL_LABELS, DELIVERY_LABELS, stepStatusLabel, timeLimitText } from '../format';
import type { ApologyForm, DossierRecord, FormOptions, LedgerCase, ReceiptForm, RefusalForm, SupplementRequestForm } from '../types';
import { agencyIssuers, apologies, applicantPart, caseContext, formHeader, latest, officerOf, originalAppointment, parseLedger } from './common';

// The templates' fields follow the review of issue #8 against Circular 01/2018/TT-VPCP: the text
// of the templates could not be read here (searched the stored pages and docs for "Thông tư
// 01/2018/TT-VPCP mẫu số 01 … Quyển số Số thứ tự", "phiếu kiểm soát quá trình … cơ quan chủ trì",
// "mẫu số 06 sổ theo dõi hồ sơ … ký nhận": nothing), so the field lists are the review's.

// Forms 1–4 of Circular 01/2018/TT-VPCP Art 9: the slips handed to the applicant. Each is built
// from the ledger alone; a form the case has no ground for is undefined (the API answers 404).

/** Mẫu số 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export function buildReceipt(c: LedgerCase, dossier: DossierRecord | undefined, options: FormOptions = {}): ReceiptForm {
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
    receiptNumber: c.caseCode,
    bookVolume: c.receivedAt ? localDateOf(new Date(c.receivedAt)).slice(0, 4) : '',
    bookLine: options.bookLine ?? null,
    officer: officerOf(options.officer),
    ratingCode: options.tracking?.ratingCode ?? null,
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
export function buildSupplementRequest(c: LedgerCase, dossier: DossierRecord | undefined, options: FormOptions = {}): SupplementRequestForm | undefined {
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
    // The agencies' notes say why; without one, the ground every request shares.
    reason:
      requests
        .map((r) => r.note)
        .filter((n): n is string => !!n)
        .join(' ') || `Hồ sơ chưa đầy đủ thành phần theo yêu cầu của ${[...new Set(requests.map((r) => r.agencyName))].join(', ')}.`,
    guidingOfficer: officerOf(options.officer),
    requests,
  };
}

const rejectionSchema = z.object({ reasonCode: z.string(), reason: z.string() });

/** No template number: the notice is the agency's own document (Decree 61/2018/NĐ-CP Art 19; clause unconfirmed). */
export const REFUSAL_NOTICE_NUMBER = 'Văn bản của cơ quan có thẩm quyền';

/**
 * The competent agency's written notice refusing the dossier after appraisal (thông báo từ chối
 * giải quyết hồ sơ), in the name of the agencies that refused, with their reasons. It is not Mẫu
 * số 03, the receiving officer's refusal at receipt: the engine refuses at receipt with a 422 and
 * stores nothing, so it never issues that one.
 */
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
    ...formHeader(c, ctx, 'refusal', REFUSAL_NOTICE_NUMBER, 'THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ', issuedAt),
    ...applicantPart(c, dossier, ctx),
    issuers: agencyIssuers(ctx, refusals),
    refusals,
    caseStatus: c.status,
    caseStatusLabel: caseStatusLabel(c.status),
    otherProcedures: steps.filter((s) => s.status !== 'REJECTED').map((s) => ({ ...ctx.procedureView(s), status: s.status, statusLabel: stepStatusLabel(s.status) })),
  };
}

/**
 * Mẫu số 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả — from the latest APOLOGY_ISSUED event,
 * issued by the agencies whose steps were late (Decree 61/2018/NĐ-CP Art 19(4) as amended by
 * Decree 107/2021/NĐ-CP), not by the desk; without late steps on record, by the desk.
 */
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
    issuers: lateSteps.some((s) => s.agencyCode) ? agencyIssuers(ctx, lateSteps) : [{ kind: 'desk', code: ctx.office.code, name: ctx.office.name }],
    previousAppointmentAt: details.previousAppointmentAt,
    newAppointmentAt: details.newAppointmentAt,
    lateSteps,
    reason: details.reason?.trim() || (because ? `Thủ tục chưa giải quyết xong trong thời hạn quy định: ${because}.` : 'Hồ sơ chưa giải quyết xong trong thời hạn quy định.'),
  };
}
