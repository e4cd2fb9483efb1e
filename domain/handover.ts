import { z } from 'zod';
import { localDateOf } from './calendar/local-time';
import type { CaseStatus } from './status';
import { lineText, multilineText, nameText } from './text';

// The fourth step of the one-stop process: returning the result (trả kết quả) to the applicant.
// Decree 61/2018/NĐ-CP Art 20 (as amended by Decree 107/2021/NĐ-CP) and Circular 01/2018/TT-VPCP
// Art 9: the result is returned at the one-stop desk, by public postal service, or online, and the
// moment it is returned is the last row of the process-control slip (Mẫu 05) and of the tracking
// book (Mẫu 06). The on-time measure of a case runs to this moment, not to the agency's answer.

/** tại Bộ phận Một cửa / qua dịch vụ bưu chính / trực tuyến. */
export const HANDOVER_METHODS = ['desk', 'post', 'online'] as const;
export type HandoverMethod = (typeof HANDOVER_METHODS)[number];

/** Outcomes that leave a result to hand over (a refusal is returned too: the written notice). */
export const RESULT_READY_STATUSES: readonly CaseStatus[] = ['COMPLETED', 'PARTIALLY_COMPLETED', 'REFUSED'];

/**
 * The timeline event's seq: reserved above anything a workflow numbers (a workflow's history holds
 * far fewer events), so a workflow snapshot, even a reset run's whole timeline, never collides with
 * it, and it sorts last, as the step it records.
 */
export const RESULT_RETURNED_SEQ = 1_000_000;

/** The same relation the dossier's applicant uses for themself. */
export const APPLICANT_RECIPIENT = 'applicant';

const note = multilineText({ max: 1000 }).optional().meta({ description: 'The desk’s note (personal data may appear: kept with the dossier).' });
const at = z.iso
  .datetime({ offset: true })
  .optional()
  .meta({ description: 'When the result was returned; default now. Not in the future, not before the case’s results were ready (`closedAt`).' });

/**
 * Who received the result is personal data (a name, a postal tracking number that leads to an
 * address, an online account): it is stored with the dossier, shown only to the receiving desk and
 * on its forms; the case row and the timeline keep the method and whether the applicant came.
 */
export const handoverSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('desk'),
    recipient: z
      .strictObject({
        relationship: nameText({ min: 1, max: 100 }).meta({ description: '`applicant` when the applicant came; otherwise the relation to the applicant (e.g. `con`, `người được ủy quyền`).' }),
        fullName: nameText({ min: 1, max: 200 }).optional().meta({ description: 'Required unless `relationship` is `applicant` (then the dossier’s applicant is named).' }),
        identityDocument: lineText({ min: 1, max: 100 }).optional().meta({ description: 'The identity paper shown (e.g. căn cước number), if the desk records it.' }),
      })
      .superRefine(
        (r, ctx) => {
          // Judged even when another field is bad (`when`), so both are named at once; a name given but bad is named by its own rule.
          if (typeof r !== 'object' || r === null) return;
          if (r.relationship !== APPLICANT_RECIPIENT && r.fullName === undefined) ctx.addIssue({ code: 'custom', path: ['fullName'], message: 'required when the recipient is not the applicant' });
        },
        { when: () => true },
      ),
    note,
    at,
  }),
  z.strictObject({
    method: z.literal('post'),
    trackingNumber: lineText({ min: 4, max: 40 }).meta({ description: 'The postal item number (số hiệu bưu gửi).' }),
    note,
    at,
  }),
  z.strictObject({
    method: z.literal('online'),
    channel: lineText({ min: 2, max: 200 }).meta({ description: 'Where it was returned, e.g. `Cổng Dịch vụ công quốc gia`.' }),
    accountReference: lineText({ min: 1, max: 200 }).meta({ description: 'The applicant’s account or the portal’s transaction reference.' }),
    note,
    at,
  }),
]);
export type HandoverRequest = z.infer<typeof handoverSchema>;

/** What the dossier keeps of a handover (personal data). */
export type HandoverDetails = Omit<HandoverRequest, 'at'>;

export type ReturnTimeliness = 'early' | 'on-time' | 'late';

/** Before the appointment day, on the day (not after the instant), or late: as the forms measure. */
export function timelinessAt(at: string, dueAt: string): ReturnTimeliness {
  if (Date.parse(at) > Date.parse(dueAt)) return 'late';
  return localDateOf(new Date(at)) < localDateOf(new Date(dueAt)) ? 'early' : 'on-time';
}

/**
 * Where a case stands on the fourth step: `returned`, `awaiting-return` (results ready, not yet
 * returned), `not-ready` (steps still open), or `none` (withdrawn or stopped: nothing is owed).
 */
export type ReturnState = 'returned' | 'awaiting-return' | 'not-ready' | 'none';

export interface CaseReturnView {
  state: ReturnState;
  returnedAt: string | null;
  method: HandoverMethod | null;
  /** Measured at the handover against the appointment in force; null until returned. */
  timeliness: ReturnTimeliness | null;
  onTime: boolean | null;
}

export function caseReturnView(c: { status: CaseStatus; appointmentAt: string; returnedAt: string | null; returnMethod: string | null }): CaseReturnView {
  if (c.returnedAt) {
    const timeliness = timelinessAt(c.returnedAt, c.appointmentAt);
    return { state: 'returned', returnedAt: c.returnedAt, method: (c.returnMethod as HandoverMethod) ?? null, timeliness, onTime: timeliness !== 'late' };
  }
  const state: ReturnState = RESULT_READY_STATUSES.includes(c.status) ? 'awaiting-return' : c.status === 'WITHDRAWN' || c.status === 'STOPPED' ? 'none' : 'not-ready';
  return { state, returnedAt: null, method: null, timeliness: null, onTime: null };
}
