import pino from 'pino';
import { createSimulator, Simulator, SimulatorConfig } from '../../agencies';
import { DEATH_REGISTRATION, FUNERAL_ALLOWANCE, RESIDENCE_DEREGISTRATION } from '../../domain/catalogue';
import { lookupProcedure } from '../../agencies/results';
import { rejectionSchema, resultSchemaFor, supplementRequestSchema } from '../../domain/results';
import { startFakeEngine } from '../helpers/fake-http';

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const CASE = '001.01.01.H26-250115-0001';
const TOKEN = 'inbound-secret-token';
const KEYS = { 'CIVIL-BA-DINH': 'key-civil', 'POLICE-BA-DINH': 'key-police', 'VSS-HA-NOI': 'key-vss' };

function dispatchBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseCode: CASE,
    stepId: DEATH_REGISTRATION,
    procedure: DEATH_REGISTRATION,
    agencyCode: 'CIVIL-BA-DINH',
    dueAt: '2025-01-15T10:00:00.000Z',
    resubmission: 0,
    dossier: { applicant: { fullName: 'Nguyễn Văn An' }, subject: { fullName: 'Trần Thị Bình', benefitStatus: 'pensioner' } },
    upstreamResults: {},
    ...overrides,
  };
}

let engine: Awaited<ReturnType<typeof startFakeEngine>>;
let sim: Simulator;
let simUrl: string;

async function startSim(config: Partial<SimulatorConfig> = {}): Promise<void> {
  sim = createSimulator(
    {
      name: 'test-sim',
      agencies: Object.keys(KEYS),
      mode: 'auto',
      engineUrl: engine.url,
      agencyKeys: KEYS,
      delayMs: 10,
      inboundToken: TOKEN,
      seed: 42,
      retryBaseMs: 5,
      retryMaxMs: 20,
      ...config,
    },
    { logger: pino({ level: 'silent' }) },
  );
  simUrl = (await sim.start(0)).url;
}

