import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { EmbeddedPostgres, spawnEmbeddedPostgres } from '../../platform/embedded-postgres';
import { RunningTemporal, startTemporalDevServer } from '../../platform/temporal-dev-server';
import { createPrismaClient } from '../../prisma/client';
import { applyMigrations, ensureDatabase } from '../../prisma/migrate';
import { syncReferenceData } from '../../prisma/reference-data';
import { ensureSearchAttributes } from '../../worker/search-attributes';
import { deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { freePort } from '../helpers/ports';

// The engine while its own dependencies are down: each test owns the PostgreSQL or Temporal it
// stops. Callers get 503 problem+json with Retry-After (never a 500), /healthz says which
// dependency is down, and nothing is half-stored.

const expectUnavailable = (res: { status: number; body: any; headers: Headers }) => {
  expect({ status: res.status, type: res.headers.get('content-type'), retryAfter: Number(res.headers.get('retry-after')) > 0 }).toEqual({
    status: 503,
    type: expect.stringContaining('application/problem+json'),
    retryAfter: true,
  });
};

describe('PostgreSQL stopped while receipts are in flight', () => {
  let dir: string;
  let port: number;
  let pg: EmbeddedPostgres;
  let pgDown = false;
  let sys: TestSystem;
  // Its own Temporal too: its PostgreSQL numbers cases from 0001, and on the suite's server a case
  // code another test used already is taken as that test's workflow (USE_EXISTING / REJECT_DUPLICATE).
  let temporal: RunningTemporal;
  const restartPg = async () => {
    pg = await spawnEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, database: 'outage', persistent: true });
    pgDown = false;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-outage-'));
    chmodSync(dir, 0o755);
    port = await freePort();
    pg = await spawnEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, database: 'outage', persistent: true });
    await ensureDatabase(pg.url);
    await applyMigrations(pg.url);
    const db = createPrismaClient(pg.url);
    await syncReferenceData(db);
    await db.$disconnect();
    temporal = await startTemporalDevServer();
    sys = await startTestSystem({ mode: 'manual', databaseUrl: pg.url, temporalAddress: temporal.address });
  }, 120_000);
  afterAll(async () => {
    // Ledger writes wait for PostgreSQL: bring it back before stopping the worker.
    if (pgDown) await restartPg();
    await sys?.stop();
    await temporal?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  test('When PostgreSQL stops during receipts, then each gets 201 or 503 with Retry-After (never 500), /healthz reports it, and after the restart nothing is half-stored and codes stay gapless', async () => {
    const desk = sys.keys.desk[OFFICE]!;
    await sys.openCase(deathRequest(), desk);
    const bodies = Array.from({ length: 20 }, () => deathRequest());
    const inFlight = bodies.map((body, i) => sys.call('POST', '/v1/cases', { key: desk, body, headers: { 'Idempotency-Key': `outage-receipt-${i}-${Date.now()}` } }));
    await pg.stop();
    pgDown = true;
    const answers = await Promise.all(inFlight);
    for (const a of answers) expect([201, 503]).toContain(a.status);
    for (const a of answers.filter((x) => x.status === 503)) expectUnavailable(a);

    // While it is down: every call that needs it is 503 at once, and the health report says why.
    const health = await waitFor(async () => {
      const h = await sys.call('GET', '/healthz');
      return h.body.dependencies.database.status === 'down' ? h : undefined;
    }, 'the health check to notice');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', ready: false, dependencies: { temporal: { status: 'up' } } });
    expect((await sys.call('GET', '/readyz')).status).toBe(503);
    expectUnavailable(await sys.call('POST', '/v1/cases', { key: desk, body: deathRequest() }));
    expectUnavailable(await sys.call('GET', '/v1/cases?limit=5', { key: sys.keys.operator }));

    await restartPg();
    await waitFor(async () => ((await sys.call('GET', '/readyz')).status === 200 ? true : undefined), 'the API to be ready again');

    // Nothing half-stored: every stored case has its dossier, its steps and its receipt event, and
    // every receipt answered 201 is stored.
    const cases = await sys.db.case.findMany({ include: { steps: true, dossier: true, events: { where: { seq: 0 } } }, orderBy: { code: 'asc' } });
    for (const c of cases) expect({ code: c.code, steps: c.steps.length > 0, dossier: !!c.dossier, received: c.events.length }).toEqual({ code: c.code, steps: true, dossier: true, received: 1 });
    const stored = new Set(cases.map((c) => c.code));
    for (const a of answers.filter((x) => x.status === 201)) expect(stored.has(a.body.caseCode)).toBe(true);
    // Gapless: today's numbers at the office are 1..n.
    const numbers = cases.map((c) => Number(c.code.slice(-4))).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));

    // A receipt refused with 503 can be sent again: it is received, and its workflow runs.
    const retried = answers.findIndex((a) => a.status === 503);
    const again = await sys.call('POST', '/v1/cases', { key: desk, body: bodies[retried === -1 ? 0 : retried], headers: { 'Idempotency-Key': `outage-retry-${Date.now()}` } });
    expect([201, 409]).toContain(again.status);
    // Ledger writes that failed during the outage are retried with backoff (at most 10 s apart).
    for (const code of [...stored].slice(0, 3)) await sys.waitForCase(code, ['IN_PROGRESS'], sys.keys.operator, 60_000);
  });
});

describe('Temporal unreachable', () => {
  let temporal: RunningTemporal;
  let dir: string;
  let port: number;
  let sys: TestSystem;

  const startTemporal = async () => {
    temporal = await startTemporalDevServer({ port, dbFilename: path.join(dir, 'temporal.sqlite') });
    const connection = await Connection.connect({ address: temporal.address });
    await ensureSearchAttributes(connection, 'default');
    await connection.close();
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-temporal-outage-'));
    port = await freePort();
    await startTemporal();
    sys = await startTestSystem({ mode: 'auto', delayMs: 10, temporalAddress: temporal.address, starter: { intervalMs: 500, graceMs: 500 } });
  }, 120_000);
  afterAll(async () => {
    await sys?.stop();
    await temporal?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  test('When Temporal is down, then receipts are still received (201) and started once it is back, actions get 503 with Retry-After, and /healthz says which dependency is down', async () => {
    const desk = sys.keys.desk[OFFICE]!;
    const running = await sys.openCase(deathRequest(), desk);
    await sys.waitForCase(running.caseCode, ['COMPLETED']);
    const open = await sys.openCase(deathRequest(), desk);
    await temporal.stop();

    await waitFor(async () => ((await sys.call('GET', '/healthz')).body.dependencies.temporal.status === 'down' ? true : undefined), 'the health check to notice');
    expect((await sys.call('GET', '/readyz')).status).toBe(503);
    // A receipt needs only the ledger: it is received now and its workflow started later.
    const received = await sys.call('POST', '/v1/cases', { key: desk, body: deathRequest() });
    expect(received.status).toBe(201);
    // An action needs the workflow: 503, nothing done.
    expectUnavailable(await sys.call('POST', `/v1/cases/${open.caseCode}/withdraw`, { key: desk, body: { reason: 'Gia đình rút hồ sơ' } }));
    // Reading the ledger still works.
    expect((await sys.call('GET', `/v1/cases/${received.body.caseCode}`, { key: desk })).status).toBe(200);

    await startTemporal();
    await waitFor(async () => ((await sys.call('GET', '/readyz')).status === 200 ? true : undefined), 'the API to be ready again', 30_000);
    await sys.waitForCase(received.body.caseCode, ['COMPLETED']);
  });
});
