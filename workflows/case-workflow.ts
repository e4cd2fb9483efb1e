import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { ActionRefused } from '../domain';
import { CaseMachine, CaseWorkflowInput } from './case-machine';
import {
  CaseView,
  caseQuery,
  completeStepUpdate,
  rejectStepUpdate,
  requestSupplementUpdate,
  StepView,
  submitSupplementUpdate,
  withdrawUpdate,
} from './messages';
import { caseSearchAttributes } from './search-attributes';

export type { CaseWorkflowInput };

// The ledger is ours: retry briskly until PostgreSQL answers.
const ledger = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// Agencies are outside our control: keep trying with backoff for as long as it takes.
const agencies = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Turns a domain refusal into the failure an Update caller receives (the API maps its type to HTTP). */
function asFailure(check: () => unknown): void {
  try {
    check();
  } catch (err) {
    if (err instanceof ActionRefused) {
      throw ApplicationFailure.create({ type: err.code, message: err.message, details: [err.issues], nonRetryable: true });
    }
    throw err;
  }
}

/**
 * One workflow per case (workflow ID = case code) for any group of the catalogue: it dispatches
 * each step when the steps it depends on are done, waits for the agencies' answers (Updates),
 * writes every change to the ledger and ends with the case outcome.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  const machine = new CaseMachine(input);
  let changes = 0;
  let revision = 0;
  let shownStatus = '';
  let shownAgencies = '';
  const inFlight: Promise<unknown>[] = [];

  const caseView = (): CaseView => ({
    caseCode: input.caseCode,
    status: machine.status,
    revision,
    pendingAgencies: machine.pendingAgencies,
    steps: machine.steps.map((s) => ({ stepId: s.stepId, agencyCode: s.agencyCode, status: s.status, dueAt: s.dueAt })),
  });
  const stepView = (stepId: string): StepView => {
    const s = machine.step(stepId)!;
    return { caseCode: input.caseCode, stepId, procedure: s.procedure, agencyCode: s.agencyCode, status: s.status, dueAt: s.dueAt, caseStatus: machine.status };
  };

  const flush = async (): Promise<void> => {
    const agenciesNow = machine.pendingAgencies.join(',');
    if (machine.status !== shownStatus || agenciesNow !== shownAgencies) {
      shownStatus = machine.status;
      shownAgencies = agenciesNow;
      upsertSearchAttributes([
        { key: caseSearchAttributes.caseStatus, value: machine.status },
        { key: caseSearchAttributes.pendingAgencies, value: machine.pendingAgencies },
      ]);
    }
    const snapshot = machine.snapshot();
    revision = snapshot.revision;
    await ledger.recordCase(snapshot);
  };

  const deliver = (stepId: string): void => {
    const step = machine.step(stepId)!;
    const resubmission = step.resubmission;
    const request = {
      caseCode: input.caseCode,
      stepId,
      procedure: step.procedure,
      agencyCode: step.agencyCode,
      dueAt: step.dueAt!,
      resubmission,
      upstreamResults: machine.upstreamResults(step),
      supplement: step.supplement,
    };
    inFlight.push(agencies.dispatchStep(request).then(() => machine.markDelivered(stepId, resubmission)));
  };

  const onChange = async (): Promise<void> => {
    changes++;
    await flush();
  };

  setHandler(caseQuery, caseView);
  setHandler(
    completeStepUpdate,
    async ({ stepId, agencyCode, result }) => {
      machine.complete(stepId, agencyCode, result, new Date());
      await onChange();
      return stepView(stepId);
    },
    { validator: ({ stepId, agencyCode, result }) => asFailure(() => machine.validateAgencyAction('complete', stepId, agencyCode, result)) },
  );
  setHandler(
    rejectStepUpdate,
    async ({ stepId, agencyCode, rejection }) => {
      machine.reject(stepId, agencyCode, rejection, new Date());
      await onChange();
      return stepView(stepId);
    },
    { validator: ({ stepId, agencyCode, rejection }) => asFailure(() => machine.validateAgencyAction('reject', stepId, agencyCode, rejection)) },
  );
  setHandler(
    requestSupplementUpdate,
    async ({ stepId, agencyCode, request }) => {
      machine.requestSupplement(stepId, agencyCode, request, new Date());
      await onChange();
      return stepView(stepId);
    },
    { validator: ({ stepId, agencyCode, request }) => asFailure(() => machine.validateAgencyAction('request-supplement', stepId, agencyCode, request)) },
  );
  setHandler(
    submitSupplementUpdate,
    async ({ officeCode, submission }) => {
      machine.submitSupplement(submission, officeCode, new Date());
      deliver(submission.stepId);
      await onChange();
      return stepView(submission.stepId);
    },
    { validator: ({ officeCode, submission }) => asFailure(() => machine.validateSupplement(submission, officeCode)) },
  );
  setHandler(
    withdrawUpdate,
    async ({ officeCode, reason }) => {
      const notify = machine.withdraw(officeCode, reason, new Date());
      for (const step of notify) {
        inFlight.push(agencies.cancelStep({ caseCode: input.caseCode, stepId: step.stepId, agencyCode: step.agencyCode, reason: 'WITHDRAWN' }));
      }
      await onChange();
      return caseView();
    },
    { validator: ({ officeCode }) => asFailure(() => machine.validateDesk(officeCode)) },
  );

  while (!machine.isClosed) {
    const seen = changes;
    for (const step of machine.advance(new Date())) deliver(step.stepId);
    if (machine.hasUnwrittenEvents) await flush();
    if (machine.isClosed) break;
    await condition(() => changes !== seen);
  }
  await Promise.all(inFlight);
  // Let Update handlers still writing to the ledger finish before the workflow completes.
  await condition(allHandlersFinished);
  return caseView();
}
