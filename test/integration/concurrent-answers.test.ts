import type { CaseSnapshot, LedgerEvent } from '../../domain';
import { caseWorkflowId, eventId } from '../../domain';
import { recordSnapshot } from '../../prisma/cases-write';
import { caseQuery } from '../../workflows/messages';
import { deathRequest, OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

// Two Updates sent to one case at once (an agency's answer and the desk's withdrawal) can make
// Temporal drop a workflow task after its local activity wrote the ledger: that write stays though
// the workflow never made it, and the workflow's own write that follows has the same revision. The
// ledger must take the second for the truth: its events, steps and answers replace the first's, so
// no caller is ever told an action was recorded that the workflow did not take; the caller whose
// Update Temporal dropped gets a 503 that says to send it again, not a 500.

describe('conflicting actions on one case at the same moment, and a ledger write from a workflow task Temporal dropped', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a write of the same revision with other content follows it, then the case, its steps, timeline and answers are the second’s; a repeat of either changes nothing', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]!);
    const settled = await waitFor(async () => {
      const c = await sys.db.case.findUniqueOrThrow({ where: { code: caseCode }, include: { steps: true, events: true } });
      return c.steps.find((s) => s.stepId === 'death-registration')?.status === 'DISPATCHED' ? c : undefined;
    }, 'the first step dispatched');
    const revision = settled.revision + 1;
    const seq = Math.max(...settled.events.map((e) => e.seq)) + 1;
    const at = new Date().toISOString();
    const base = {
      caseCode,
      revision,
      appointmentAt: settled.appointmentAt.toISOString(),
      run: { id: settled.workflowRunId! },
    };
    const step = (stepId: string, status: string, extra: object = {}) => {
      const s = settled.steps.find((x) => x.stepId === stepId)!;
      return { stepId, procedure: s.procedure, agencyCode: s.agencyCode, status: status as never, dependsOn: s.dependsOn, timeLimitWorkingDays: s.timeLimitDays, resubmission: s.resubmission, ...extra };
    };
    const event = (n: number, type: string, stepId?: string): LedgerEvent => ({ id: eventId(caseCode, n), seq: n, type: type as never, stepId, actor: 'x', from: 'x', to: 'x', at, details: {} });
    const result = { extractNumber: '12/2026', extractDate: todayInVietnam() };

    // The dropped task: the civil-status office's completion, answered, written.
    const dropped: CaseSnapshot = {
      ...base,
      status: 'IN_PROGRESS',
      steps: [step('death-registration', 'COMPLETED', { result }), step('residence-deregistration', 'PENDING')],
      events: [event(seq, 'COMPLETED', 'death-registration')],
      actions: [{ idempotencyKey: 'agency:CIVIL-BA-DINH|complete-1', action: 'complete', stepId: 'death-registration', requestHash: 'h1', response: { status: 'COMPLETED' }, at }],
    };
    // What the workflow did take: the desk's withdrawal.
    const taken: CaseSnapshot = {
      ...base,
      status: 'WITHDRAWN',
      closedAt: at,
      steps: [step('death-registration', 'CANCELLED'), step('residence-deregistration', 'CANCELLED')],
      events: [event(seq, 'WITHDRAWN'), event(seq + 1, 'CANCELLED', 'death-registration'), event(seq + 2, 'CANCELLED', 'residence-deregistration')],
      actions: [{ idempotencyKey: `desk:${OFFICE}|withdraw-1`, action: 'withdraw', requestHash: 'h2', response: { status: 'WITHDRAWN' }, at }],
    };
    const ledger = async () => {
      const c = await sys.db.case.findUniqueOrThrow({ where: { code: caseCode }, include: { steps: { orderBy: { stepId: 'asc' } }, events: { orderBy: { seq: 'asc' } }, actions: true } });
      return {
        status: c.status,
        revision: c.revision,
        steps: c.steps.map((s) => ({ stepId: s.stepId, status: s.status, result: s.result })),
        events: c.events.filter((e) => e.seq >= seq).map((e) => `${e.seq} ${e.type}`),
        actions: c.actions.map((a) => a.idempotencyKey),
      };
    };

    const scheduled = (ms: number) => ({ scheduledAt: new Date(Date.parse(at) + ms) });
    expect((await recordSnapshot(sys.db, dropped, scheduled(0))).applied).toBe(true);
    expect((await ledger()).actions).toEqual(['agency:CIVIL-BA-DINH|complete-1']);
    expect((await recordSnapshot(sys.db, taken, scheduled(50))).applied).toBe(true);
    const truth = {
      status: 'WITHDRAWN',
      revision,
      steps: [
        { stepId: 'death-registration', status: 'CANCELLED', result: null },
        { stepId: 'residence-deregistration', status: 'CANCELLED', result: null },
      ],
      events: [`${seq} WITHDRAWN`, `${seq + 1} CANCELLED`, `${seq + 2} CANCELLED`],
      actions: [`desk:${OFFICE}|withdraw-1`],
    };
    expect(await ledger()).toEqual(truth);
    // A retried write of what the workflow took, or a late one of the dropped task, changes nothing more.
    expect((await recordSnapshot(sys.db, taken, scheduled(50))).applied).toBe(false);
    expect(await ledger()).toEqual(truth);
    expect((await recordSnapshot(sys.db, dropped, scheduled(0))).applied).toBe(false);
    expect(await ledger()).toEqual(truth);
    expect((await recordSnapshot(sys.db, { ...taken, revision: revision - 1, status: 'IN_PROGRESS' })).applied).toBe(false);
    expect(await ledger()).toEqual(truth);
    // A complete snapshot of that revision (the reconciler's) is never taken for a dropped task's write.
    expect((await recordSnapshot(sys.db, { ...taken, complete: true })).applied).toBe(false);
    expect(await ledger()).toEqual(truth);
  });

  test('When 30 completions, refusals and withdrawals race, then one answer to the step at most is taken, the ledger ends as the workflow, and no answer contradicts it', async () => {
    const desk = sys.keys.desk[OFFICE]!;
    const agency = sys.keys.agencies['CIVIL-BA-DINH']!;
    for (let round = 0; round < 4; round++) {
      const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk);
      await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'death-registration')?.status === 'DISPATCHED' ? true : undefined), 'dispatch');
      const step = `/v1/cases/${caseCode}/steps/death-registration`;
      const send = (i: number) => {
        const headers = { 'Idempotency-Key': `race-${round}-${i}` };
        const kind = (['complete', 'reject', 'withdraw'] as const)[i % 3];
        if (kind === 'complete') return sys.call('POST', `${step}/complete`, { key: agency, headers, body: { result: { extractNumber: `${i}/2026`, extractDate: todayInVietnam(), registerBook: 'KT-01' } } }).then((r) => ({ kind, ...r }));
        if (kind === 'reject') return sys.call('POST', `${step}/reject`, { key: agency, headers, body: { reasonCode: 'NOT_ELIGIBLE', reason: 'Không đủ điều kiện' } }).then((r) => ({ kind, ...r }));
        return sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: desk, headers, body: { reason: 'Gia đình rút hồ sơ' } }).then((r) => ({ kind, ...r }));
      };
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => send(i)));
      for (const a of answers) {
        expect([200, 409, 503]).toContain(a.status);
        if (a.status === 503) expect(a.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      const taken = answers.filter((a) => a.status === 200);
      const tookKind = (kind: string) => taken.some((a) => a.kind === kind);
      // One answer to the step at most, and one withdrawal at most: it may follow the answer, since
      // the case is still open then (the next step waits, until the workflow skips or sends it).
      expect(taken.filter((a) => a.kind !== 'withdraw').length).toBeLessThanOrEqual(1);
      expect(taken.filter((a) => a.kind === 'withdraw').length).toBeLessThanOrEqual(1);

      // The workflow's word, once it has settled, and the ledger's must agree.
      const handle = sys.client.workflow.getHandle(caseWorkflowId(caseCode));
      const settled = await waitFor(async () => {
        const wf = await handle.query(caseQuery);
        const ledger = await sys.getCase(caseCode);
        const same = ledger.status === wf.status && wf.steps.every((s) => ledger.steps.find((l: any) => l.stepId === s.stepId)?.status === s.status);
        return same ? { wf, ledger } : undefined;
      }, `the ledger of ${caseCode} to agree with its workflow`, 15_000);
      const first = settled.wf.steps.find((s) => s.stepId === 'death-registration')!;
      expect(first.status).toBe(tookKind('complete') ? 'COMPLETED' : tookKind('reject') ? 'REJECTED' : tookKind('withdraw') ? 'CANCELLED' : 'DISPATCHED');
      expect(settled.wf.status === 'WITHDRAWN').toBe(tookKind('withdraw'));
      // Nothing the workflow did not take is in the timeline.
      const kinds = settled.ledger.timeline.map((e: any) => e.type);
      for (const [kind, event] of [['complete', 'COMPLETED'], ['reject', 'REJECTED'], ['withdraw', 'WITHDRAWN']] as const) expect(kinds.includes(event)).toBe(tookKind(kind));
      const recorded = await sys.db.caseAction.findMany({ where: { caseCode } });
      // The answers kept for retries are those given, and only those.
      expect(recorded.map((r) => r.idempotencyKey.split('|')[1]).sort()).toEqual(taken.map((a) => `race-${round}-${answers.indexOf(a)}`).sort());
    }
  }, 180_000);
});
