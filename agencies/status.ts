import type { DispatchAnswer, DispatchStatus, SimulatorRecord } from './records';

/**
 * What GET /v1/dispatches/{key} answers for a record. A decided answer is served whatever became
 * of its POST to the engine — sending, failed for good (`answer-failed`), or never sent (poll
 * mode) — so the engine can fetch an answer it never received. A record cancelled before its
 * answer was delivered stays cancelled; one whose answer could not even be built was never decided.
 */
export function dispatchStatusOf(record: SimulatorRecord, decided: DispatchAnswer | undefined): DispatchStatus {
  const facts = { caseCode: record.caseCode, stepId: record.stepId, agencyCode: record.agencyCode, resubmission: record.resubmission };
  if (record.state === 'cancelled') return { ...facts, state: 'cancelled' };
  if (decided) return { ...facts, state: 'answered', answer: decided };
  return { ...facts, state: 'recorded' };
}
