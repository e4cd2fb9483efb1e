import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import pino from 'pino';
import { createSimulator, type Simulator } from '../../agencies';
import type { AgencyEndpoint } from '../../platform/config';
import { deathRequest, OFFICE, OTHER_OFFICE, todayInVietnam } from '../helpers/requests';
import { historySummaries } from '../helpers/history';
import { keepHistory } from '../helpers/histories';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

// Operators at work: a dispatch an agency refuses or keeps failing makes its step NEEDS_ATTENTION,
// listed in /v1/incidents, until an operator retries it or hands it to another agency of the role.
// And need to know: an agency sees a case only once a step was sent to it.

const EXTRACT = { extractNumber: '12/2026', get extractDate() { return todayInVietnam(); }, registerBook: 'KT-01' };

/** An agency endpoint whose answers the test decides: refuse, fail, or pass on to the real simulator. */
function switchableAgency(): { server: Server; mode: 'refuse' | 'fail' | 'forward'; forwardTo?: string; dispatchKeys: string[]; cancellationKeys: string[]; cancellationDelayMs: number; dispatchDelayMs: number; cancellationStatus: number; sending: string[]; toldWhileSending: string[] } {
  const state = {
    server: undefined as unknown as Server,
    mode: 'refuse' as 'refuse' | 'fail' | 'forward',
    forwardTo: undefined as string | undefined,
    dispatchKeys: [] as string[],
    cancellationKeys: [] as string[],
    /** How long a forwarded cancellation takes to be acknowledged (a slow agency system). */
    cancellationDelayMs: 0,
    /** How long a forwarded dispatch is held first; one whose sender gave up meanwhile never arrives. */
    dispatchDelayMs: 0,
    /** When set, cancellations are answered with this status instead of being passed on (0: passed on). */
    cancellationStatus: 0,
    /** Cases with a dispatch being received right now, and those told of a cancellation meanwhile. */
    sending: [] as string[],
    toldWhileSending: [] as string[],
  };
  state.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Dispatches only: a step due within REMINDER_LEAD_MINUTES (in the afternoon, Vietnam time) is also reminded at once.
      if (req.method === 'POST' && req.url === '/v1/dispatches') state.dispatchKeys.push(String(req.headers['idempotency-key']));
      const cancellation = req.method === 'POST' && req.url === '/v1/cancellations';
      const caseCode = String(req.headers['idempotency-key']).split(':')[0]!;
      if (cancellation) {
        state.cancellationKeys.push(String(req.headers['idempotency-key']));
        state.toldWhileSending.push(...state.sending.filter((c) => c === caseCode));
      }
      if (state.mode === 'refuse') return void res.writeHead(400, { 'content-type': 'application/problem+json' }).end('{"title":"Bad dispatch","status":400}');
      if (state.mode === 'fail') return void res.writeHead(503).end();
      if (cancellation && state.cancellationStatus) return void res.writeHead(state.cancellationStatus, { 'content-type': 'application/problem+json' }).end('{"title":"Step already finished","status":409}');
      const dispatch = req.method === 'POST' && req.url === '/v1/dispatches';
      let gone = false;
      if (dispatch) state.sending.push(caseCode);
      res.on('close', () => {
        gone = !res.writableFinished;
        if (dispatch) state.sending.splice(state.sending.indexOf(caseCode), 1);
      });
      void new Promise((resolve) => setTimeout(resolve, cancellation ? state.cancellationDelayMs : dispatch ? state.dispatchDelayMs : 0))
        .then(() => (gone ? undefined : fetch(`${state.forwardTo}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined }).then(async (r) =>
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await r.arrayBuffer())),
      )));
    });
  });
  return state;
}

describe('incidents: a step that needs an operator', () => {
  let sys: TestSystem;
  const civil = switchableAgency();
  // The Ba Đình civil-status system behind the switch: it records what gets through.
  const behind: Simulator = createSimulator({ name: 'civil-behind-switch', agencies: ['CIVIL-BA-DINH'], mode: 'manual', inboundToken: 'dev-simulator-inbound-token' }, { logger: pino({ level: 'silent' }) });
  const operator = () => sys.keys.operator;

  beforeAll(async () => {
    const civilUrl = await new Promise<string>((resolve) => civil.server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(civil.server.address() as { port: number }).port}`)));
    civil.forwardTo = (await behind.start(0)).url;
    // Longer than the activities' heartbeat timeout (5 s): an agency may take its time within its own timeout.
    const endpoint: AgencyEndpoint = { baseUrl: civilUrl, token: 'dev-simulator-inbound-token', timeoutMs: 10_000, answers: 'callback', pollSeconds: 60 };
    sys = await startTestSystem({ mode: 'manual', agencyEndpoints: { 'CIVIL-BA-DINH': endpoint }, operations: { dispatchAttempts: 2, answerPollAfterMs: 10 * 60_000 } });
  });
  afterAll(async () => {
    await sys?.stop();
    await behind.stop();
    civil.server.close();
  });

  const step = async (caseCode: string, stepId = 'death-registration') => (await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === stepId);
  const waitForStep = (caseCode: string, status: string, stepId = 'death-registration') =>
    waitFor(async () => {
      const s = await step(caseCode, stepId);
      return s.status === status ? s : undefined;
    }, `${stepId} of ${caseCode} to be ${status}`);

  test('When the agency refuses the dispatch (4xx), then the step NEEDS_ATTENTION at once, shows in incidents and in Temporal, and an operator’s retry sends it again', async () => {
    civil.mode = 'refuse';
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
    const stuck = await waitForStep(caseCode, 'NEEDS_ATTENTION');
    expect(stuck.attention).toMatchObject({ reason: 'AGENCY_REFUSED', httpStatus: 400, attempts: 1 });
    const incidents = (await sys.call('GET', '/v1/incidents', { key: operator() })).body;
    expect(incidents.needsAttention.find((i: any) => i.caseCode === caseCode)).toMatchObject({ stepId: 'death-registration', agencyCode: 'CIVIL-BA-DINH', attention: { reason: 'AGENCY_REFUSED' } });
    await waitFor(async () => ((await sys.client.workflow.getHandle(caseCode).describe()).searchAttributes.NeedsAttention?.[0] === true ? true : undefined), 'NeedsAttention in Temporal');
    // Only operators act on incidents.
    expect((await sys.call('GET', '/v1/incidents', { key: sys.keys.desk[OFFICE] })).status).toBe(403);
    expect((await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/retry`, { key: sys.keys.desk[OFFICE], body: {} })).status).toBe(403);

    civil.mode = 'forward';
    const retried = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/retry`, { key: operator(), body: {}, headers: { 'Idempotency-Key': `${caseCode}-retry` } });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ stepId: 'death-registration', status: 'DISPATCHED', agencyCode: 'CIVIL-BA-DINH' });
    await waitForStep(caseCode, 'DISPATCHED');
    // Retrying a step that no longer needs attention is a wrong state.
    expect((await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/retry`, { key: operator(), body: {} })).body.code).toBe('WRONG_STATE');
    const detail = await sys.getCase(caseCode);
    const retry = detail.timeline.find((e: any) => e.type === 'DISPATCH_RETRIED');
    expect(retry.actor).toMatch(/^operator:/);
    expect(detail.steps.find((s: any) => s.stepId === 'death-registration').attention).toBeNull();
    expect(behind.records().filter((r) => r.caseCode === caseCode)).toHaveLength(1);
    // The case goes on.
    expect((await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: EXTRACT })).status).toBe(200);
    await waitForStep(caseCode, 'SENDING', 'residence-deregistration').catch(() => waitForStep(caseCode, 'DISPATCHED', 'residence-deregistration'));
    await keepHistory(sys.client, caseCode, 'case-v5-linked-retried.json');
  });

  test('When the agency keeps failing (5xx), then the attempts are counted and the step needs attention after the configured limit', async () => {
    civil.mode = 'fail';
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
    const stuck = await waitForStep(caseCode, 'NEEDS_ATTENTION');
    expect(stuck).toMatchObject({ attention: { reason: 'RETRIES_EXHAUSTED', attempts: 2, httpStatus: 503 }, dispatchAttempts: 2, dispatchError: 'AGENCY_FAILED' });
    expect(civil.dispatchKeys.filter((key) => key.startsWith(`${caseCode}:`))).toHaveLength(2);
  });

  test('When the agency takes longer than the heartbeat timeout (but less than its endpoint timeout) to acknowledge a withdrawal, then it is told once and the workflow ends', async () => {
    civil.mode = 'forward';
    civil.cancellationDelayMs = 7_000;
    try {
      const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
      await waitForStep(caseCode, 'DISPATCHED');
      const withdrawn = await sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: sys.keys.desk[OFFICE], body: { reason: 'Gia đình rút hồ sơ' } });
      expect(withdrawn.status).toBe(200);
      // Before the fix each attempt timed out after 5 s without a heartbeat and was retried for ever.
      const ended = await Promise.race([sys.client.workflow.getHandle(caseCode).result().then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('still running'), 25_000))]);
      expect(ended).toBe('ended');
      expect(civil.cancellationKeys.filter((key) => key.startsWith(`${caseCode}:`))).toHaveLength(1);
    } finally {
      civil.cancellationDelayMs = 0;
    }
  }, 60_000);

  test('When the agency refuses a withdrawal for good (409: it finished the step already), then it is asked once, not for ever, and the workflow ends', async () => {
    civil.mode = 'forward';
    civil.cancellationStatus = 409;
    try {
      const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
      await waitForStep(caseCode, 'DISPATCHED');
      expect((await sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: sys.keys.desk[OFFICE], body: { reason: 'Gia đình rút hồ sơ' } })).status).toBe(200);
      const ended = await Promise.race([sys.client.workflow.getHandle(caseCode).result().then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
      expect(ended).toBe('ended');
      expect(civil.cancellationKeys.filter((key) => key.startsWith(`${caseCode}:`))).toHaveLength(1);
      expect((await sys.getCase(caseCode)).status).toBe('WITHDRAWN');
    } finally {
      civil.cancellationStatus = 0;
    }
  }, 60_000);

  test('When an operator reassigns a step whose dispatch is still being sent, then what that dispatch answers does not count, the first agency is told once it ended, and only the new agency has the step', async () => {
    civil.mode = 'forward';
    civil.dispatchDelayMs = 4_000;
    try {
      const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
      await waitForStep(caseCode, 'SENDING');
      const moved = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/reassign`, { key: operator(), body: { agencyCode: 'CIVIL-HOAN-KIEM' } });
      expect(moved.status).toBe(200);
      expect((await waitForStep(caseCode, 'DISPATCHED')).agencyCode).toBe('CIVIL-HOAN-KIEM');
      await waitFor(async () => (civil.cancellationKeys.some((k) => k.startsWith(`${caseCode}:`)) ? true : undefined), 'the first agency told');
      // Told once its dispatch had ended, not while it was arriving (it would then hold a step it was told to drop).
      expect(civil.toldWhileSending).not.toContain(caseCode);
      // Past the first agency's hold: before the fix its dispatch arrived now and entered the timeline.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const after = await sys.getCase(caseCode);
      expect(after.steps.find((s: any) => s.stepId === 'death-registration')).toMatchObject({ agencyCode: 'CIVIL-HOAN-KIEM', status: 'DISPATCHED' });
      expect(after.timeline.filter((e: any) => e.type === 'DISPATCHED' && e.stepId === 'death-registration').map((e: any) => e.to)).toEqual(['agency:CIVIL-HOAN-KIEM']);
      // The first agency's system got the dispatch after the reassignment; it was told afterwards: it holds nothing open.
      expect(behind.records().filter((r) => r.caseCode === caseCode && r.state !== 'cancelled')).toEqual([]);
      expect((await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-HOAN-KIEM', { result: EXTRACT })).status).toBe(200);
      await keepHistory(sys.client, caseCode, 'case-v5-linked-reassigned-while-sending.json');
    } finally {
      civil.dispatchDelayMs = 0;
    }
  }, 60_000);

  test('When a step goes back to the first agency (A → B → A) while its first dispatch is still being sent, then the first agency is not told to drop it and keeps it', async () => {
    civil.mode = 'forward';
    civil.dispatchDelayMs = 4_000;
    try {
      const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
      await waitForStep(caseCode, 'SENDING');
      const reassign = (agencyCode: string) => sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/reassign`, { key: operator(), body: { agencyCode } });
      expect((await reassign('CIVIL-HOAN-KIEM')).status).toBe(200);
      expect((await waitForStep(caseCode, 'DISPATCHED')).agencyCode).toBe('CIVIL-HOAN-KIEM');
      expect((await reassign('CIVIL-BA-DINH')).status).toBe(200);
      await waitFor(async () => {
        const s = await step(caseCode);
        return s.agencyCode === 'CIVIL-BA-DINH' && s.status === 'DISPATCHED' ? true : undefined;
      }, 'the step back at the first agency');
      // Past both dispatches' holds.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(civil.cancellationKeys.filter((key) => key.startsWith(`${caseCode}:`))).toEqual([]);
      expect(behind.records().filter((r) => r.caseCode === caseCode).map((r) => r.state)).toEqual(['recorded']);
      // The agency the step was taken from still reads the case it had, but no longer its dossier; the one working on the step does, until it is done.
      const read = async (agencyCode: string) => {
        const res = await sys.call('GET', `/v1/cases/${caseCode}?include=dossier`, { key: sys.keys.agencies[agencyCode]! });
        return { status: res.status, dossier: res.body.dossier === undefined ? 'none' : 'dossier' };
      };
      expect(await read('CIVIL-HOAN-KIEM')).toEqual({ status: 200, dossier: 'none' });
      expect(await read('CIVIL-BA-DINH')).toEqual({ status: 200, dossier: 'dossier' });
      expect((await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: EXTRACT })).status).toBe(200);
      expect(await read('CIVIL-BA-DINH')).toEqual({ status: 200, dossier: 'none' });
    } finally {
      civil.dispatchDelayMs = 0;
    }
  }, 60_000);

  test('When an operator reassigns the step, then only an agency of the same role is accepted, it receives the step, and it answers while the first one cannot', async () => {
    civil.mode = 'refuse';
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
    await waitForStep(caseCode, 'NEEDS_ATTENTION');
    const wrongRole = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/reassign`, { key: operator(), body: { agencyCode: 'POLICE-BA-DINH' } });
    expect(wrongRole.status).toBe(422);
    expect(wrongRole.body.errors).toEqual([{ path: 'agencyCode', message: 'must be an agency of role civil-status' }]);
    // An agency of the right role whose period ended (its ward was merged on 01/07/2025) is not in service.
    const gone = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/reassign`, { key: operator(), body: { agencyCode: 'CIVIL-PHUC-XA' } });
    expect(gone.status).toBe(422);
    expect(gone.body.errors).toEqual([{ path: 'agencyCode', message: expect.stringMatching(/^not in service on \d{4}-\d{2}-\d{2} \(province data: 2024-07-01 to 2025-06-30\)$/) }]);
    const moved = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/reassign`, { key: operator(), body: { agencyCode: 'CIVIL-HOAN-KIEM' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ agencyCode: 'CIVIL-HOAN-KIEM', status: 'DISPATCHED' });
    const s = await waitForStep(caseCode, 'DISPATCHED');
    expect(s.agencyCode).toBe('CIVIL-HOAN-KIEM');
    expect(sys.simulators['civil-status']!.simulator.records().filter((r) => r.caseCode === caseCode).map((r) => r.agencyCode)).toEqual(['CIVIL-HOAN-KIEM']);
    const timeline = (await sys.getCase(caseCode)).timeline;
    expect(timeline.find((e: any) => e.type === 'REASSIGNED').details).toEqual({ from: 'CIVIL-BA-DINH', to: 'CIVIL-HOAN-KIEM' });
    // The first agency no longer has a step here: for it, the case is not there.
    const old = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/complete`, { key: sys.keys.agencies['CIVIL-BA-DINH'], body: { result: EXTRACT } });
    expect(old.status).toBe(404);
    expect((await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-HOAN-KIEM', { result: EXTRACT })).status).toBe(200);
    await keepHistory(sys.client, caseCode, 'case-v5-linked-reassigned.json');
  });
});

describe('a history that reads like the case', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'auto', delayMs: 10 });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When an operator opens a finished case in Temporal, then the workflow, each activity and the clock’s timer say what they are for, without personal data', async () => {
    const request = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
    const { caseCode } = await sys.openCase(request, sys.keys.desk[OFFICE]);
    await sys.waitForCase(caseCode, ['COMPLETED']);
    const handle = sys.client.workflow.getHandle(caseCode);
    const described = await handle.describe();
    expect(described.type).toBe('linkedCase');
    expect(await described.staticSummary()).toBe(`death case ${caseCode}: death-registration, residence-deregistration`);
    expect(await described.staticDetails()).toContain(`Received at: ${OFFICE}`);
    expect(described.memo).toMatchObject({ group: 'death', receivingOffice: OFFICE, procedures: ['death-registration', 'residence-deregistration'] });
    const events = await historySummaries(sys.client, caseCode);
    const summaries = events.map((e) => e.summary).filter((x): x is string => x !== undefined);
    expect(summaries).toEqual(
      expect.arrayContaining(['Dispatch death-registration to CIVIL-BA-DINH', 'Dispatch residence-deregistration to POLICE-BA-DINH', expect.stringMatching(/^Legal clock: /), expect.stringMatching(/^Ledger rev \d+: /)]),
    );
    // Every activity, timer and ledger write is named.
    const unnamed = events.filter((e) => /ACTIVITY_TASK_SCHEDULED|TIMER_STARTED|MARKER_RECORDED/.test(e.type) && !e.summary);
    expect(unnamed).toEqual([]);
    const text = JSON.stringify({ summaries, details: await described.staticDetails(), memo: described.memo });
    for (const secret of [request.applicant.fullName, request.applicant.personalId, request.applicant.phone, request.deceased.fullName, request.deceased.personalId]) expect(text).not.toContain(secret);
  });
});

describe('need to know', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a step is not yet sent to an agency, then that agency neither lists nor sees the case, and acting on it is 404', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
    const police = sys.keys.agencies['POLICE-BA-DINH']!;
    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'death-registration').status === 'DISPATCHED' ? true : undefined), 'dispatch');
    const listed = (await sys.call('GET', '/v1/cases?limit=200', { key: police })).body.items.map((c: any) => c.caseCode);
    expect(listed).not.toContain(caseCode);
    expect((await sys.call('GET', `/v1/cases/${caseCode}`, { key: police })).status).toBe(404);
    const act = await sys.call('POST', `/v1/cases/${caseCode}/steps/residence-deregistration/complete`, { key: police, body: { result: { deregisteredOn: todayInVietnam() } } });
    expect(act.status).toBe(404);
    // Once its step is sent, it is there.
    expect((await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: EXTRACT })).status).toBe(200);
    await waitFor(async () => ((await sys.call('GET', '/v1/cases?limit=200', { key: police })).body.items.some((c: any) => c.caseCode === caseCode) ? true : undefined), 'the police to list the case');
  });

  test('When a desk receives a person who has an open case at another office, then it learns which office to contact, not that office’s case code', async () => {
    const body = deathRequest();
    const first = await sys.openCase(body, sys.keys.desk[OFFICE]);
    const elsewhere = await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OTHER_OFFICE], body: { ...body, receivingOffice: OTHER_OFFICE } });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.existingCaseCode).toBeUndefined();
    expect(JSON.stringify(elsewhere.body)).not.toContain(first.caseCode);
    expect(elsewhere.body.openAtOffice).toMatchObject({ officeCode: OFFICE });
    // At the same office the desk is told the case code, as before.
    const here = await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body });
    expect(here.body.existingCaseCode).toBe(first.caseCode);
  });
});
