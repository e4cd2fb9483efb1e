import type { UpdateDefinition } from '@temporalio/common';
import { allHandlersFinished, ApplicationFailure, condition, patched, setHandler } from '@temporalio/workflow';
import { ActionRefused } from '../domain/errors';
import type { CaseAction, RequestIdentity } from '../domain/ledger';
import { CaseRun, type CaseWorkflowInput } from './case-run';
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

export type { CaseWorkflowInput };

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

/**
 * An action a caller takes through an Update: `check` decides whether it is allowed now (the
 * validator: nothing is written when it refuses), `apply` changes the case and gives the answer.
 */
interface CaseActionHandler<A extends { idempotency?: RequestIdentity }, R> {
  update: UpdateDefinition<R, [A]>;
  action: CaseAction;
  stepOf(args: A): string | undefined;
  check(run: CaseRun, args: A): void;
  apply(run: CaseRun, args: A, now: Date): Promise<R> | R;
}

const handler = <A extends { idempotency?: RequestIdentity }, R>(h: CaseActionHandler<A, R>) => h;

/** Every action on a case, in one table. */
const CASE_ACTIONS = [
  handler({
    update: completeStepUpdate,
    action: 'complete',
    stepOf: (a) => a.stepId,
    check: (run, a) => run.machine.validateAgencyAction('complete', a.stepId, a.agencyCode, a.result),
    apply: (run, a, now) => (run.machine.complete(a.stepId, a.agencyCode, a.result, now), run.stepView(a.stepId)),
  }),
  handler({
    update: rejectStepUpdate,
    action: 'reject',
    stepOf: (a) => a.stepId,
    check: (run, a) => run.machine.validateAgencyAction('reject', a.stepId, a.agencyCode, a.rejection),
    apply: (run, a, now) => (run.machine.reject(a.stepId, a.agencyCode, a.rejection, now), run.stepView(a.stepId)),
  }),
  handler({
    update: requestSupplementUpdate,
    action: 'request-supplement',
    stepOf: (a) => a.stepId,
    check: (run, a) => run.machine.validateAgencyAction('request-supplement', a.stepId, a.agencyCode, a.request),
    apply: (run, a, now) => (run.machine.requestSupplement(a.stepId, a.agencyCode, a.request, now), run.stepView(a.stepId)),
  }),
  handler({
    update: submitSupplementUpdate,
    action: 'submit-supplement',
    stepOf: (a) => a.submission.stepId,
    check: (run, a) => run.machine.validateSupplement(a.submission, a.officeCode),
    apply: async (run, a, now) => {
      // The restarted limit counts on the calendar in force now (the case may have waited weeks).
      if (run.behaviour.twoDoors) await run.freshCalendar();
      refused(() => run.machine.submitSupplement(a.submission, a.officeCode, now));
      run.deliver(a.submission.stepId);
      return run.stepView(a.submission.stepId);
    },
  }),
  handler({
    update: withdrawUpdate,
    action: 'withdraw',
    stepOf: () => undefined,
    check: (run, a) => run.machine.validateWithdrawal(a.officeCode),
    apply: (run, a, now) => {
      run.cancelAtAgencies(run.machine.withdraw(a.officeCode, a.reason, now));
      // Answered with the revision of the ledger write that records the withdrawal.
      return { ...run.caseView(), revision: run.machine.nextRevision };
    },
  }),
];

function register<A extends { idempotency?: RequestIdentity }, R>(run: CaseRun, h: CaseActionHandler<A, R>): void {
  /** A request sent with an Idempotency-Key that was already answered gets the same answer again. */
  const prior = (idempotency: RequestIdentity | undefined) => refused(() => run.machine.priorAnswer(idempotency));
  setHandler(
    h.update,
    async (args: A) => {
      const answered = prior(args.idempotency);
      if (answered) return answered.response as R;
      const now = new Date();
      // Awaited only when it is a promise: old histories replay only if commands keep their order.
      const applied = refused(() => h.apply(run, args, now));
      const answer = applied instanceof Promise ? await applied : applied;
      run.machine.recordAction(args.idempotency, h.action, h.stepOf(args), answer, now);
      await run.committed();
      return answer;
    },
    { validator: (args: A) => void (prior(args.idempotency) ?? refused(() => h.check(run, args))) },
  );
}

/**
 * One workflow per case (workflow ID = case code) for any group of the catalogue: it dispatches
 * each step when the steps it depends on are done, waits for the agencies' answers (Updates),
 * writes every change to the ledger and ends with the case outcome.
 *
 * Released behaviours, each chosen once at the start of a case (old cases replay as they ran):
 * - `legal-clock`: reminders, the apology, overdue marks, the supplement window.
 * - `two-doors`: the ledger is written by local activities, once per workflow task (Update
 *   handlers answer when that write is done); a step is DISPATCHED in the ledger only once its
 *   agency acknowledged it; Updates carry the caller's Idempotency-Key and a retry gets the first
 *   answer; one timer is kept for the legal clock.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  const run = new CaseRun(input, { legalClock: patched('legal-clock'), twoDoors: patched('two-doors') });
  setHandler(caseQuery, () => run.caseView());
  for (const h of CASE_ACTIONS) register(run, h as CaseActionHandler<{ idempotency?: RequestIdentity }, StepView | CaseView>);
  const view = await run.run();
  // Let Update handlers still waiting for their ledger write finish before the workflow completes.
  await condition(allHandlersFinished);
  return view;
}
