import pino from 'pino';
import { AgencyCallError, fetchDispatchStatus, isPermanentAgencyFailure } from '../../activities/agency-connector';
import { createSimulator, Simulator, SimulatorConfig } from '../../agencies';
import { dispatchKey, dispatchStatusPath, dispatchStatusSchema, DispatchStatus } from '../../domain/agency-contract';
import { DEATH_REGISTRATION, RESIDENCE_DEREGISTRATION } from '../../domain/catalogue';
import { resultSchemaFor } from '../../domain/results';
import type { AgencyEndpoint } from '../../platform/config';
import { startFakeEngine } from '../helpers/fake-http';
import { freePort } from '../helpers/ports';
import { waitFor } from '../helpers/wait';

// GET /v1/dispatches/{key} on the simulators, their poll mode, and the connector asking them.

const CASE = '001.01.01.H26-250115-0001';
const TOKEN = 'inbound-secret-token';
const KEYS = { 'CIVIL-BA-DINH': 'key-civil', 'POLICE-BA-DINH': 'key-police' };
const NOW = new Date('2025-01-15T03:00:00Z');

const dispatchBody = (caseCode = CASE, resubmission = 0) => ({
  caseCode,
  stepId: DEATH_REGISTRATION,
  procedure: DEATH_REGISTRATION,
  agencyCode: 'CIVIL-BA-DINH',
  dueAt: '2025-01-22T10:00:00.000Z',
  resubmission,
  dossier: { applicant: { fullName: 'Nguyễn Văn An' }, subject: { fullName: 'Trần Thị Bình' } },
  upstreamResults: {},
});
const keyOf = (caseCode = CASE, resubmission = 0) => dispatchKey(caseCode, DEATH_REGISTRATION, resubmission);

let engine: Awaited<ReturnType<typeof startFakeEngine>>;
let sim: Simulator | undefined;
let simUrl: string;

async function startSim(config: Partial<SimulatorConfig> = {}): Promise<void> {
  sim = createSimulator(
    { name: 'status-sim', agencies: Object.keys(KEYS), mode: 'auto', engineUrl: engine.url, agencyKeys: KEYS, delayMs: 10, inboundToken: TOKEN, seed: 42, retryBaseMs: 5, retryMaxMs: 20, ...config },
    { logger: pino({ level: 'silent' }), now: () => NOW },
  );
  simUrl = (await sim.start(0)).url;
}

