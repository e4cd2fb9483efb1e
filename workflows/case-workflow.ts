import {
  allHandlersFinished,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { ActionRefused, CalendarOverride, CaseSnapshot, createLegalCalendar, localDateOf, RequestIdentity } from '../domain';
import { agencies, ledger, localLedger, reminders } from './activity-options';
import { ClockedCaseMachine, ClockSettings } from './case-clock';
import type { CaseWorkflowInput as MachineInput } from './case-machine';
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

export interface CaseWorkflowInput extends MachineInput {
  /** Calendar overrides in force from the receipt date, as read at receipt (patch `two-doors`): no read at start. */
  calendarOverrides?: CalendarOverride[];
}

/** Turns a domain refusal into the failure an Update caller receives (the API maps its type to HTTP). */
function refused<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof ActionRefused) {
      throw ApplicationFailure.create({ type: err.code, message: err.message, details: [err.issues], nonRetryable: true });
    }
    throw err;
  }
}

const isLedgerRejection = (err: unknown) => err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'LEDGER_REJECTED';

/**
 * One workflow per case (workflow ID = case code) for any group of the catalogue: it dispatches
 * each step when the steps it depends on are done, waits for the agencies' answers (Updates),
 * writes every change to the ledger and ends with the case outcome.
 *
 * Two released behaviours, chosen once at the start:
 * - `legal-clock`: reminders, the apology, overdue marks, the supplement window.
 * - `two-doors`: the ledger is written by local activities, once per workflow task (Update
 *   handlers wait for the write that covers them); a step is DISPATCHED in the ledger only once its
 *   agency acknowledged it; Updates carry the caller's Idempotency-Key and a retry gets the first answer.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  const machine = new ClockedCaseMachine(input);
  // Cases started before the legal clock replay without its timers and calendar reads.
  const legalClock = patched('legal-clock');
  const twoDoors = patched('two-doors');
  machine.acknowledgedDispatch = twoDoors;
  const settings: ClockSettings = input.clock ?? { reminderLeadMinutes: 240 };
  /** Counts changes to the case; `written` is the count the ledger has caught up with (two-doors). */
  let changes = 0;
  let written = 0;
  let revision = 0;
  let shownStatus = '';
  let shownAgencies = '';
  let shownClock = `false|${input.appointmentAt}`;
  const inFlight: Promise<unknown>[] = [];
  // Each delivery runs in its own scope so a withdrawal can stop one that is still retrying.
  const deliveries = new Map<string, { scope: CancellationScope; done: Promise<void> }>();

  const useCalendar = (overrides: CalendarOverride[]): void => {
    // Agencies count on the general calendar; the desk's own overrides only move its receipt days.
    machine.calendar = createLegalCalendar(overrides);
    machine.receiptCalendar = createLegalCalendar(overrides, input.receivingOffice);
  };

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

  const calendarScope = { officeCode: input.receivingOffice, fromDate: localDateOf(new Date(input.receivedAt)) };
  const write = async (snapshot: CaseSnapshot): Promise<void> => {
    try {
      if (!twoDoors) {
        await ledger.recordCase(snapshot);
        return;
      }
      // The write answers the calendar in force too: the next deadlines count on it, no read of their own.
      const fresh = await localLedger.recordCase(snapshot, calendarScope);
      if (fresh) useCalendar(fresh.overrides);
    } catch (err) {
      // A write PostgreSQL refuses for good (data it cannot store): the case goes on; the failed
      // write stays visible in the history and the log instead of retrying for ever.
      if (!isLedgerRejection(err)) throw err;
      log.error('the ledger refused a write of this case', { caseCode: input.caseCode, revision: snapshot.revision });
    }
  };

  const flush = async (): Promise<void> => {
    const covers = changes;
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
    await (legalClock ? CancellationScope.nonCancellable(() => write(snapshot)) : write(snapshot));
    written = Math.max(written, covers);
  };

  /**
   * After a handler changed the case: before two-doors it wrote the ledger itself; since, the run
   * loop writes once for everything that changed in the workflow task, and the handler answers
   * when that write is done (so the caller reads its own change in the ledger).
   */
  const committed = async (): Promise<void> => {
    changes++;
    if (!twoDoors) return flush();
    const mine = changes;
    await condition(() => written >= mine);
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
      () => {
        // The agency acknowledged: with two-doors that is the hand-over the ledger records.
        if (machine.markDelivered(stepId, resubmission, new Date())) changes++;
      },
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
    deliveries.set(stepId, { scope, done });
    inFlight.push(done);
  };

  /** An action sent with an Idempotency-Key that was already answered gets the same answer again. */
  const answered = (request: RequestIdentity | undefined) => refused(() => machine.priorAnswer(request));

  setHandler(caseQuery, caseView);
  setHandler(
    completeStepUpdate,
    async ({ stepId, agencyCode, result, idempotency }) => {
      const prior = answered(idempotency);
      if (prior) return prior.response as StepView;
      refused(() => machine.complete(stepId, agencyCode, result, new Date()));
      const view = stepView(stepId);
      machine.recordAction(idempotency, 'complete', stepId, view, new Date());
      await committed();
      return view;
    },
    { validator: ({ stepId, agencyCode, result, idempotency }) => void (answered(idempotency) ?? refused(() => machine.validateAgencyAction('complete', stepId, agencyCode, result))) },
  );
  setHandler(
    rejectStepUpdate,
    async ({ stepId, agencyCode, rejection, idempotency }) => {
      const prior = answered(idempotency);
      if (prior) return prior.response as StepView;
      refused(() => machine.reject(stepId, agencyCode, rejection, new Date()));
      const view = stepView(stepId);
      machine.recordAction(idempotency, 'reject', stepId, view, new Date());
      await committed();
      return view;
    },
    { validator: ({ stepId, agencyCode, rejection, idempotency }) => void (answered(idempotency) ?? refused(() => machine.validateAgencyAction('reject', stepId, agencyCode, rejection))) },
  );
  setHandler(
    requestSupplementUpdate,
    async ({ stepId, agencyCode, request: supplementRequest, idempotency }) => {
      const prior = answered(idempotency);
      if (prior) return prior.response as StepView;
      refused(() => machine.requestSupplement(stepId, agencyCode, supplementRequest, new Date()));
      const view = stepView(stepId);
      machine.recordAction(idempotency, 'request-supplement', stepId, view, new Date());
      await committed();
      return view;
    },
    {
      validator: ({ stepId, agencyCode, request: supplementRequest, idempotency }) =>
        void (answered(idempotency) ?? refused(() => machine.validateAgencyAction('request-supplement', stepId, agencyCode, supplementRequest))),
    },
  );
  setHandler(
    submitSupplementUpdate,
    async ({ officeCode, submission, idempotency }) => {
      const prior = answered(idempotency);
      if (prior) return prior.response as StepView;
      refused(() => machine.submitSupplement(submission, officeCode, new Date()));
      deliver(submission.stepId);
      const view = stepView(submission.stepId);
      machine.recordAction(idempotency, 'submit-supplement', submission.stepId, view, new Date());
      await committed();
      return view;
    },
    { validator: ({ officeCode, submission, idempotency }) => void (answered(idempotency) ?? refused(() => machine.validateSupplement(submission, officeCode))) },
  );
  setHandler(
    withdrawUpdate,
    async ({ officeCode, reason, idempotency }) => {
      const prior = answered(idempotency);
      if (prior) return prior.response as CaseView;
      const notify = refused(() => machine.withdraw(officeCode, reason, new Date()));
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
      // Answered with the revision of the write that will record the withdrawal.
      const view = twoDoors ? { ...caseView(), revision: machine.nextRevision } : caseView();
      machine.recordAction(idempotency, 'withdraw', undefined, view, new Date());
      await committed();
      return twoDoors ? view : caseView();
    },
    { validator: ({ officeCode, idempotency }) => void (answered(idempotency) ?? refused(() => machine.validateWithdrawal(officeCode))) },
  );

  // Deadlines count on the legal calendar with the overrides in the ledger, re-read before each
  // use so a yearly decision published mid-case applies (two-doors: every ledger write answers it).
  const refreshCalendar = async (): Promise<void> => {
    useCalendar(await (twoDoors ? localLedger.loadCalendar(calendarScope) : ledger.loadCalendar(calendarScope)));
  };
  /** Something to write: events, actions, or a change a handler waits to see written. */
  const unwritten = () => machine.hasUnwrittenEvents || (twoDoors && written < changes);

  try {
    if (twoDoors && input.calendarOverrides) useCalendar(input.calendarOverrides);
    else if (legalClock) await refreshCalendar();

    for (;;) {
      const seen = changes;
      if (!machine.isClosed) {
        if (legalClock && !twoDoors && machine.hasReadySteps) await refreshCalendar();
        for (const step of machine.advance(new Date())) deliver(step.stepId);
      }
      if (unwritten()) await flush();
      if (machine.isClosed) break;
      if (!legalClock) {
        await condition(() => changes !== seen);
        continue;
      }
      const next = machine.nextClockAt(settings);
      const answeredInTime = next === undefined ? await condition(() => changes !== seen).then(() => true) : await condition(() => changes !== seen, Math.max(1, next - Date.now()));
      if (!answeredInTime) {
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
