import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { ActionRefused, createLegalCalendar, localDateOf } from '../domain';
import { ClockedCaseMachine, ClockSettings } from './case-clock';
import type { CaseWorkflowInput } from './case-machine';
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
// A reminder is worth little once late: a few tries, never holding the case open.
const reminders = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 5 },
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
  const machine = new ClockedCaseMachine(input);
  // Cases started before the legal clock replay without its timers and calendar reads.
  const legalClock = patched('legal-clock');
  const settings: ClockSettings = input.clock ?? { reminderLeadMinutes: 240 };
  let changes = 0;
  let revision = 0;
  let shownStatus = '';
  let shownAgencies = '';
  let shownClock = `false|${input.appointmentAt}`;
  const inFlight: Promise<unknown>[] = [];
  // Each delivery runs in its own scope so a withdrawal can stop one that is still retrying.
  const deliveries = new Map<string, { scope: CancellationScope; done: Promise<void> }>();

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
    const clockNow = `${machine.isOverdue}|${machine.appointmentAt}`;
    if (machine.status !== shownStatus || agenciesNow !== shownAgencies || (legalClock && clockNow !== shownClock)) {
      shownStatus = machine.status;
      shownAgencies = agenciesNow;
      shownClock = clockNow;
      upsertSearchAttributes([
        { key: caseSearchAttributes.caseStatus, value: machine.status },
        { key: caseSearchAttributes.pendingAgencies, value: machine.pendingAgencies },
        ...(legalClock
          ? [
              { key: caseSearchAttributes.isOverdue, value: machine.isOverdue },
              { key: caseSearchAttributes.dueAt, value: new Date(machine.appointmentAt) },
            ]
          : []),
      ]);
    }
    const snapshot = machine.snapshot();
    revision = snapshot.revision;
    // Its events have left the machine: an operator's cancellation must not lose them.
    await (legalClock ? CancellationScope.nonCancellable(() => ledger.recordCase(snapshot)) : ledger.recordCase(snapshot));
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
    const scope = new CancellationScope();
    const done = scope.run(() => agencies.dispatchStep(request)).then(
      () => machine.markDelivered(stepId, resubmission),
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
    deliveries.set(stepId, { scope, done });
    inFlight.push(done);
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
        const cancel = () => agencies.cancelStep({ caseCode: input.caseCode, stepId: step.stepId, agencyCode: step.agencyCode, reason: 'WITHDRAWN' });
        const delivery = deliveries.get(step.stepId);
        if (legalClock && delivery && step.deliveryPending) {
          // Stop the retrying dispatch first, then tell the agency (it may have received it anyway).
          delivery.scope.cancel();
          inFlight.push(delivery.done.then(cancel));
        } else {
          inFlight.push(cancel());
        }
      }
      await onChange();
      return caseView();
    },
    { validator: ({ officeCode }) => asFailure(() => machine.validateWithdrawal(officeCode)) },
  );

  // Deadlines count on the legal calendar with the overrides in the ledger, re-read before each
  // use so a yearly decision published mid-case applies.
  const refreshCalendar = async (): Promise<void> => {
    const overrides = await ledger.loadCalendar({ officeCode: input.receivingOffice, fromDate: localDateOf(new Date(input.receivedAt)) });
    // Agencies count on the general calendar; the desk's own overrides only move its receipt days.
    machine.calendar = createLegalCalendar(overrides);
    machine.receiptCalendar = createLegalCalendar(overrides, input.receivingOffice);
  };
  try {
    if (legalClock) await refreshCalendar();

    while (!machine.isClosed) {
      const seen = changes;
      if (legalClock && machine.hasReadySteps) await refreshCalendar();
      for (const step of machine.advance(new Date())) deliver(step.stepId);
      if (machine.hasUnwrittenEvents) await flush();
      if (machine.isClosed) break;
      if (!legalClock) {
        await condition(() => changes !== seen);
        continue;
      }
      const next = machine.nextClockAt(settings);
      const answered = next === undefined ? await condition(() => changes !== seen).then(() => true) : await condition(() => changes !== seen, Math.max(1, next - Date.now()));
      if (!answered) {
        await refreshCalendar();
        for (const step of machine.onClock(new Date(), settings)) {
          // Not awaited at the end: a reminder that cannot be delivered never holds the case open.
          void reminders
            .remindAgency({ caseCode: input.caseCode, stepId: step.stepId, agencyCode: step.agencyCode, dueAt: step.dueAt!, resubmission: step.resubmission })
            .catch(() => undefined);
        }
        if (machine.hasUnwrittenEvents) await flush();
      }
    }
  } catch (err) {
    // Cancelled from the Temporal UI by an operator: close the case in the ledger too, so the
    // person is not blocked by a case that no longer runs.
    if (!isCancellation(err) || !legalClock) throw err;
    await CancellationScope.nonCancellable(async () => {
      const open = machine.steps.filter((s) => s.status === 'DISPATCHED' || s.status === 'AWAITING_SUPPLEMENT');
      machine.cancelByOperator(new Date());
      await flush();
      await Promise.allSettled(open.map((s) => agencies.cancelStep({ caseCode: input.caseCode, stepId: s.stepId, agencyCode: s.agencyCode, reason: 'CANCELLED_BY_OPERATOR' })));
    });
    throw err;
  }
  await Promise.allSettled(inFlight);
  // Let Update handlers still writing to the ledger finish before the workflow completes.
  await condition(allHandlersFinished);
  return caseView();
}
