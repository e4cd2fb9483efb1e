// `npm run db:migrate`: create the database if needed, apply pending SQL migrations (no Prisma
// schema engine needed), then load the province's offices and agencies from its data files
// (PROVINCE_DATA_DIR; unset, a province loaded with province:load is kept, else the shipped sample
// province-data/ha-noi-sample is loaded).
import { createPrismaClient } from '../prisma/client';
import { applyMigrations, ensureDatabase } from '../prisma/migrate';
import { syncConfiguredReferenceData } from '../prisma/reference-data';
import { redactDatabaseUrl } from '../platform/database-url';
import { databaseUrlFor, parseCommandLine, runCommand } from './command-line';

async function main(): Promise<void> {
  // No options: a word given (`--help`, `--dry-run`) must not migrate as if it were understood.
  parseCommandLine('db:migrate', { options: {} }, 'usage: npm run db:migrate   (DATABASE_URL: creates the database if needed, applies the migrations, loads PROVINCE_DATA_DIR — unset: keeps a province loaded with province:load, else the sample)');
  const databaseUrl = databaseUrlFor('db:migrate');
  console.log(`migrating ${redactDatabaseUrl(databaseUrl)}`);
  const { created, database } = await ensureDatabase(databaseUrl);
  if (created) console.log(`created database ${database}`);

  const { applied, skipped } = await applyMigrations(databaseUrl, { log: (msg) => console.log(`  ${msg}`) });
  console.log(
    applied.length > 0
      ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
      : `database is up to date (${skipped.length} migration(s) already applied)`,
  );

  const db = createPrismaClient(databaseUrl);
  try {
    const synced = await syncConfiguredReferenceData(db);
    const state = synced.kept ? 'kept (loaded with province:load; set PROVINCE_DATA_DIR to load another)' : synced.provinceDataChanged ? 'loaded' : 'unchanged';
    console.log(`province data ${synced.source}: ${state}; ${synced.offices} office(s), ${synced.agencies} agenc(ies) upserted`);
  } finally {
    await db.$disconnect();
  }
}

runCommand('db:migrate', main, { databaseHints: false });
