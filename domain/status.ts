/**
 * STOPPED is the ledger's only: the reconciler closes a case whose workflow was terminated, failed or
 * timed out outside the engine (by an operator in the Temporal UI), so the person is not blocked.
 */
export const CASE_STATUSES = ['RECEIVED', 'IN_PROGRESS', 'AWAITING_SUPPLEMENT', 'COMPLETED', 'PARTIALLY_COMPLETED', 'REFUSED', 'WITHDRAWN', 'STOPPED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['RECEIVED', 'IN_PROGRESS', 'AWAITING_SUPPLEMENT'];
export const isOpenCase = (s: CaseStatus): boolean => OPEN_CASE_STATUSES.includes(s);

/** NEEDS_ATTENTION: the dispatch failed for good (the agency refused it, or kept failing); an operator retries or reassigns it. */
export const STEP_STATUSES = ['PENDING', 'DISPATCHED', 'NEEDS_ATTENTION', 'AWAITING_SUPPLEMENT', 'COMPLETED', 'REJECTED', 'SKIPPED', 'CANCELLED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
/**
 * How the ledger shows a step: the workflow's statuses, plus SENDING while the engine is handing
 * the step to its agency and the agency has not acknowledged it yet (the workflow counts such a
 * step as DISPATCHED: its clock runs and the agency may already answer).
 */
export const LEDGER_STEP_STATUSES = ['PENDING', 'SENDING', 'DISPATCHED', 'NEEDS_ATTENTION', 'AWAITING_SUPPLEMENT', 'COMPLETED', 'REJECTED', 'SKIPPED', 'CANCELLED'] as const;
export type LedgerStepStatus = (typeof LEDGER_STEP_STATUSES)[number];
/** Ledger steps whose agency works on them (or is being handed them, or waits for an operator to hand them again): they run the case clock. */
export const WORKING_LEDGER_STEP_STATUSES: readonly LedgerStepStatus[] = ['SENDING', 'DISPATCHED', 'NEEDS_ATTENTION'];
/** Ledger steps not yet finished once sent: the working ones and those waiting for the applicant's supplement. */
export const OPEN_LEDGER_STEP_STATUSES: readonly LedgerStepStatus[] = [...WORKING_LEDGER_STEP_STATUSES, 'AWAITING_SUPPLEMENT'];

export const FINAL_STEP_STATUSES: readonly StepStatus[] = ['COMPLETED', 'REJECTED', 'SKIPPED', 'CANCELLED'];
export const isFinalStep = (s: StepStatus): boolean => FINAL_STEP_STATUSES.includes(s);

/** Every legal step transition; anything else is a bug or a caller acting out of turn. */
export const STEP_TRANSITIONS = {
  PENDING: ['DISPATCHED', 'SKIPPED', 'CANCELLED'],
  DISPATCHED: ['COMPLETED', 'REJECTED', 'AWAITING_SUPPLEMENT', 'CANCELLED', 'NEEDS_ATTENTION'],
  NEEDS_ATTENTION: ['DISPATCHED', 'CANCELLED'],
  AWAITING_SUPPLEMENT: ['DISPATCHED', 'REJECTED', 'CANCELLED'],
  COMPLETED: [],
  REJECTED: [],
  SKIPPED: [],
  CANCELLED: [],
} as const satisfies Record<StepStatus, readonly StepStatus[]>;

export function canStepMove(from: StepStatus, to: StepStatus): boolean {
  return (STEP_TRANSITIONS[from] as readonly StepStatus[]).includes(to);
}

/** What an agency may do to its step, by the step's status. */
export const AGENCY_ACTIONS = ['complete', 'reject', 'request-supplement'] as const;
export type AgencyAction = (typeof AGENCY_ACTIONS)[number];
export const AGENCY_ACTIONS_BY_STATUS = {
  PENDING: [],
  DISPATCHED: ['complete', 'reject', 'request-supplement'],
  NEEDS_ATTENTION: [],
  AWAITING_SUPPLEMENT: [],
  COMPLETED: [],
  REJECTED: [],
  SKIPPED: [],
  CANCELLED: [],
} as const satisfies Record<StepStatus, readonly AgencyAction[]>;

export interface StepOutcomeView {
  status: StepStatus;
  essential: boolean;
}

/**
 * The case outcome once every step is final: an essential step refused (death registration)
 * refuses the case; any other refusal leaves what was done standing.
 */
export function caseOutcome(steps: readonly StepOutcomeView[]): 'COMPLETED' | 'PARTIALLY_COMPLETED' | 'REFUSED' {
  if (steps.some((s) => s.essential && s.status === 'REJECTED')) return 'REFUSED';
  return steps.every((s) => s.status === 'COMPLETED') ? 'COMPLETED' : 'PARTIALLY_COMPLETED';
}

/** The status of a case that is still open, from its steps. */
export function openCaseStatus(steps: readonly { status: StepStatus }[]): 'RECEIVED' | 'IN_PROGRESS' | 'AWAITING_SUPPLEMENT' {
  if (steps.some((s) => s.status === 'AWAITING_SUPPLEMENT')) return 'AWAITING_SUPPLEMENT';
  return steps.some((s) => s.status !== 'PENDING') ? 'IN_PROGRESS' : 'RECEIVED';
}
