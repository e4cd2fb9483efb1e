import { proxyActivities } from '@temporalio/workflow';
import type { ReconcileActivities, ReconciliationSummary } from '../activities/reconcile';

const { reconcileLedger: pass } = proxyActivities<ReconcileActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
  summary: 'Compare the ledger with Temporal',
});

/**
 * Started by a Temporal Schedule every RECONCILE_INTERVAL_SECONDS (worker/reconciler-schedule.ts):
 * one pass of the reconciler. The work is the activity's; the workflow only gives it Temporal's
 * retries and a place in the UI.
 */
export async function reconcileLedger(): Promise<ReconciliationSummary> {
  return pass();
}