async function dispatch(body = dispatchBody()): Promise<void> {
  const res = await fetch(`${simUrl}/v1/dispatches`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Idempotency-Key': keyOf(body.caseCode, body.resubmission) },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
}

async function status(key = keyOf(), token: string | null = TOKEN): Promise<{ status: number; type: string | null; body: any }> {
  const res = await fetch(simUrl + dispatchStatusPath(key), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

/** The status once it is answered, checked against the contract. */
const answered = async (key = keyOf()): Promise<DispatchStatus> =>
  dispatchStatusSchema.parse(await waitFor(async () => ((await status(key)).body.state === 'answered' ? (await status(key)).body : undefined), `answer of ${key}`, 5000, 10));

beforeEach(async () => {
  engine = await startFakeEngine();
});
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  await engine.close();
});

describe('GET /v1/dispatches/{key}', () => {
  it('When a dispatch is recorded and then cancelled, then its status says recorded, then cancelled, with its routing facts', async () => {
    await startSim({ mode: 'manual' });
    await dispatch();
    const facts = { caseCode: CASE, stepId: DEATH_REGISTRATION, agencyCode: 'CIVIL-BA-DINH', resubmission: 0 };
    expect(await status()).toEqual({ status: 200, type: expect.stringMatching(/^application\/json/), body: { ...facts, state: 'recorded' } });
    const cancel = await fetch(`${simUrl}/v1/cancellations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'c1' },
      body: JSON.stringify({ caseCode: CASE, stepId: DEATH_REGISTRATION, agencyCode: 'CIVIL-BA-DINH', reason: 'withdrawn' }),
    });
    expect(cancel.status).toBe(202);
    expect((await status()).body).toEqual({ ...facts, state: 'cancelled' });
  });

  it('When an answer was delivered, then the status serves exactly the body the engine received', async () => {
    await startSim({ refuseShare: 1 });
    await dispatch();
    const s = await answered();
    expect(engine.calls).toHaveLength(1);
    expect(s.answer).toEqual({ action: 'reject', body: engine.calls[0]?.body });
    expect(engine.calls[0]?.path).toBe(`/v1/cases/${CASE}/steps/${DEATH_REGISTRATION}/reject`);
  });

  it('When the key was never received, then 404 problem+json', async () => {
    await startSim({ mode: 'manual' });
    await dispatch();
    const unknown = await status(keyOf(CASE, 1));
    expect(unknown).toMatchObject({ status: 404, type: expect.stringMatching(/^application\/problem\+json/), body: { status: 404, title: 'Unknown dispatch' } });
  });

  it('When the bearer token is missing or wrong, then 401 and nothing of the dispatch', async () => {
    await startSim({ mode: 'manual' });
    await dispatch();
    expect((await status()).status).toBe(200);
    for (const token of [null, 'wrong-token-123']) {
      const res = await status(keyOf(), token);
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(CASE);
    }
  });

  it('When the engine stays unreachable until the retries run out, then the record is answer-failed and the status still serves the answer', async () => {
    await startSim({ engineUrl: `http://127.0.0.1:${await freePort()}`, maxAttempts: 2 });
    await dispatch();
    await waitFor(() => (sim!.records()[0]?.state === 'answer-failed' ? true : undefined), 'answer-failed', 5000, 10);
    const s = await answered();
    expect(s.answer?.action).toBe('complete');
    const result = (s.answer?.body as { result: unknown }).result;
    expect(resultSchemaFor('death-extract').parse(result)).toMatchObject({ extractNumber: '01/2025', extractDate: '2025-01-15' });
  });
});

describe('poll mode', () => {
  it('When answers are polled, then the engine is never called and the answer is served only after the delay', async () => {
    await startSim({ answers: 'poll', delayMs: 400 });
    const sent = Date.now();
    await dispatch();
    expect((await status()).body.state).toBe('recorded');
    const s = await answered();
    expect(Date.now() - sent).toBeGreaterThanOrEqual(400);
    expect(s.answer?.action).toBe('complete');
    await sim!.settled();
    expect(engine.calls).toHaveLength(0);
    expect(sim!.records()).toEqual([expect.objectContaining({ state: 'answered', answer: 'complete' })]);
    expect(sim!.records()[0]?.answerStatus).toBeUndefined();
  });

  it('When answers are polled, then the simulator needs neither the engine URL nor the agencies keys', async () => {
    await startSim({ answers: 'poll', engineUrl: undefined, agencyKeys: {} });
    await dispatch();
    expect((await answered()).state).toBe('answered');
  });

  it('When the seed is the same, then polled answers are exactly the answers a callback simulator sends', async () => {
    const cases = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `${CASE.slice(0, -1)}${i}`);
    const shares = { refuseShare: 0.3, supplementShare: 0.4, seed: 11 };
    await startSim(shares);
    for (const c of cases) await dispatch(dispatchBody(c));
    await waitFor(() => (engine.calls.length === cases.length ? true : undefined), 'callback answers', 5000, 10);
    const byCallback = cases.map((c) => {
      const call = engine.calls.find((k) => k.path.startsWith(`/v1/cases/${c}/`))!;
      return { action: call.path.split('/').pop(), body: call.body };
    });
    await sim!.stop();

    await startSim({ ...shares, answers: 'poll' });
    for (const c of cases) await dispatch(dispatchBody(c));
    const byPoll = [];
    for (const c of cases) byPoll.push((await answered(keyOf(c))).answer);
    expect(byPoll).toEqual(byCallback);
    expect(new Set(byPoll.map((a) => a?.action)).size).toBeGreaterThan(1);
    expect(engine.calls).toHaveLength(cases.length);
  });
});

describe('fetchDispatchStatus against a simulator', () => {
  const endpoint = (token = TOKEN): AgencyEndpoint => ({ baseUrl: simUrl, token, timeoutMs: 2000, answers: 'poll', pollSeconds: 5 });

  it('When the simulator holds the dispatch, then the connector gets its state, and its answer once decided', async () => {
    await startSim({ answers: 'poll', delayMs: 300 });
    await dispatch();
    expect(await fetchDispatchStatus('CIVIL-BA-DINH', endpoint(), keyOf())).toEqual({ caseCode: CASE, stepId: DEATH_REGISTRATION, agencyCode: 'CIVIL-BA-DINH', resubmission: 0, state: 'recorded' });
    const s = await waitFor(async () => {
      const got = await fetchDispatchStatus('CIVIL-BA-DINH', endpoint(), keyOf());
      return got?.state === 'answered' ? got : undefined;
    }, 'the answer', 5000, 20);
    expect(s.answer).toEqual((await status()).body.answer);
  });

  it('When the key is unknown, then undefined; when the token is wrong, then a permanent failure', async () => {
    await startSim({ mode: 'manual' });
    await dispatch();
    await expect(fetchDispatchStatus('CIVIL-BA-DINH', endpoint(), keyOf())).resolves.toMatchObject({ state: 'recorded' });
    await expect(fetchDispatchStatus('CIVIL-BA-DINH', endpoint(), keyOf(CASE, 1))).resolves.toBeUndefined();
    await expect(fetchDispatchStatus('POLICE-BA-DINH', endpoint(), dispatchKey(CASE, RESIDENCE_DEREGISTRATION, 0))).resolves.toBeUndefined();
    const err = await fetchDispatchStatus('CIVIL-BA-DINH', endpoint('wrong-token-123'), keyOf()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgencyCallError);
    expect(err).toMatchObject({ kind: 'http', status: 401 });
    expect(isPermanentAgencyFailure(err)).toBe(true);
  });
});
