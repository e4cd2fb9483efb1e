import { allHandlersFinished, condition, patched } from '@temporalio/workflow';
import { CaseRun, type CaseWorkflowInput } from './case-run';
import { setUpHandlers } from './handlers';
import type { CaseView } from './messages';

export type { CaseWorkflowInput };

/**
 * One workflow per case (workflow ID = case code) for any group of the catalogue: it dispatches
 * each step when the steps it depends on are done, waits for the agencies' answers (Updates),
 * writes every change to the ledger and ends with the case outcome.
 *
 * `linkedCase` is the workflow of every case received now: the legal clock (reminders, one
 * apology, overdue marks, the supplement window), the two doors (ledger by local activities once
 * per workflow task, a step DISPATCHED once its agency acknowledged it, Idempotency-Keys), and
 * operations — a dispatch that fails for good makes its step NEEDS_ATTENTION until an operator
 * retries or reassigns it, a late answer is asked for at the agency's system, and every activity
 * and timer says in the Temporal UI what it is for. Since patch `reassign-stale-delivery` (asked
 * only when it matters, see CaseRun.releaseAt), a step reassigned while its dispatch is still being
 * sent ignores what that dispatch answers, and the first agency is told once it has ended.
 */
export async function linkedCase(input: CaseWorkflowInput): Promise<CaseView> {
  return runCase(new CaseRun(input, { legalClock: true, twoDoors: true, operators: true }));
}

/**
 * The released workflow of cases received before `linkedCase`; they replay and finish as they
 * ran. Its behaviours were chosen once at each case's start:
 * - `legal-clock`: reminders, the apology, overdue marks, the supplement window.
 * - `two-doors`: the ledger by local activities, acknowledged dispatch, Idempotency-Keys, one timer.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  return runCase(new CaseRun(input, { legalClock: patched('legal-clock'), twoDoors: patched('two-doors'), operators: false }));
}

async function runCase(run: CaseRun): Promise<CaseView> {
  setUpHandlers(run);
  const view = await run.run();
  // Let Update handlers still waiting for their ledger write finish before the workflow completes.
  await condition(allHandlersFinished);
  return view;
}
