import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, type CaseAttention, type CaseSnapshot } from '../domain';
import type { Logger } from '../platform/logger';
import { recordSnapshot } from '../prisma/cases-write';
import type { PrismaClient } from '../prisma/generated/client';
import { countStartsOwed, flagCase, openStartedCases, recordReconciliationRun, stopCase, type CaseToReconcile } from '../prisma/reconciliation';

// The reconciler compares the ledger with Temporal, so that what an operator does in the Temporal UI
// (cancel, terminate, reset) never leaves the two disagreeing for longer than one pass.

export interface ReconcileDeps {
  db: PrismaClient;
  /** A client over the worker's connection (it reads workflows and queries them). */
  temporal: Client;
  logger: Logger;
}

export interface ReconciliationSummary {
  checked: number;
  repaired: number;
  differences: Record<string, number>;
}

/** How many open cases one pass compares, and how many at once. */
const PASS_LIMIT = 5_000;
const CONCURRENCY = 8;
/** A receipt's start owed longer than this is counted (the API's starter starts it within seconds). */
const START_OWED_AFTER_MS = 60_000;

const STOPPED: Record<string, string> = { TERMINATED: 'WORKFLOW_TERMINATED', FAILED: 'WORKFLOW_FAILED', TIMED_OUT: 'WORKFLOW_TIMED_OUT', CANCELLED: 'WORKFLOW_CANCELLED' };

export function createReconcileActivity(deps: ReconcileDeps) {
  /** One case: what differs, and whether it was repaired. */
  async function reconcileCase(c: CaseToReconcile): Promise<{ difference?: string; repaired: boolean }> {
    const handle = deps.temporal.workflow.getHandle(caseWorkflowId(c.caseCode));
    let status: string;
    let runId: string;
    let type: string;
    try {
      const d = await handle.describe();
      ({ runId, type } = d);
      status = d.status.name;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      if (c.flagged === 'WORKFLOW_MISSING') return { difference: 'WORKFLOW_MISSING', repaired: false };
      await flagCase(deps.db, c.caseCode, { reason: 'WORKFLOW_MISSING', at: new Date().toISOString() });
      return { difference: 'WORKFLOW_MISSING', repaired: false };
    }
    const at = new Date().toISOString();
    if (STOPPED[status]) {
      const attention: CaseAttention = { reason: STOPPED[status]!, temporalStatus: status, at };
      return { difference: attention.reason, repaired: await stopCase(deps.db, c.caseCode, attention) };
    }
    // The workflow runs (or finished) in another run than the one that wrote the ledger: an operator
    // reset it, or the ledger missed its last writes. The workflow's own view replaces the ledger's.
    const reset = status === 'RUNNING' && c.workflowRunId !== null && c.workflowRunId !== runId;
    const behind = status === 'COMPLETED';
    if (!reset && !behind) {
      if (c.flagged === 'WORKFLOW_MISSING') await flagCase(deps.db, c.caseCode, null);
      return { repaired: false };
    }
    const difference = reset ? 'RESET' : 'LEDGER_BEHIND';
    // Released workflows cannot say their whole state; flag the case for an operator.
    if (type !== CASE_WORKFLOW_TYPE) {
      await flagCase(deps.db, c.caseCode, { reason: difference, temporalStatus: status, at });
      return { difference, repaired: false };
    }
    const state = await handle.query<CaseSnapshot>('ledgerState');
    const { applied } = await recordSnapshot(deps.db, { ...state, complete: true });
    return { difference, repaired: applied };
  }

  return {
    /** One pass over the open cases; recorded for operators (GET /v1/reconciliation). */
    async reconcileLedger(): Promise<ReconciliationSummary> {
      const startedAt = new Date();
      const cases = await openStartedCases(deps.db, PASS_LIMIT);
      const differences: Record<string, number> = {};
      let repaired = 0;
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          Context.current().heartbeat(next);
          try {
            const r = await reconcileCase(c);
            if (r.difference) differences[r.difference] = (differences[r.difference] ?? 0) + 1;
            if (r.repaired) repaired++;
          } catch (err) {
            differences.CHECK_FAILED = (differences.CHECK_FAILED ?? 0) + 1;
            deps.logger.warn({ caseCode: c.caseCode, error: (err as Error).name }, 'reconciler could not check a case');
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const owed = await countStartsOwed(deps.db, new Date(startedAt.getTime() - START_OWED_AFTER_MS));
      if (owed > 0) differences.START_OWED = owed;
      const summary = { checked: cases.length, repaired, differences };
      await recordReconciliationRun(deps.db, { id: randomUUID(), startedAt, finishedAt: new Date(), ...summary });
      if (Object.keys(differences).length) deps.logger.info(summary, 'ledger reconciled');
      return summary;
    },
  };
}

export type ReconcileActivities = ReturnType<typeof createReconcileActivity>;
