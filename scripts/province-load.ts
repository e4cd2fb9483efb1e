// `npm run province:load -- [DIR] [--check]`: checks a province's data files (offices.csv,
// agencies.csv, services.csv) and loads them into the database (DATABASE_URL). Every error is
// printed as `file:line: field: message` and nothing is loaded while one remains. With --check,
// only checks (no database needed). Restart the API afterwards: it reads the data at start.
import { statSync } from 'node:fs';
import { createPrismaClient } from '../prisma/client';
import { syncReferenceData } from '../prisma/reference-data';
import { formatProvinceDataErrors, readProvinceData, SAMPLE_PROVINCE_DIR } from '../platform/province-data';
import { databaseUrlFor, parseCommandLine, runCommand } from './command-line';

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine('province:load', { options: { check: { type: 'boolean', default: false } }, allowPositionals: true }, 'usage: npm run province:load -- [DIR] [--check]   (DIR: offices.csv, agencies.csv, services.csv; default PROVINCE_DATA_DIR, else the sample; --check: only check)');
  if (positionals.length > 1 || positionals[0] === '') {
    console.error('province:load: give one directory (or none: PROVINCE_DATA_DIR, else the shipped sample)');
    return 2;
  }
  const dir = positionals[0] ?? (process.env.PROVINCE_DATA_DIR || SAMPLE_PROVINCE_DIR);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`province:load: ${dir} is not a directory (it holds offices.csv, agencies.csv and services.csv)`);
    return 2;
  }
  const result = readProvinceData(dir);
  if (!result.ok) {
    console.error(`${result.errors.length} error(s) in ${dir}; nothing loaded:\n${formatProvinceDataErrors(dir, result.errors)}`);
    return 2;
  }
  const o = result.organisation;
  console.log(`${dir}: ${o.offices.length} office(s), ${o.agencies.length} agenc(ies), ${o.services.length} service line(s): valid`);
  if (values.check) return 0;
  const db = createPrismaClient(databaseUrlFor('province:load'));
  try {
    const synced = await syncReferenceData(db, o);
    console.log(synced.provinceDataChanged ? `loaded ${synced.source}; restart the API to use it` : `unchanged: ${synced.source} is already loaded`);
  } finally {
    await db.$disconnect();
  }
  return 0;
}

runCommand('province:load', main);