function post(path: string, body: unknown, headers: Record<string, string | undefined> = {}): Promise<globalThis.Response> {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries({ Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers })) {
    if (v !== undefined) h[k] = v;
  }
  return fetch(simUrl + path, { method: 'POST', headers: h, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

const dispatch = (body: Record<string, unknown>, key = `${String(body.caseCode)}:${String(body.stepId)}`) =>
  post('/v1/dispatches', body, { 'Idempotency-Key': key });

beforeEach(async () => {
  engine = await startFakeEngine();
});
afterEach(async () => {
  await sim?.stop();
  await engine.close();
});

describe('dispatch contract', () => {
  beforeEach(() => startSim({ mode: 'manual' }));

  it('records a dispatch without keeping the dossier', async () => {
    const res = await dispatch(dispatchBody());
    expect(res.status).toBe(202);
    const receipt = (await res.json()) as { receiptId: string; duplicate: boolean };
    expect(receipt).toEqual({ receiptId: expect.any(String), duplicate: false });
    const listed = (await (await fetch(`${simUrl}/v1/records?caseCode=${CASE}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as {
      records: Record<string, unknown>[];
    };
    expect(listed.records).toEqual([
      expect.objectContaining({
        receiptId: receipt.receiptId,
        idempotencyKey: `${CASE}:${DEATH_REGISTRATION}`,
        caseCode: CASE,
        stepId: DEATH_REGISTRATION,
        procedure: DEATH_REGISTRATION,
        agencyCode: 'CIVIL-BA-DINH',
        resubmission: 0,
        deliveries: 1,
        receivedAt: expect.any(String),
        state: 'recorded',
      }),
    ]);
    expect(JSON.stringify(sim.records())).not.toContain('Trần Thị Bình');
  });

  it('counts a repeated delivery instead of recording it twice', async () => {
    const first = (await (await dispatch(dispatchBody())).json()) as { receiptId: string };
    const again = await dispatch(dispatchBody());
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ receiptId: first.receiptId, duplicate: true });
    expect(sim.records()).toHaveLength(1);
    expect(sim.records()[0]?.deliveries).toBe(2);
  });

  it('refuses an Idempotency-Key reused for another dispatch (409)', async () => {
    await dispatch(dispatchBody(), 'same-key');
    const res = await dispatch(dispatchBody({ stepId: 'other-step' }), 'same-key');
    expect(res.status).toBe(409);
  });

  it('requires an Idempotency-Key (400)', async () => {
    const res = await post('/v1/dispatches', dispatchBody());
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(sim.records()).toHaveLength(0);
  });

  it('names every bad field (422 problem+json)', async () => {
    const body = dispatchBody({ dueAt: 'tomorrow', resubmission: -1, dossier: { applicant: {} } });
    delete body.caseCode;
    const res = await dispatch(body, 'k1');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { type: string; title: string; status: number; errors: { path: string }[] };
    expect(problem).toMatchObject({ status: 422, type: expect.any(String), title: expect.any(String) });
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['caseCode', 'dossier.subject', 'dueAt', 'resubmission']);
  });

  it('rejects unknown procedures (422), malformed JSON (400) and unserved agencies (404)', async () => {
    expect((await dispatch(dispatchBody({ procedure: 'no-such-procedure' }), 'k2')).status).toBe(422);
    expect((await post('/v1/dispatches', '{"caseCode":', { 'Idempotency-Key': 'k3' })).status).toBe(400);
    expect((await dispatch(dispatchBody({ agencyCode: 'MERIT-BA-DINH' }), 'k4')).status).toBe(404);
  });

  it('checks the bearer token (401)', async () => {
    expect((await post('/v1/dispatches', dispatchBody(), { 'Idempotency-Key': 'k', Authorization: 'Bearer wrong-token' })).status).toBe(401);
    expect((await post('/v1/dispatches', dispatchBody(), { 'Idempotency-Key': 'k', Authorization: undefined })).status).toBe(401);
    expect((await fetch(`${simUrl}/v1/records`)).status).toBe(401);
    expect(await (await fetch(`${simUrl}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('manual mode only records: the engine is never called', async () => {
    await dispatch(dispatchBody());
    await sim.settled();
    expect(engine.calls).toHaveLength(0);
    expect(sim.records()[0]?.state).toBe('recorded');
  });
});

describe('auto mode answers', () => {
  it.each([
    [DEATH_REGISTRATION, 'CIVIL-BA-DINH', 'key-civil'],
    [RESIDENCE_DEREGISTRATION, 'POLICE-BA-DINH', 'key-police'],
    [FUNERAL_ALLOWANCE, 'VSS-HA-NOI', 'key-vss'],
  ])('completes %s with a result valid for its resultKind', async (procedure, agencyCode, key) => {
    await startSim();
    await dispatch(dispatchBody({ stepId: procedure, procedure, agencyCode }));
    const call = await waitFor(() => engine.calls[0], 'the answer');
    expect(call.path).toBe(`/v1/cases/${CASE}/steps/${procedure}/complete`);
    expect(call.authorization).toBe(`Bearer ${key}`);
    expect(call.contentType).toMatch(/^application\/json/);
    const resultKind = lookupProcedure(procedure)?.resultKind ?? '';
    expect(resultSchemaFor(resultKind).safeParse((call.body as { result: unknown }).result).success).toBe(true);
    await waitFor(() => sim.records()[0]?.state === 'answered', 'answered state');
    expect(sim.records()[0]?.answer).toBe('complete');
  });

  it('refuses when refuseShare is 1', async () => {
    await startSim({ refuseShare: 1 });
    await dispatch(dispatchBody());
    const call = await waitFor(() => engine.calls[0], 'the refusal');
    expect(call.path).toBe(`/v1/cases/${CASE}/steps/${DEATH_REGISTRATION}/reject`);
    expect(rejectionSchema.parse(call.body).reasonCode).toBe('SIMULATED_REFUSAL');
  });

  it('asks for a supplement on the first dispatch only', async () => {
    await startSim({ supplementShare: 1 });
    await dispatch(dispatchBody());
    const asked = await waitFor(() => engine.calls[0], 'the supplement request');
    expect(asked.path).toMatch(/\/request-supplement$/);
    expect(supplementRequestSchema.safeParse(asked.body).success).toBe(true);

    const resubmitted = dispatchBody({ resubmission: 1, supplement: { documents: [{ item: 'death-notice', reference: 'doc-123' }] } });
    await dispatch(resubmitted, `${CASE}:${DEATH_REGISTRATION}:resubmission-1`);
    const completed = await waitFor(() => engine.calls[1], 'the completion');
    expect(completed.path).toMatch(/\/complete$/);
  });

  it('retries a 503 from the engine, then succeeds', async () => {
    engine.statuses.push(503);
    await startSim();
    await dispatch(dispatchBody());
    await waitFor(() => sim.records()[0]?.state === 'answered', 'answered state');
    expect(engine.calls).toHaveLength(2);
    expect(engine.calls[0]?.idempotencyKey).toBe(engine.calls[1]?.idempotencyKey);
  });

  it('gives up at once on a 4xx other than 429', async () => {
    engine.statuses.push(429, 403);
    await startSim();
    await dispatch(dispatchBody());
    const failed = await waitFor(() => sim.records().find((r) => r.state === 'answer-failed'), 'answer-failed state');
    expect(failed.answerStatus).toBe(403);
    expect(engine.calls).toHaveLength(2);
  });

  it('gives up after maxAttempts transient failures', async () => {
    engine.statuses.push(500, 500, 500);
    await startSim({ maxAttempts: 3 });
    await dispatch(dispatchBody());
    await waitFor(() => sim.records()[0]?.state === 'answer-failed', 'answer-failed state');
    expect(engine.calls).toHaveLength(3);
  });

  it('never answers a cancelled step, even when the dispatch arrives after the cancellation', async () => {
    await startSim({ delayMs: 2000 }); // long: the cancellation must land first; settled() does not wait it out
    await dispatch(dispatchBody());
    const cancel = { caseCode: CASE, stepId: DEATH_REGISTRATION, agencyCode: 'CIVIL-BA-DINH', reason: 'withdrawn' };
    const res = await post('/v1/cancellations', cancel, { 'Idempotency-Key': 'c1' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ cancelled: 1 });
    expect(await (await post('/v1/cancellations', cancel, { 'Idempotency-Key': 'c1' })).json()).toEqual({ cancelled: 0 });
    await dispatch(dispatchBody({ resubmission: 1 }), 'late-dispatch');
    await sim.settled();
    expect(engine.calls).toHaveLength(0);
    expect(sim.records().map((r) => r.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('stop() drops scheduled answers', async () => {
    await startSim({ delayMs: 60_000 });
    await dispatch(dispatchBody());
    await sim.stop();
    expect(engine.calls).toHaveLength(0);
    expect(sim.records()[0]?.state).toBe('recorded');
  });

  it('repeats the same outcomes for the same seed', async () => {
    const outcomes: string[][] = [];
    for (const run of [1, 2]) {
      await startSim({ refuseShare: 0.5, seed: 7 });
      for (let i = 1; i <= 6; i++) await dispatch(dispatchBody({ caseCode: `${CASE.slice(0, -1)}${i}` }));
      await waitFor(() => sim.records().every((r) => r.state === 'answered'), `run ${run} answers`);
      outcomes.push(sim.records().map((r) => r.answer ?? ''));
      await sim.stop();
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(new Set(outcomes[0])).toEqual(new Set(['complete', 'reject']));
  });
});
