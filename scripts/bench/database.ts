import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Organisation } from '../../domain/catalogue';
import { startEmbeddedPostgres } from '../../platform/embedded-postgres';
import { createPrismaClient } from '../../prisma/client';
import { applyMigrations, ensureDatabase } from '../../prisma/migrate';
import { syncReferenceData } from '../../prisma/reference-data';

/** What a benchmark started, stopped in reverse order at the end or on Ctrl-C. */
export function cleanUpStack(): { steps: (() => Promise<unknown>)[]; run(): Promise<void> } {
  const steps: (() => Promise<unknown>)[] = [];
  const run = async () => {
    for (const step of steps.splice(0).reverse()) await step().catch((err: unknown) => console.error('clean-up:', err));
  };
  process.once('SIGINT', () => void run().finally(() => process.exit(130)));
  return { steps, run };
}

/** A fresh embedded PostgreSQL in a temporary directory, migrated and loaded with the province data. */
export async function startBenchDatabase(o: { name: string; port: number; organisation: Organisation; cleanup: (() => Promise<unknown>)[] }): Promise<{ url: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${o.name}-`));
  o.cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755); // the embedded server runs as user postgres when we are root
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: o.port, database: 'bench', persistent: false });
  o.cleanup.push(() => pg.stop());
  await ensureDatabase(pg.url);
  await applyMigrations(pg.url);
  const db = createPrismaClient(pg.url);
  await syncReferenceData(db, o.organisation);
  await db.$disconnect();
  return { url: pg.url };
}
