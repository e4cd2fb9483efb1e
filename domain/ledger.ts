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
  // Operators and incidents:
  'NEEDS_ATTENTION',
  'DISPATCH_RETRIED',
  'REASSIGNED',
  'WORKFLOW_STOPPED',
  // The fourth step, written by the API (domain/handover.ts), never by a workflow:
  'RESULT_RETURNED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Parties of a hand-over: `applicant`, `engine`, `operators`, `desk:<office code>`, `agency:<agency code>`; an operator acts as `operator:<API key id>`. */
export const party = {
  applicant: 'applicant',
  engine: 'engine',
  operators: 'operators',
  operator: (keyId: string) => `operator:${keyId}`,
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
  /** Why the step needs an operator (NEEDS_ATTENTION): the kind of failure, never a response body. */
  attention?: StepAttention;
}

/** Why a dispatch failed for good. */
export interface StepAttention {
  /** `AGENCY_REFUSED` (4xx), `CONTRACT_BROKEN`, `AGENCY_NOT_CONFIGURED`, `RETRIES_EXHAUSTED`, `ANSWER_INVALID`. */
  reason: string;
  /** The agency's HTTP status, when it answered one. */
  httpStatus?: number;
  /** Attempts made before giving up. */
  attempts?: number;
  at: string;
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
  /** The workflow run that wrote it (cases since the `linkedCase` workflow): after an operator's reset the new run's writes replace the old run's. */
  run?: { id: string };
  /** `events` is the whole timeline the workflow knows (not only the new events): the ledger's is replaced by it. */
  complete?: boolean;
}

/** What a caller may do to a case through an Update; the ledger keeps those sent with an Idempotency-Key. */
/** `return-result` is the desk's record of the fourth step: a ledger write, not an Update. */
export const CASE_ACTIONS = ['complete', 'reject', 'request-supplement', 'submit-supplement', 'withdraw', 'retry', 'reassign', 'return-result'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * The person (a console user) who took an action, recorded as `details.by` of the events the action
 * wrote and with the action. Workflows carry only the user id; the ledger adds the person's full
 * name when it writes them (officials' names stay out of Temporal histories).
 */
export interface ActingPerson {
  userId: string;
  name?: string;
}

/** An action taken with an Idempotency-Key: a retry with the same key and request gets `response` again. */
export interface ActionRecord {
  idempotencyKey: string;
  action: CaseAction;
  stepId?: string;
  /** SHA-256 (hex) of the action, the path and the request body, computed by the API. */
  requestHash: string;
  response: unknown;
  at: string;
  /** The person who took it (console users; absent for API keys and in older cases). */
  by?: ActingPerson;
}

/** How an API request names itself to the workflow, so a retry is recognised. */
export interface RequestIdentity {
  /** The key scoped by the party that sent it (`agency:X|key`, `desk:O|key`, `operators|key`). */
  idempotencyKey: string;
  requestHash: string;
  /** The key as sent: actions recorded before keys were scoped carry it, and answer a retry of the same party. */
  unscopedKey?: string;
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
  /** Why the step needs an operator (NEEDS_ATTENTION), else null. */
  attention: StepAttention | null;
  /** Attempts of the latest dispatch while the connector retries, and the kind of the last failure. */
  dispatchAttempts: number;
  dispatchError: string | null;
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
  /** The fourth step (trả kết quả): when the desk returned the result and how; null until then. */
  returnedAt: string | null;
  returnMethod: string | null;
  /** Set by the reconciler when the case's workflow failed, timed out or went missing. */
  attention: CaseAttention | null;
}

/** What the reconciler found wrong with a case's workflow. */
export interface CaseAttention {
  /** `WORKFLOW_FAILED`, `WORKFLOW_TIMED_OUT`, `WORKFLOW_MISSING`, `WORKFLOW_TERMINATED`, `LEDGER_BEHIND`. */
  reason: string;
  temporalStatus?: string;
  at: string;
}

export interface CaseDetail extends CaseSummary {
  steps: StepRecord[];
  timeline: EventRecord[];
}
