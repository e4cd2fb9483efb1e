import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActingPerson, CaseSnapshot, RequestIdentity } from '../domain/ledger';
import type { Rejection, SupplementRequest, SupplementSubmission } from '../domain/results';
import type { CaseStatus, StepStatus } from '../domain/status';

/** What an agency or a desk sees after acting: the step's new state. */
export interface StepView {
  caseCode: string;
  stepId: string;
  procedure: string;
  agencyCode: string;
  status: StepStatus;
  dueAt?: string;
  caseStatus: CaseStatus;
}

export interface CaseView {
  caseCode: string;
  status: CaseStatus;
  revision: number;
  pendingAgencies: string[];
  steps: { stepId: string; agencyCode: string; status: StepStatus; dueAt?: string }[];
}

export interface CompleteStepArgs {
  stepId: string;
  agencyCode: string;
  result: Record<string, unknown>;
  /** The caller's Idempotency-Key and request hash (absent in cases started before patch two-doors, or without the header). */
  idempotency?: RequestIdentity;
  /** The console user who acts (absent for API keys and in older Updates): named in the events and the action. */
  by?: ActingPerson;
}
export interface RejectStepArgs {
  stepId: string;
  agencyCode: string;
  rejection: Rejection;
  /** The caller's Idempotency-Key and request hash (absent in cases started before patch two-doors, or without the header). */
  idempotency?: RequestIdentity;
  /** The console user who acts (absent for API keys and in older Updates): named in the events and the action. */
  by?: ActingPerson;
}
export interface RequestSupplementArgs {
  stepId: string;
  agencyCode: string;
  request: SupplementRequest;
  /** The caller's Idempotency-Key and request hash (absent in cases started before patch two-doors, or without the header). */
  idempotency?: RequestIdentity;
  /** The console user who acts (absent for API keys and in older Updates): named in the events and the action. */
  by?: ActingPerson;
}
export interface SubmitSupplementArgs {
  officeCode: string;
  submission: SupplementSubmission;
  /** The caller's Idempotency-Key and request hash (absent in cases started before patch two-doors, or without the header). */
  idempotency?: RequestIdentity;
  /** The console user who acts (absent for API keys and in older Updates): named in the events and the action. */
  by?: ActingPerson;
}
export interface WithdrawArgs {
  officeCode: string;
  reason: string;
  /** The caller's Idempotency-Key and request hash (absent in cases started before patch two-doors, or without the header). */
  idempotency?: RequestIdentity;
  /** The console user who acts (absent for API keys and in older Updates): named in the events and the action. */
  by?: ActingPerson;
}

/** An operator sends a step that needs attention again (cases of the `linkedCase` workflow). */
export interface RetryStepArgs {
  stepId: string;
  /** The operator's API key id, recorded in the timeline. */
  operatorKeyId: string;
  idempotency?: RequestIdentity;
  /** The console user who acts (absent for API keys and in older Updates). */
  by?: ActingPerson;
}
/** An operator hands a step to another agency of the same role. */
export interface ReassignStepArgs {
  stepId: string;
  agencyCode: string;
  /** The new agency's role, from the province data the API holds (the workflow does not); absent in older Updates. */
  agencyRole?: string;
  operatorKeyId: string;
  idempotency?: RequestIdentity;
  /** The console user who acts (absent for API keys and in older Updates). */
  by?: ActingPerson;
}

// Updates, not signals: the caller gets a synchronous answer, and validators refuse bad calls
// before anything reaches the workflow history.
export const completeStepUpdate = defineUpdate<StepView, [CompleteStepArgs]>('completeStep');
export const rejectStepUpdate = defineUpdate<StepView, [RejectStepArgs]>('rejectStep');
export const requestSupplementUpdate = defineUpdate<StepView, [RequestSupplementArgs]>('requestSupplement');
export const submitSupplementUpdate = defineUpdate<StepView, [SubmitSupplementArgs]>('submitSupplement');
export const withdrawUpdate = defineUpdate<CaseView, [WithdrawArgs]>('withdraw');
export const retryStepUpdate = defineUpdate<StepView, [RetryStepArgs]>('retryStep');
export const reassignStepUpdate = defineUpdate<StepView, [ReassignStepArgs]>('reassignStep');
export const caseQuery = defineQuery<CaseView>('case');
/** The whole case as the ledger should show it (`linkedCase`): the reconciler writes it after an operator's reset. */
export const ledgerStateQuery = defineQuery<CaseSnapshot>('ledgerState');
