import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { ActionRefused } from '../domain/errors';
import type { ActingPerson, ActionRecord, CaseAction, RequestIdentity } from '../domain/ledger';
import type { CaseRun } from './case-run';
import {
  CaseView,
  caseQuery,
  completeStepUpdate,
  ledgerStateQuery,
  reassignStepUpdate,
  rejectStepUpdate,
  requestSupplementUpdate,
  retryStepUpdate,
  StepView,
  submitSupplementUpdate,
  withdrawUpdate,
} from './messages';

// What callers may do to a running case, in one table, apart from the case's flow (case-run.ts):
// each action is an Update whose validator (`check`) is the one judge of whether it is allowed now.

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
interface CaseActionHandler<A extends { idempotency?: RequestIdentity; by?: ActingPerson }, R> {
  update: UpdateDefinition<R, [A]>;
  action: CaseAction;
  stepOf(args: A): string | undefined;
  check(run: CaseRun, args: A): void;
  apply(run: CaseRun, args: A, now: Date): Promise<R> | R;
}

const handler = <A extends { idempotency?: RequestIdentity; by?: ActingPerson }, R>(h: CaseActionHandler<A, R>) => h;

/** Every action on a case, in one table. */
const CASE_ACTIONS = [
  handler({
    update: completeStepUpdate,
    action: 'complete',
    stepOf: (a) => a.stepId,
    // new Date() is the workflow task's time; the validator does not run on replay.
    check: (run, a) => run.machine.validateCompletion(a.stepId, a.agencyCode, a.result, new Date()),
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

/** What operators may do (cases of the `linkedCase` workflow): retry a step that needs attention, or hand it to another agency. */
const OPERATOR_ACTIONS = [
  handler({
    update: retryStepUpdate,
    action: 'retry',
    stepOf: (a) => a.stepId,
    check: (run, a) => run.machine.validateRetry(a.stepId),
    apply: (run, a, now) => {
      run.machine.retry(a.stepId, a.operatorKeyId, now);
      run.deliver(a.stepId);
      return run.stepView(a.stepId);
    },
  }),
  handler({
    update: reassignStepUpdate,
    action: 'reassign',
    stepOf: (a) => a.stepId,
    check: (run, a) => run.machine.validateReassign(a.stepId, a.agencyCode, a.agencyRole),
    apply: (run, a, now) => {
      const { releasedBy } = run.machine.reassign(a.stepId, a.agencyCode, a.operatorKeyId, now, a.agencyRole);
      if (releasedBy) run.releaseAt(a.stepId, releasedBy);
      run.deliver(a.stepId);
      return run.stepView(a.stepId);
    },
  }),
];

/**
 * Whether an action recorded before Idempotency-Keys were scoped by party could be this caller's: an
 * operator's, the receiving desk's, or the agency that has the step.
 */
function sameParty(run: CaseRun, caller: object, record: ActionRecord): boolean {
  const args = caller as { agencyCode?: string; officeCode?: string; operatorKeyId?: string };
  if (args.operatorKeyId !== undefined) return true;
  if (args.officeCode !== undefined) return args.officeCode === run.input.receivingOffice;
  return args.agencyCode !== undefined && record.stepId !== undefined && run.machine.step(record.stepId)?.agencyCode === args.agencyCode;
}

function register<A extends { idempotency?: RequestIdentity; by?: ActingPerson }, R>(run: CaseRun, h: CaseActionHandler<A, R>): void {
  /** A request sent with an Idempotency-Key that was already answered gets the same answer again. */
  const prior = (args: A) => refused(() => run.machine.priorAnswer(args.idempotency, (record) => sameParty(run, args, record)));
  setHandler(
    h.update,
    async (args: A) => {
      const answered = prior(args);
      if (answered) return answered.response as R;
      const now = new Date();
      const firstSeq = run.machine.nextSeq;
      // Awaited only when it is a promise: old histories replay only if commands keep their order.
      const applied = refused(() => h.apply(run, args, now));
      const answer = applied instanceof Promise ? await applied : applied;
      // A person's action (console users; never in older Updates) names them in what it wrote: pure data, no command.
      if (args.by) run.machine.attributeEventsSince(firstSeq, args.by);
      run.machine.recordAction(args.idempotency, h.action, h.stepOf(args), answer, now, args.by);
      await run.committed();
      return answer;
    },
    { validator: (args: A) => void (prior(args) ?? refused(() => h.check(run, args))) },
  );
}

/** Registers the case's queries and every action its workflow version offers. */
export function setUpHandlers(run: CaseRun): void {
  setHandler(caseQuery, () => run.caseView());
  const actions = run.behaviour.operators ? [...CASE_ACTIONS, ...OPERATOR_ACTIONS] : CASE_ACTIONS;
  for (const h of actions) register(run, h as CaseActionHandler<{ idempotency?: RequestIdentity; by?: ActingPerson }, StepView | CaseView>);
  if (run.behaviour.operators) setHandler(ledgerStateQuery, () => run.ledgerState());
}
