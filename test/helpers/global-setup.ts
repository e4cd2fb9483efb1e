import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { spawnEmbeddedPostgres } from '../../platform/embedded-postgres';
import { generateKeyRing, newKeyId } from '../../platform/key-ring';
import { startTemporalDevServer } from '../../platform/temporal-dev-server';
import { createPrismaClient } from '../../prisma/client';
import { applyMigrations, ensureDatabase } from '../../prisma/migrate';
import { syncReferenceData } from '../../prisma/reference-data';
import { buildConsole } from '../../scripts/build-console';
import { buildWorkflowBundle } from '../../worker/bundle';
import { ensureSearchAttributes } from '../../worker/search-attributes';
import { freePort } from './ports';

/**
 * Integration tests run against a real PostgreSQL and a real Temporal server: the ones named by
 * TEST_DATABASE_URL / TEST_TEMPORAL_ADDRESS, or embedded ones started here and stopped after.
 */
export default async function globalSetup(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-test-'));
  chmodSync(tmp, 0o755); // the embedded server runs as user postgres and must reach its data dir
  const stops: (() => Promise<void>)[] = [async () => rmSync(tmp, { recursive: true, force: true })];
  let databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    const pg = await spawnEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort(), database: 'lien_thong_test', persistent: false });
    stops.push(pg.stop);
    databaseUrl = pg.url;
  }
  await ensureDatabase(databaseUrl);
  await applyMigrations(databaseUrl);
  const db = createPrismaClient(databaseUrl);
  await syncReferenceData(db);
  await db.$disconnect();

  let temporalAddress = process.env.TEST_TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const temporal = await startTemporalDevServer();
    stops.push(temporal.stop);
    temporalAddress = temporal.address;
  }
  const connection = await Connection.connect({ address: temporalAddress });
  await ensureSearchAttributes(connection, 'default');
  await connection.close();

  // Bundle the workflows once for all test files (bundling takes seconds).
  const bundlePath = await buildWorkflowBundle(path.join(tmp, 'workflow-bundle.js'));

  // The console the API serves at /console/ (esbuild: well under a second).
  await buildConsole();

  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_TEMPORAL_ADDRESS = temporalAddress;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  // A payload key ring for this run, in the variable the engine reads: the in-process systems use it
  // (test/helpers/keys.ts) and every child process spawned with `...process.env` inherits it.
  process.env.ENCRYPTION_KEYS = JSON.stringify(generateKeyRing(newKeyId('test')));
  (globalThis as { __lienThongStops?: (() => Promise<void>)[] }).__lienThongStops = stops.reverse();
}
