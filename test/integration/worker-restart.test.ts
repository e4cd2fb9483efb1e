import { Worker } from '@temporalio/worker';
import { birthRequest, deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { keepHistory } from '../helpers/histories';

describe('durability and operations, with simulators answering on their own', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'auto', delayMs: 1000 });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When the worker stops mid-case and comes back, then the case completes, no agency got a duplicate dispatch and nothing personal was logged', async () => {
    const deathRequestSent = deathRequest();
    const res = await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body: deathRequestSent });
    expect(res.status).toBe(201);
    const { caseCode } = res.body;
    // Stop once the death registration is done and the other steps are out at the agencies.
    await waitFor(async () => {
      const c = (await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.operator })).body;
      return c.steps.find((s: any) => s.stepId === 'death-registration').status === 'COMPLETED' ? c : undefined;
    }, 'death registration to complete');
    await sys.stopWorker();
    // While no worker runs, agencies' answers cannot be applied: the case stays open.
    const paused = (await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.operator })).body;
    expect(paused.status).toBe('IN_PROGRESS');
    await sys.startWorker();

    const final = await sys.waitForCase(caseCode, ['COMPLETED'], sys.keys.operator);
    expect(final.steps.every((s: any) => s.status === 'COMPLETED')).toBe(true);
    const records = Object.values(sys.simulators).flatMap((s) => s.simulator.records().filter((r) => r.caseCode === caseCode));
    expect(records.map((r) => r.stepId).sort()).toEqual(['death-registration', 'funeral-allowance', 'residence-deregistration', 'survivor-allowance']);
    expect(new Set(records.map((r) => r.idempotencyKey)).size).toBe(4);
    // Nothing personal reached the logs of the API, the worker or the simulators.
    const body = deathRequestSent;
    const logs = sys.logLines.join('\n');
    expect(logs).toContain(caseCode);
    for (const secret of [body.deceased.personalId, body.applicant.personalId, body.deceased.fullName, body.applicant.fullName, body.applicant.phone]) {
      expect(logs).not.toContain(secret);
    }
    // Every event of the process-control log was written exactly once: 0..n-1, no gaps.
    const seqs = final.timeline.map((e: any) => e.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i));
  });

  test('When operators filter in Temporal, then the search attributes carry status, group and pending agencies but no personal data', async () => {
    const body = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
    const { caseCode } = (await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body })).body;
    const handle = sys.client.workflow.getHandle(caseCode);
    const described = await waitFor(async () => {
      const d = await handle.describe();
      return d.status.name === 'COMPLETED' ? d : undefined;
    }, 'workflow to complete');
    expect(described.workflowId).toBe(caseCode);
    const sa = described.typedSearchAttributes;
    expect(sa.getAll().map((p) => p.key.name).sort()).toEqual(expect.arrayContaining(['CaseCode', 'CaseStatus', 'DueAt', 'ProcedureGroup']));
    const raw = JSON.stringify(described.raw.workflowExecutionInfo?.searchAttributes ?? {}) + JSON.stringify(sa.getAll());
    expect(raw).not.toContain(body.deceased.personalId);
    expect(raw).not.toContain('Nguyễn');
    const found = await waitFor(async () => {
      const seen: string[] = [];
      for await (const w of sys.client.workflow.list({ query: `CaseStatus = "COMPLETED" AND ProcedureGroup = "death" AND CaseCode = "${caseCode}"` })) seen.push(w.workflowId);
      return seen.length === 1 ? seen : undefined;
    }, 'visibility to index the case');
    expect(found).toEqual([caseCode]);
  });

  test('When a finished case history is replayed against the current workflow code, then it is deterministic', async () => {
    const { caseCode } = (await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body: deathRequest() })).body;
    await sys.waitForCase(caseCode, ['COMPLETED']);
    const handle = sys.client.workflow.getHandle(caseCode);
    await waitFor(async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined), 'workflow closed');
    const history = await handle.fetchHistory();
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! }, dataConverter: sys.dataConverter }, history, caseCode)).resolves.toBeUndefined();
  });

  test('When a birth case is received, then the same workflow carries it through and the new personal ID goes to the police and Social Insurance', async () => {
    const res = await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body: birthRequest() });
    expect(res.status).toBe(201);
    expect(res.body.steps.map((s: any) => s.stepId)).toEqual(['birth-registration', 'residence-registration', 'health-insurance-card']);
    // As the receiving desk: operators see the child's personal ID hidden.
    const final = await sys.waitForCase(res.body.caseCode, ['COMPLETED'], sys.keys.desk[OFFICE]);
    const birth = final.steps.find((s: any) => s.stepId === 'birth-registration');
    const downstream = Object.values(sys.simulators)
      .flatMap((s) => s.simulator.records())
      .filter((r) => r.caseCode === res.body.caseCode && r.stepId !== 'birth-registration');
    expect(downstream).toHaveLength(2);
    for (const r of downstream) expect(r.upstreamResults['birth-registration']).toMatchObject({ personalId: birth.result.personalId });
    await keepHistory(sys.client, res.body.caseCode, 'case-v5-linked-birth.json');
  });
});
