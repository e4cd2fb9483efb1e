// `npm run province:load -- [DIR] [--check]`: checks a province's data files (offices.csv,
// agencies.csv, services.csv) and loads them into the database (DATABASE_URL). Every error is
// printed as `file:line: field: message` and nothing is loaded while one remains. With --check,
// only checks (no database needed). Restart the API afterwards: it reads the data at start.
import { parseArgs } from 'node:util';
import { createPrismaClient } from '../prisma/client';
import { syncReferenceData } from '../prisma/reference-data';
import { formatProvinceDataErrors, readProvinceData, SAMPLE_PROVINCE_DIR } from '../platform/province-data';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { check: { type: 'boolean', default: false } }, allowPositionals: true });
  const dir = positionals[0] ?? process.env.PROVINCE_DATA_DIR ?? SAMPLE_PROVINCE_DIR;
  const result = readProvinceData(dir);
  if (!result.ok) {
    console.error(`${result.errors.length} error(s) in ${dir}; nothing loaded:\n${formatProvinceDataErrors(dir, result.errors)}`);
    return 2;
  }
  const o = result.organisation;
  console.log(`${dir}: ${o.offices.length} office(s), ${o.agencies.length} agenc(ies), ${o.services.length} service line(s): valid`);
  if (values.check) return 0;
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('DATABASE_URL is not set');
    return 1;
  }
  const db = createPrismaClient(databaseUrl);
  try {
    const synced = await syncReferenceData(db, o);
    console.log(synced.provinceDataChanged ? `loaded ${synced.source}; restart the API to use it` : `unchanged: ${synced.source} is already loaded`);
  } finally {
    await db.$disconnect();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`province:load failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
