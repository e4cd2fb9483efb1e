// `npm run db:migrate`: create the database if needed, apply pending SQL migrations (no Prisma
// schema engine needed), then load the province's offices and agencies from its data files
// (PROVINCE_DATA_DIR, default the shipped sample province-data/ha-noi-sample).
import { createPrismaClient } from '../prisma/client';
import { applyMigrations, ensureDatabase } from '../prisma/migrate';
import { syncReferenceData } from '../prisma/reference-data';

/** The URL without its password, for messages. */
function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set (e.g. postgresql://postgres:postgres@127.0.0.1:5432/lien_thong)');
  }
  console.log(`migrating ${redact(databaseUrl)}`);
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
    const synced = await syncReferenceData(db);
    console.log(`province data ${synced.source}: ${synced.provinceDataChanged ? 'loaded' : 'unchanged'}; ${synced.offices} office(s), ${synced.agencies} agenc(ies) upserted`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
