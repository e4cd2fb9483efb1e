import { RetryState } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { OperatedCaseMachine } from '../domain/case/operations';
import type { CaseWorkflowInput } from '../domain/case/machine';
import type { CaseSnapshot, StepAttention } from '../domain/ledger';

// What operators read in the Temporal UI about a `linkedCase` workflow: codes, statuses and dates,
// never personal data (the case code identifies the case).

/** Why a dispatch failed for good, from the activity's failure (its type and details, never a response body). */
export function attentionOf(err: unknown, attempts: number): Omit<StepAttention, 'at'> {
  if (!(err instanceof ActivityFailure)) return { reason: 'DISPATCH_FAILED' };
  const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
  const details = (cause?.details?.[0] ?? {}) as { httpStatus?: number; attempt?: number };
  const exhausted = err.retryState === RetryState.MAXIMUM_ATTEMPTS_REACHED;
  return {
    reason: exhausted ? 'RETRIES_EXHAUSTED' : (cause?.type ?? 'DISPATCH_FAILED'),
    ...(typeof details.httpStatus === 'number' ? { httpStatus: details.httpStatus } : {}),
    attempts: exhausted ? attempts : (details.attempt ?? 1),
  };
}

/** The workflow's current details (Temporal markdown): group, procedures, office, appointment, where each step is. */
export function caseDetails(input: CaseWorkflowInput, m: OperatedCaseMachine): string {
  const steps = m.steps.map((s) => `- ${s.stepId}: ${s.status} at ${s.agencyCode}${s.dueAt ? `, due ${s.dueAt}` : ''}`);
  return [
    `**${input.group}** case ${input.caseCode}, received at ${input.receivingOffice}`,
    `Status: ${m.status}; appointment ${m.appointmentAt}${m.isOverdue ? ' (overdue)' : ''}`,
    `Pending agencies: ${m.pendingAgencies.join(', ') || 'none'}`,
    ...steps,
  ].join('\n');
}

/** A ledger write's summary: its revision and what it records. */
export function ledgerSummary(snapshot: CaseSnapshot): string {
  const events = snapshot.events.map((e) => (e.stepId ? `${e.type} ${e.stepId}` : e.type));
  return `Ledger rev ${snapshot.revision}: ${events.length ? events.join(', ') : snapshot.status}`;
}
