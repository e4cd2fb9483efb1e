import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

/** The Schedule's id: one per task queue (tests run several systems on one server). */
export const reconcilerScheduleId = (taskQueue: string): string => `lien-thong-reconciler:${taskQueue}`;

/**
 * Makes sure the reconciler runs every `intervalSeconds` on this task queue: creates its Temporal
 * Schedule, or updates the interval of an existing one. A pass still running when the next is due
 * is not doubled (overlap SKIP).
 */
export async function ensureReconcilerSchedule(client: Client, o: { taskQueue: string; intervalSeconds: number }): Promise<void> {
  const scheduleId = reconcilerScheduleId(o.taskQueue);
  const spec = { intervals: [{ every: o.intervalSeconds * 1000 }] };
  const action = { type: 'startWorkflow' as const, workflowType: 'reconcileLedger', taskQueue: o.taskQueue, workflowId: `reconcile-ledger:${o.taskQueue}` };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec }));
  }
}
