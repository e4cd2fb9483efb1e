// The engine-free migrator: Prisma-compatible bookkeeping, idempotence, refusal to run over edited
// history, rollback of a failing file, safety under concurrency, and the reference-data sync.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { allAgencies, allOffices } from '../../domain/catalogue';
import { spawnEmbeddedPostgres, type EmbeddedPostgres } from '../../platform/embedded-postgres';
import { createPrismaClient } from '../../prisma/client';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, ensureDatabase } from '../../prisma/migrate';
import { syncConfiguredReferenceData, syncReferenceData } from '../../prisma/reference-data';
import { requireProvinceData, SAMPLE_PROVINCE_DIR } from '../../platform/province-data';

const INIT = '20261125000000_init';
/** Every migration the project ships, in the order they apply. */
const ALL = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

let server: EmbeddedPostgres | undefined;
let adminUrl: string;
const created: string[] = [];
const tempDirs: string[] = [];

/** A new, empty database on the test server. */
async function freshDatabase(label: string): Promise<string> {
  const url = new URL(adminUrl);
  url.pathname = `/lt_migrate_${label}_${Date.now()}_${process.pid}`;
  await ensureDatabase(url.toString());
  created.push(url.toString());
  return url.toString();
}

/** A throw-away copy of prisma/migrations the test may edit. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lt-migrations-'));
  tempDirs.push(dir);
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(path.join(dir, name));
  writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query<T>(sql)).rows;
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  // The shared integration setup's server (TEST_DATABASE_URL), a named one, or our own embedded one.
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) {
    adminUrl = external;
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lt-migrate-pg-'));
    server = await spawnEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    adminUrl = server.url;
  }
}, 120_000);

afterAll(async () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  if (!server) {
    for (const url of created) {
      const name = new URL(url).pathname.slice(1);
      await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  }
  await server?.stop();
}, 60_000);

describe('applyMigrations', () => {
  it('applies each migration once and records it the way Prisma does', async () => {
    const url = await freshDatabase('twice');
    const first = await applyMigrations(url);
    expect(ALL.length).toBeGreaterThanOrEqual(2);
    expect(first).toEqual({ applied: ALL, skipped: [] });
    const second = await applyMigrations(url);
    expect(second).toEqual({ applied: [], skipped: ALL });

    const rows = await query<Record<string, unknown>>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows).toEqual(
      ALL.map((name) => ({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        checksum: createHash('sha256').update(readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql'))).digest('hex'),
        finished_at: expect.any(Date),
        migration_name: name,
        logs: null,
        rolled_back_at: null,
        started_at: expect.any(Date),
        applied_steps_count: 1,
      })),
    );
  });

  it('refuses to run when an applied migration file changed, before applying anything', async () => {
    const url = await freshDatabase('checksum');
    const dir = copyOfMigrations();
    await applyMigrations(url, { dir });
    appendFileSync(path.join(dir, INIT, 'migration.sql'), '\n-- edited after being applied\n');
    addMigration(dir, '20990101000000_next', 'CREATE TABLE "next_table" ("id" TEXT NOT NULL);');

    await expect(applyMigrations(url, { dir })).rejects.toThrow(
      new RegExp(`already-applied migration file\\(s\\) were modified.*${INIT}`),
    );
    const tables = await query(url, `SELECT 1 FROM pg_class WHERE relname = 'next_table'`);
    expect(tables).toHaveLength(0);
  });

  it('rolls a failing migration back entirely and records nothing for it', async () => {
    const url = await freshDatabase('failing');
    const dir = copyOfMigrations();
    addMigration(dir, '20990101000000_broken', 'CREATE TABLE "half_done" ("id" TEXT);\nSELECT 1/0;');

    await expect(applyMigrations(url, { dir })).rejects.toThrow(/20990101000000_broken failed.*division by zero/);
    expect(await query(url, `SELECT 1 FROM pg_class WHERE relname = 'half_done'`)).toHaveLength(0);
    const names = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(names.map((r) => r.migration_name).sort()).toEqual(ALL); // the good ones before it stay applied
  });

  it('is safe when several migrators start at once (advisory lock)', async () => {
    const url = await freshDatabase('concurrent');
    const results = await Promise.all([1, 2, 3].map(() => applyMigrations(url)));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(ALL);
    expect(await query(url, 'SELECT 1 FROM "_prisma_migrations"')).toHaveLength(ALL.length);
  });
});

describe('syncReferenceData', () => {
  it('mirrors every catalogue office and agency, idempotently', async () => {
    const url = await freshDatabase('reference');
    await applyMigrations(url);
    const db = createPrismaClient(url);
    try {
      const first = await syncReferenceData(db);
      const second = await syncReferenceData(db);
      expect(first.provinceDataChanged).toBe(true);
      expect(second).toEqual({ ...first, provinceDataChanged: false, calendarOverrides: 0 });
      expect(await db.provinceData.count()).toBe(1);
      expect(first.calendarOverrides).toBeGreaterThan(0);
      expect(await db.calendarOverride.count()).toBe(first.calendarOverrides);
      // The sample province's and the released sample's (old cases reference those).
      const offices = new Set(allOffices().map((o) => o.code));
      const agencies = new Set(allAgencies().map((a) => a.code));
      expect(offices).toContain('001.01.01.H26');
      expect(offices).toContain('001.01.01.H29');
      expect((await db.office.findMany()).map((o) => o.code).sort()).toEqual([...offices].sort());
      expect(await db.agency.count()).toBe(agencies.size);
      const anAgency = allAgencies().find((a) => a.code === 'SOCIAL-BA-DINH');
      expect(await db.agency.findUnique({ where: { code: anAgency!.code } })).toMatchObject({
        role: anAgency!.role,
        name: anAgency!.name.vi,
      });
    } finally {
      await db.$disconnect();
    }
  });

  it('stores a province data load once when several run at once', async () => {
    const url = await freshDatabase('reference_race');
    await applyMigrations(url);
    const dbs = [1, 2, 3].map(() => createPrismaClient(url));
    try {
      const results = await Promise.all(dbs.map((db) => syncReferenceData(db)));
      expect(results.filter((r) => r.provinceDataChanged)).toHaveLength(1);
      expect(await dbs[0]!.provinceData.count()).toBe(1);
    } finally {
      await Promise.all(dbs.map((db) => db.$disconnect()));
    }
  });

  it('keeps a province loaded with province:load when db:migrate runs without PROVINCE_DATA_DIR, and loads the directory it is given', async () => {
    const url = await freshDatabase('keep_province');
    await applyMigrations(url);
    const db = createPrismaClient(url);
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'lt-province-')), 'other-province');
    tempDirs.push(path.dirname(dir));
    cpSync(SAMPLE_PROVINCE_DIR, dir, { recursive: true });
    const offices = readFileSync(path.join(dir, 'offices.csv'), 'utf8').split('\n');
    offices[1] = offices[1]!.replace(/^([^,]+,[^,]+)/, '$1 (tỉnh khác)');
    writeFileSync(path.join(dir, 'offices.csv'), offices.join('\n'));
    try {
      // An empty database gets the sample.
      expect(await syncConfiguredReferenceData(db, {})).toMatchObject({ kept: false, source: expect.stringMatching(/^ha-noi-sample \(/) });
      await syncReferenceData(db, requireProvinceData(dir));
      const kept = await syncConfiguredReferenceData(db, {});
      expect(kept).toMatchObject({ kept: true, provinceDataChanged: false, source: expect.stringMatching(/^other-province \(/) });
      const latest = await db.provinceData.findFirst({ orderBy: { id: 'desc' } });
      expect(latest!.source).toMatch(/^other-province \(/);
      // Asked for by name, the sample is loaded again.
      expect(await syncConfiguredReferenceData(db, { PROVINCE_DATA_DIR: SAMPLE_PROVINCE_DIR })).toMatchObject({ kept: false, provinceDataChanged: true, source: expect.stringMatching(/^ha-noi-sample \(/) });
    } finally {
      await db.$disconnect();
    }
  });
});
