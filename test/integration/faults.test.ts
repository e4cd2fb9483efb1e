import { ChildProcess, spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { keepHistory } from '../helpers/histories';

// Processes that die at the worst moment: a worker killed while an agency holds its dispatch, and
// a receipt whose process dies between its commit and its workflow's start.

const ROOT = path.resolve(__dirname, '../..');

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
    const healthPort = 20_000 + Math.floor(Math.random() * 10_000);
    child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(ROOT, 'worker/main.ts')], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        DATABASE_URL: process.env.TEST_DATABASE_URL,
        TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
        TASK_QUEUE: sys.taskQueue,
        AGENCY_ENDPOINTS: JSON.stringify(endpoints),
        WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE,
        WORKER_HEALTH_PORT: String(healthPort),
      },
      stdio: 'ignore',
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
  // Stands for the process dying right after the commit: the start never comes (until the test
  // ends, when the hooks give up so that stopping the API need not wait for them).
  const hung: (() => void)[] = [];
  const dead = () => new Promise<void>((_resolve, reject) => hung.push(() => reject(new Error('the process died'))));

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'auto', delayMs: 10, afterReceiptCommit: dead, starter: { intervalMs: 500, graceMs: 1_000 } });
  });
  afterAll(async () => {
    for (const giveUp of hung) giveUp();
    await sys?.stop();
  });

  test('When the workflow was not started, then the engine starts it by itself within seconds and the case completes', async () => {
    const res = await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body: deathRequest() });
    expect(res.status).toBe(201);
    const caseCode = res.body.caseCode as string;
    const startedAt = Date.now();
    await expect(sys.client.workflow.getHandle(caseCode).describe()).rejects.toThrow(/not found/i);
    expect((await sys.db.case.findUnique({ where: { code: caseCode } }))!.workflowStartedAt).toBeNull();

    await waitFor(async () => ((await sys.client.workflow.getHandle(caseCode).describe().catch(() => undefined)) ? true : undefined), 'the starter to start the workflow');
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect((await sys.db.case.findUnique({ where: { code: caseCode } }))!.workflowStartedAt).not.toBeNull();
    const done = await sys.waitForCase(caseCode, ['COMPLETED']);
    expect(done.timeline.filter((e: { type: string }) => e.type === 'RECEIVED')).toHaveLength(1);
    // Starting again is harmless: the same run is used, a closed one is never run again.
    expect(await sys.apiServer.startOwedCases()).toBe(0);
  });
});
