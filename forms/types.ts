// Input shapes (what the ledger holds, from domain/) and output shapes (the forms of Circular
// 01/2018/TT-VPCP Art 9).
import type { CaseReturnView } from '../domain/handover';
import type { CaseDetail, EventRecord, StepRecord } from '../domain/ledger';

/** Ledger records as the repositories return them (domain/ledger.ts). */
export type LedgerStep = StepRecord;
export type LedgerEventRecord = EventRecord;
export type LedgerCase = CaseDetail;

export interface DossierRecord {
  applicant: unknown;
  subject: unknown;
  /** Who received the result (domain/handover.ts), once returned. */
  handover?: unknown;
}

/**
 * The desk officer who prints a slip. The engine has no officer identity (an API key is a desk's,
 * not a person's), so the officer's name and phone come with the request for the form and are
 * printed, never stored; absent, the slip leaves the line to be written by hand.
 */
export interface OfficerView {
  name: string | null;
  phone: string | null;
}

/** What a form needs besides the ledger: the officer printing it, the receipt's line in the office's book. */
export interface FormOptions {
  officer?: OfficerView;
  /** Số thứ tự: the case's line in the office's tracking book of its receipt year. */
  bookLine?: number;
  /**
   * The applicant's tracking page: the address the QR code encodes (`…/tra-cuu?ma=<code>`, with
   * `&k=<rating code>` on the receipt) and, on the receipt, the rating code printed as text.
   */
  tracking?: { url: string; ratingCode?: string };
}

/** An agency in whose name a notice is issued (the refusal after appraisal, the apology). */
export interface IssuerView {
  kind: 'agency' | 'desk';
  code: string;
  name: string;
}

/** A case as the tracking book needs it: the case, its steps, its apology events and the applicant. */
export interface TrackingCase extends LedgerCase {
  applicant: unknown;
}

export const CASE_FORM_KEYS = ['receipt', 'supplement-request', 'refusal', 'apology', 'process-control'] as const;
export type CaseFormKey = (typeof CASE_FORM_KEYS)[number];
export const TRACKING_BOOK_KEY = 'tracking-book';

export type Timeliness = 'early' | 'on-time' | 'late';

export interface OfficeView {
  code: string;
  name: string;
  province: string;
}

export interface ApplicantView {
  fullName: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  relationship: string | null;
}

export interface ProcedureView {
  stepId: string;
  procedureName: string;
  agencyCode: string;
  agencyName: string;
}

/** What every case form carries. `issuedAt` is the form's own date (also the PDF's creation date). */
export interface CaseFormHeader {
  form: CaseFormKey;
  formNumber: string;
  title: string;
  legalBasis: string;
  caseCode: string;
  office: OfficeView;
  issuedAt: string;
  procedureGroup: { code: string; name: string };
  /** What the QR code encodes: the tracking page's address, or the case code alone when none was given. */
  trackingUrl: string | null;
}

/** The applicant and the request, as the slips handed to the applicant name them. */
export interface ApplicantPart {
  applicant: ApplicantView;
  subject: { label: string; fullName: string } | null;
  /** Nội dung yêu cầu giải quyết: the procedures asked for. */
  request: string;
  receivedAt: string;
}

export interface ReceiptForm extends CaseFormHeader, ApplicantPart {
  form: 'receipt';
  channel: string;
  channelLabel: string;
  procedures: (ProcedureView & { timeLimitWorkingDays: number; timeLimitText: string })[];
  documents: { name: string; forProcedure: string }[];
  dossierSets: number;
  /** Số: the receipt's number, the case code (Circular 01/2018 Art 19 makes it unique). */
  receiptNumber: string;
  /** Quyển số: the office's tracking book of the receipt year (one book per office and year: the engine's convention). */
  bookVolume: string;
  /** Số thứ tự: the case's line in that book; null when not computed. */
  bookLine: number | null;
  /** Người tiếp nhận hồ sơ. */
  officer: OfficerView;
  /** Mã đánh giá: lets the holder of the slip rate the service on the tracking page once the result is returned. */
  ratingCode: string | null;
  /** The appointment first given (an apology's new date does not rewrite the receipt). */
  appointmentAt: string;
  resultDelivery: string;
  resultDeliveryLabel: string;
}

