import { CaseStatus, LedgerStepStatus } from './status';

/** Kinds of entries in the process-control log (phiếu kiểm soát quá trình giải quyết hồ sơ). */
export const EVENT_TYPES = [
  'RECEIVED',
  'DISPATCHED',
  'COMPLETED',
  'REJECTED',
  'SUPPLEMENT_REQUESTED',
  'SUPPLEMENT_SUBMITTED',
  'SKIPPED',
  'CANCELLED',
  'WITHDRAWN',
  'CLOSED',
  // The legal clock (Decree 61/2018 Art 19; Circular 01/2018 Art 9):
  'REMINDED',
  'APOLOGY_ISSUED',
  'APPOINTMENT_MOVED',
  'OVERDUE',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Parties of a hand-over: `applicant`, `engine`, `desk:<office code>`, `agency:<agency code>`. */
export const party = {
  applicant: 'applicant',
  engine: 'engine',
  desk: (officeCode: string) => `desk:${officeCode}`,
  agency: (agencyCode: string) => `agency:${agencyCode}`,
};

export interface LedgerEvent {
  /** `<case code>#<seq>`: unique, so a retried write inserts nothing twice. */
  id: string;
  seq: number;
  type: EventType;
  stepId?: string;
  actor: string;
  from: string;
  to: string;
  at: string;
  details: Record<string, unknown>;
}

export const eventId = (caseCode: string, seq: number): string => `${caseCode}#${seq}`;

export interface StepSnapshot {
  stepId: string;
  procedure: string;
  agencyCode: string;
  status: LedgerStepStatus;
  dependsOn: string[];
  timeLimitWorkingDays: number;
  resubmission: number;
  dispatchedAt?: string;
  dueAt?: string;
  finishedAt?: string;
  result?: Record<string, unknown>;
  rejection?: { reasonCode: string; reason: string };
  remindedAt?: string;
  isOverdue?: boolean;
  supplementRequest?: { items: { code: string; description: string }[]; note?: string; requestedAt: string };
}

/** What the workflow writes to the ledger after each change: absolute state plus the new events. */
export interface CaseSnapshot {
  caseCode: string;
  /** Increases with every change; the ledger ignores a snapshot older than what it holds. */
  revision: number;
  status: CaseStatus;
  appointmentAt: string;
  closedAt?: string;
  /** Set once: the apology slip with a new appointment may be issued only once. */
  apologyIssuedAt?: string;
  isOverdue?: boolean;
  steps: StepSnapshot[];
  events: LedgerEvent[];
  /** Actions taken with an Idempotency-Key since the last snapshot, with the answer they got. */
  actions?: ActionRecord[];
}

/** What a caller may do to a case through an Update; the ledger keeps those sent with an Idempotency-Key. */
export const CASE_ACTIONS = ['complete', 'reject', 'request-supplement', 'submit-supplement', 'withdraw'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** An action taken with an Idempotency-Key: a retry with the same key and request gets `response` again. */
export interface ActionRecord {
  idempotencyKey: string;
  action: CaseAction;
  stepId?: string;
  /** SHA-256 (hex) of the action, the path and the request body, computed by the API. */
  requestHash: string;
  response: unknown;
  at: string;
}

/** How an API request names itself to the workflow, so a retry is recognised. */
export interface RequestIdentity {
  idempotencyKey: string;
  requestHash: string;
}

// ---- The ledger as read back (repositories return these; API and forms read them) ----

/** A step row of the ledger. */
export interface StepRecord {
  stepId: string;
  procedure: string;
  agencyCode: string;
  status: LedgerStepStatus;
  dependsOn: string[];
  timeLimitWorkingDays: number;
  /** 0 for the first dispatch, n after the n-th supplement. */
  resubmission: number;
  dispatchedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  result: unknown;
  rejection: unknown;
  supplementRequest: unknown;
  remindedAt: string | null;
  isOverdue: boolean;
}

/** An event of the process-control log. */
export interface EventRecord {
  seq: number;
  type: string;
  stepId: string | null;
  actor: string;
  from: string;
  to: string;
  at: string;
  details: unknown;
}

export interface CaseSummary {
  caseCode: string;
  group: string;
  catalogueVersion: string;
  receivingOffice: string;
  channel: string;
  resultDelivery: string;
  status: CaseStatus;
  receivedAt: string;
  appointmentAt: string;
  closedAt: string | null;
  apologyIssuedAt: string | null;
  isOverdue: boolean;
}

export interface CaseDetail extends CaseSummary {
  steps: StepRecord[];
  timeline: EventRecord[];
}
