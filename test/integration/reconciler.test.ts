import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { reconcilerScheduleId } from '../../worker/reconciler-schedule';
import { deathRequest, OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

// The ledger heals itself: what an operator does to a workflow in the Temporal UI (terminate,
// reset) is brought into the ledger by the reconciler's next pass (a Temporal Schedule).

const EXTRACT = { extractNumber: '12/2026', get extractDate() { return todayInVietnam(); }, registerBook: 'KT-01' };

describe('the reconciler', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    // A long interval: the test triggers each pass itself.
    sys = await startTestSystem({ mode: 'manual', reconcileIntervalSeconds: 3600 });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  /** Runs one pass now (as the Schedule would) and waits until it is recorded. */
  async function reconcileNow(): Promise<any> {
    const before = (await sys.call('GET', '/v1/reconciliation?limit=500', { key: sys.keys.operator })).body.items.length;
    await sys.client.schedule.getHandle(reconcilerScheduleId(sys.taskQueue)).trigger();
    return waitFor(async () => {
      const items = (await sys.call('GET', '/v1/reconciliation?limit=500', { key: sys.keys.operator })).body.items;
      return items.length > before ? items[0] : undefined;
    }, 'a reconciliation pass', 30_000);
  }

  test('When an operator terminates a case’s workflow in Temporal, then the next pass closes the ledger case as STOPPED with a timeline entry, and the person can be received again', async () => {
    const body = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
    const { caseCode } = await sys.openCase(body, sys.keys.desk[OFFICE]);
    await sys.waitForCase(caseCode, ['IN_PROGRESS']);
    await sys.client.workflow.getHandle(caseCode).terminate('test: stopped by hand');
    const pass = await reconcileNow();
    expect(pass.differences.WORKFLOW_TERMINATED).toBeGreaterThanOrEqual(1);
    expect(pass.repaired).toBeGreaterThanOrEqual(1);
    const stopped = await sys.getCase(caseCode);
    expect(stopped.status).toBe('STOPPED');
    expect(stopped.attention).toMatchObject({ reason: 'WORKFLOW_TERMINATED', temporalStatus: 'TERMINATED' });
    expect(stopped.steps.every((s: any) => ['CANCELLED', 'COMPLETED'].includes(s.status))).toBe(true);
    expect(stopped.timeline.at(-1)).toMatchObject({ type: 'WORKFLOW_STOPPED', details: { reason: 'WORKFLOW_TERMINATED' } });
    // Listed for operators, and the person is free for a new case.
    const incidents = (await sys.call('GET', '/v1/incidents', { key: sys.keys.operator })).body;
    expect(incidents.cases.map((c: any) => c.caseCode)).toContain(caseCode);
    expect((await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body })).status).toBe(201);
    // A second pass finds nothing left to repair for this case.
    const again = await reconcileNow();
    expect(again.differences.WORKFLOW_TERMINATED ?? 0).toBe(0);
  });

  test('When an operator resets a workflow to before an answer, then the ledger shows the new run: the answer is gone from the timeline and the step waits again', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
    expect((await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: EXTRACT })).status).toBe(200);
    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'residence-deregistration').status === 'DISPATCHED' ? true : undefined), 'the police dispatch');
    const handle = sys.client.workflow.getHandle(caseCode);
    const { runId } = await handle.describe();
    const history = await handle.fetchHistory();
    const accepted = history.events!.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    // The last workflow task completed before the agency's answer was accepted.
    const resetTo = history.events!.slice(0, accepted).filter((e) => e.workflowTaskCompletedEventAttributes).at(-1)!;
    await sys.client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: caseCode, runId },
      reason: 'test: back to before the answer',
      workflowTaskFinishEventId: resetTo.eventId,
      requestId: randomUUID(),
      resetReapplyType: temporal.api.enums.v1.ResetReapplyType.RESET_REAPPLY_TYPE_NONE,
    });
    const pass = await reconcileNow();
    // Repaired by this pass, unless the new run's own first write (a complete one) came first.
    expect(pass.differences.RESET ?? 0).toBeLessThanOrEqual(1);
    expect((await sys.db.case.findUnique({ where: { code: caseCode } }))!.workflowRunId).toBe((await handle.describe()).runId);
    const ledger = await waitFor(async () => {
      const c = await sys.getCase(caseCode);
      return c.steps.find((s: any) => s.stepId === 'death-registration').status !== 'COMPLETED' ? c : undefined;
    }, 'the ledger to show the reset run');
    expect(ledger.steps.find((s: any) => s.stepId === 'death-registration').status).toMatch(/^(SENDING|DISPATCHED)$/);
    expect(ledger.steps.find((s: any) => s.stepId === 'residence-deregistration').status).toBe('PENDING');
    expect(ledger.timeline.map((e: any) => e.type)).not.toContain('COMPLETED');
    expect(ledger.status).toBe('IN_PROGRESS');
    // The new run goes on and its writes land: the agency answers again and the case moves.
    expect((await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: EXTRACT })).status).toBe(200);
    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'death-registration').status === 'COMPLETED' ? true : undefined), 'the answer in the new run');
  });
});