export interface SupplementRequestForm extends CaseFormHeader, ApplicantPart {
  form: 'supplement-request';
  /** Lý do: why the dossier must be supplemented. */
  reason: string;
  /** Người hướng dẫn: the desk officer who guides the applicant, with a phone to call. */
  guidingOfficer: OfficerView;
  requests: (ProcedureView & { requestedAt: string; items: { code: string; description: string }[]; note: string | null; submittedAt: string | null })[];
}

/**
 * The competent agency's written notice refusing a dossier after appraisal. Not Mẫu 03 (the desk's
 * refusal at receipt, which the engine never issues: a dossier it refuses at receipt is not stored).
 */
export interface RefusalForm extends CaseFormHeader, ApplicantPart {
  form: 'refusal';
  /** The agencies that refused: the notice is theirs. */
  issuers: IssuerView[];
  refusals: (ProcedureView & { refusedAt: string; reasonCode: string; reason: string })[];
  caseStatus: string;
  caseStatusLabel: string;
  /** What the refusal leaves standing (e.g. the death registration when a benefit is refused). */
  otherProcedures: (ProcedureView & { status: string; statusLabel: string })[];
}

export interface ApologyForm extends CaseFormHeader, ApplicantPart {
  form: 'apology';
  /** The agencies that caused the delay issue the apology (Decree 61/2018 Art 19(4) as amended by Decree 107/2021). */
  issuers: IssuerView[];
  previousAppointmentAt: string;
  newAppointmentAt: string;
  lateSteps: ProcedureView[];
  reason: string;
}

export interface HandOver {
  seq: number;
  type: string;
  typeLabel: string;
  stepId: string | null;
  procedureName: string | null;
  from: { party: string; label: string };
  to: { party: string; label: string };
  at: string;
  /** The time limit the hand-over is measured against (the step's due date, or the appointment when the case closes). */
  dueAt: string | null;
  timeliness: Timeliness | null;
  timelinessLabel: string | null;
  onTime: boolean | null;
  /** Ghi chú: the due date a dispatch set, a refusal's reason code, an apology's new date, the outcome. */
  note: string | null;
}

export interface ProcessControlForm extends CaseFormHeader {
  form: 'process-control';
  /** Kèm theo hồ sơ của: the applicant. */
  applicant: ApplicantView;
  /** Cơ quan chủ trì giải quyết: the agency of the essential step (death or birth registration). */
  leadAgency: { code: string; name: string } | null;
  /** Cơ quan phối hợp giải quyết: the other agencies. */
  coordinatingAgencies: { code: string; name: string }[];
  /** The fourth step: its last row is the handover (trả kết quả cho tổ chức, cá nhân) once recorded. */
  resultReturn: CaseReturnView & { methodLabel: string | null; recipientLabel: string | null };
  receivedAt: string;
  appointmentAt: string;
  caseStatus: string;
  caseStatusLabel: string;
  procedures: (ProcedureView & { status: string; statusLabel: string; dueAt: string | null })[];
  handOvers: HandOver[];
}

export type CaseForm = ReceiptForm | SupplementRequestForm | RefusalForm | ApologyForm | ProcessControlForm;

export interface TrackingBookRow {
  no: number;
  caseCode: string;
  receivedAt: string;
  applicant: ApplicantView;
  procedures: (ProcedureView & { status: string; statusLabel: string })[];
  /** Số lượng hồ sơ (bộ). */
  dossierSets: number;
  firstDispatchedAt: string | null;
  appointmentAt: string;
  closedAt: string | null;
  /** Nhận kết quả từ cơ quan giải quyết: when the last agency's result came (the case closed with a result). */
  resultReceivedAt: string | null;
  /** Trả kết quả cho tổ chức, cá nhân: the handover, and how. */
  returnedAt: string | null;
  returnMethod: string | null;
  returnMethodLabel: string | null;
  /** Ký nhận: signed on paper; the JSON leaves it empty. */
  signature: null;
  status: string;
  statusLabel: string;
  timeliness: Timeliness | null;
  timelinessLabel: string | null;
  notes: string[];
}

export interface TrackingBook {
  form: typeof TRACKING_BOOK_KEY;
  formNumber: string;
  title: string;
  legalBasis: string;
  office: OfficeView;
  from: string;
  to: string;
  /** The book's own date: the latest activity it shows (the range start when empty). */
  issuedAt: string;
  count: number;
  rows: TrackingBookRow[];
}
