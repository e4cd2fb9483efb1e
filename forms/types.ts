// Input shapes (what the ledger holds, from domain/) and output shapes (the forms of Circular
// 01/2018/TT-VPCP Art 9).
import type { CaseDetail, EventRecord, StepRecord } from '../domain/ledger';

/** Ledger records as the repositories return them (domain/ledger.ts). */
export type LedgerStep = StepRecord;
export type LedgerEventRecord = EventRecord;
export type LedgerCase = CaseDetail;

export interface DossierRecord {
  applicant: unknown;
  subject: unknown;
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
  /** The appointment first given (an apology's new date does not rewrite the receipt). */
  appointmentAt: string;
  resultDelivery: string;
  resultDeliveryLabel: string;
}

export interface SupplementRequestForm extends CaseFormHeader, ApplicantPart {
  form: 'supplement-request';
  requests: (ProcedureView & { requestedAt: string; items: { code: string; description: string }[]; note: string | null; submittedAt: string | null })[];
}

export interface RefusalForm extends CaseFormHeader, ApplicantPart {
  form: 'refusal';
  refusals: (ProcedureView & { refusedAt: string; reasonCode: string; reason: string })[];
  caseStatus: string;
  caseStatusLabel: string;
  /** What the refusal leaves standing (e.g. the death registration when a benefit is refused). */
  otherProcedures: (ProcedureView & { status: string; statusLabel: string })[];
}

export interface ApologyForm extends CaseFormHeader, ApplicantPart {
  form: 'apology';
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
  firstDispatchedAt: string | null;
  appointmentAt: string;
  closedAt: string | null;
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
