import { ChildProcess, spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, SUBJECT_KEY_SECRET, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { keepHistory } from '../helpers/histories';

// Processes that die at the worst moment (killed with SIGKILL): a worker while an agency holds its
// dispatch, and an API process between a receipt's commit and its workflow's start.

const ROOT = path.resolve(__dirname, '../..');

/** A port for a spawned process (these tests do not share the range). */
const freePort = () => 20_000 + Math.floor(Math.random() * 10_000);

/** Runs one of the engine's entry points (TypeScript, through tsx) as its own process against the test database. */
function startEngineProcess(entry: string, env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(ROOT, entry)], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: process.env.TEST_DATABASE_URL, ...env },
    stdio: 'ignore',
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

describe('a worker killed mid-dispatch', () => {
  let sys: TestSystem;
  let proxy: Server;
  let child: ChildProcess | undefined;
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
    // Only the worker process of this test runs the task queue.
    await sys.stopWorker();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    for (const res of held) res.destroy();
    proxy?.closeAllConnections();
    proxy?.close();
    await sys?.stop();
  });

  test('When the worker dies while the agency holds its dispatch, then another worker delivers the step within seconds, the agency records it once, and the ledger says DISPATCHED only after', async () => {
    const civil = sys.simulators['civil-status']!.url;
    // The civil-status system receives the first dispatch (and records it) but its answer never
    // gets back: the worker is killed while it waits.
    let dispatches = 0;
    proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        dispatches++;
        void fetch(`${civil}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }).then(() => held.push(res));
      });
    });
    const proxyUrl = await listen(proxy);
    const endpoints = Object.fromEntries(
      Object.entries(sys.simulators).flatMap(([kind, s]) =>
        s.simulator.config.agencies.map((code) => [code, { baseUrl: kind === 'civil-status' ? proxyUrl : s.url, token: 'dev-simulator-inbound-token', timeoutMs: 60_000 }]),
      ),
    );
    const healthPort = freePort();
    child = startEngineProcess('worker/main.ts', {
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TASK_QUEUE: sys.taskQueue,
      AGENCY_ENDPOINTS: JSON.stringify(endpoints),
      WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE,
      WORKER_HEALTH_PORT: String(healthPort),
    });
    await waitFor(async () => ((await fetch(`http://127.0.0.1:${healthPort}/healthz`).catch(() => undefined))?.ok ? true : undefined), 'the worker process to run', 60_000);

    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
    await waitFor(() => (held.length > 0 ? true : undefined), 'the civil-status system to hold the dispatch');
    const step = async () => (await sys.getCase(caseCode)).steps.find((s: { stepId: string }) => s.stepId === 'death-registration');
    // Handed over but not acknowledged: not DISPATCHED.
    await waitFor(async () => ((await step()).status === 'SENDING' ? true : undefined), 'the ledger to show the dispatch being sent');

    child.kill('SIGKILL');
    const killedAt = Date.now();
    await sys.startWorker();
    const record = await waitFor(
      () => sys.simulators['civil-status']!.simulator.records().find((r) => r.caseCode === caseCode && r.deliveries >= 2),
      'the dispatch to be delivered again',
      30_000,
    );
    const redeliveredIn = Date.now() - killedAt;
    // Heartbeat timeout (5 s) + first retry (2 s) + a new worker's poll, not the 150-second bound.
    expect(redeliveredIn).toBeLessThan(20_000);
    // Once: one record for the step, delivered twice under one idempotency key.
    expect(sys.simulators['civil-status']!.simulator.records().filter((r) => r.caseCode === caseCode && r.stepId === 'death-registration')).toEqual([record]);
    expect(dispatches).toBe(1);
    const delivered = await waitFor(async () => {
      const s = await step();
      return s.status === 'DISPATCHED' ? s : undefined;
    }, 'the acknowledged dispatch');
    expect(Date.parse(delivered.dispatchedAt)).toBeGreaterThanOrEqual(killedAt);
    const handOvers = (await sys.getCase(caseCode)).timeline.filter((e: { type: string }) => e.type === 'DISPATCHED');
    expect(handOvers).toHaveLength(1);
    await keepHistory(sys.client, caseCode, 'case-v5-linked-redelivered.json');
  });
});

describe('a receipt whose process dies between its commit and its workflow start', () => {
  let sys: TestSystem;
  let receiver: ChildProcess | undefined;

  beforeAll(async () => {
    // The engine's own API (with its starter, looking every 0.5 s for cases older than 1 s).
    sys = await startTestSystem({ mode: 'auto', delayMs: 10, starter: { intervalMs: 500, graceMs: 1_000 } });
  });
  afterAll(async () => {
    receiver?.kill('SIGKILL');
    await sys?.stop();
  });

  test('When the API process that received a case is killed before its workflow started, then the engine starts it by itself within seconds and the case completes', async () => {
    // A second API process, like another replica: its Temporal is unreachable, so it commits the
    // receipt and answers 201 but cannot start the workflow; then it is killed (SIGKILL).
    const port = freePort();
    receiver = startEngineProcess('api/main.ts', { PORT: String(port), HOST: '127.0.0.1', TEMPORAL_ADDRESS: '127.0.0.1:9', TASK_QUEUE: sys.taskQueue, SUBJECT_KEY_SECRET });
    const receiverUrl = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await fetch(`${receiverUrl}/healthz`).catch(() => undefined)) ? true : undefined), 'the receiving API process to listen', 60_000);
    const res = await fetch(`${receiverUrl}/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sys.keys.desk[OFFICE]}`, 'content-type': 'application/json' },
      body: JSON.stringify(deathRequest()),
    });
    expect(res.status).toBe(201);
    receiver.kill('SIGKILL');
    const killedAt = Date.now();
    const caseCode = ((await res.json()) as { caseCode: string }).caseCode;
    expect((await sys.db.case.findUnique({ where: { code: caseCode } }))!.workflowStartedAt).toBeNull();
    // An action sent now waits for the start (it was a 503 "being started"): the workflow judges it.
    const early = await sys.call('POST', `/v1/cases/${caseCode}/supplements`, {
      key: sys.keys.desk[OFFICE],
      body: { stepId: 'death-registration', documents: [{ item: 'giay-bao-tu', reference: 'BS-1' }] },
    });
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'WRONG_STATE' });

    await waitFor(async () => ((await sys.client.workflow.getHandle(caseCode).describe().catch(() => undefined)) ? true : undefined), 'the starter to start the workflow');
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect((await sys.db.case.findUnique({ where: { code: caseCode } }))!.workflowStartedAt).not.toBeNull();
    const done = await sys.waitForCase(caseCode, ['COMPLETED']);
    expect(done.timeline.filter((e: { type: string }) => e.type === 'RECEIVED')).toHaveLength(1);
    // Starting again is harmless: the same run is used, a closed one is never run again.
    expect(await sys.apiServer.startOwedCases()).toBe(0);
  }, 90_000);
});
