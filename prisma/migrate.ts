// Applies prisma/migrations/*/migration.sql with plain `pg`, because the Prisma CLI's schema engine
// cannot be downloaded on every machine. The bookkeeping is Prisma's own (`_prisma_migrations`,
// same columns, sha256 checksums, same advisory lock key), so `prisma migrate deploy` run elsewhere
// sees these migrations as applied and the two never run at the same time.
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../platform/project-root';

/** Key Prisma's schema engine locks on PostgreSQL; sharing it serialises us with `prisma migrate`. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;
const LOCK_WAIT_SECONDS = 120;

export const DEFAULT_MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

export interface MigrateOptions {
  /** Directory holding `<name>/migration.sql` folders; defaults to prisma/migrations. */
  dir?: string;
  log?: (msg: string) => void;
}

export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied before this call. */
  skipped: string[];
}

export interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

/** SHA-256 hex of the script, the value Prisma stores in `_prisma_migrations.checksum`. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * Prisma's comparison: a file whose only change is CRLF ↔ LF (git autocrlf) still matches, and rows
 * written by old Prisma versions hold hex without zero padding (prisma-engines issue 1887).
 */
export function checksumMatches(sql: string, recorded: string): boolean {
  const lf = sql.replace(/\r\n/g, '\n');
  return [sql, lf, lf.replace(/\n/g, '\r\n')].some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const hex = recorded.length === 64 ? digest.toString('hex') : [...digest].map((b) => b.toString(16)).join('');
    return hex === recorded;
  });
}

export async function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<LocalMigration[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const file = path.join(dir, name, 'migration.sql');
    let sql: string;
    try {
      sql = await fs.readFile(file, 'utf8');
    } catch (err) {
      throw new Error(`migration ${name} has no migration.sql (${file}): ${(err as Error).message}`);
    }
    migrations.push({ name, sql, checksum: migrationChecksum(sql) });
  }
  return migrations;
}

// Prisma's own DDL for the table (schema engine, PostgreSQL flavour).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies every migration not yet recorded, in name order, each in its own transaction together
 * with its `_prisma_migrations` row (PostgreSQL DDL is transactional: a failed file leaves nothing
 * behind). Throws before applying anything when a recorded migration's file changed or a
 * migration failed earlier under `prisma migrate deploy`.
 */
export async function applyMigrations(databaseUrl: string, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const log = opts.log ?? (() => undefined);
  const local = await readMigrations(opts.dir ?? DEFAULT_MIGRATIONS_DIR);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Session lock held for the whole run: a second migrator waits here, then finds nothing to do.
    // Bounded wait, so a stuck holder (e.g. a lock leaked through a transaction-mode pooler) fails loudly.
    await client.query(`SET lock_timeout = '${LOCK_WAIT_SECONDS}s'`);
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch((err: { code?: string }) => {
      if (err.code !== '55P03') throw err;
      throw new Error(
        `timed out after ${LOCK_WAIT_SECONDS}s waiting for the migration lock (pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})): ` +
          'another migrator is running or a session still holds it (see pg_locks)',
      );
    });
    await client.query('RESET lock_timeout');
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
         WHERE rolled_back_at IS NULL ORDER BY started_at`,
      );
      const pending = checkHistory(local, rows, log);
      const result: MigrateResult = { applied: [], skipped: local.filter((m) => !pending.includes(m)).map((m) => m.name) };
      for (const migration of pending) {
        await applyOne(client, migration);
        result.applied.push(migration.name);
        log(`applied migration ${migration.name}`);
      }
      return result;
    } finally {
      // Closing the session releases the lock anyway; never let unlocking mask the real error.
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/** Returns the local migrations still to apply; throws on any inconsistency with the database. */
function checkHistory(local: LocalMigration[], rows: AppliedRow[], log: (msg: string) => void): LocalMigration[] {
  const failed = rows.filter((r) => r.finished_at === null);
  if (failed.length > 0) {
    const names = failed.map((r) => r.migration_name).join(', ');
    throw new Error(
      `migration(s) ${names} started but never finished (a failed \`prisma migrate deploy\`?). ` +
        'Fix the database by hand, then mark them with `prisma migrate resolve`.',
    );
  }
  const applied = new Map(rows.map((r) => [r.migration_name, r]));
  const changed = local.filter((m) => {
    const row = applied.get(m.name);
    return row !== undefined && !checksumMatches(m.sql, row.checksum);
  });
  if (changed.length > 0) {
    const detail = changed.map((m) => `${m.name} (recorded ${applied.get(m.name)?.checksum}, file ${m.checksum})`);
    throw new Error(
      `refusing to migrate: already-applied migration file(s) were modified after being applied: ${detail.join('; ')}. ` +
        'Restore the original file(s) and put the change in a new migration.',
    );
  }
  const localNames = new Set(local.map((m) => m.name));
  for (const row of rows) {
    if (!localNames.has(row.migration_name)) {
      log(`warning: migration ${row.migration_name} is applied in the database but missing from the migrations directory`);
    }
  }
  return local.filter((m) => !applied.has(m.name));
}

async function applyOne(client: Client, migration: LocalMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    // No parameters: the simple-query protocol runs a multi-statement script in one round trip.
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`migration ${migration.name} failed and was rolled back: ${(err as Error).message}`, { cause: err });
  }
}

/** Creates the database named in the URL when it does not exist (connects to `postgres` to do so). */
export async function ensureDatabase(databaseUrl: string): Promise<{ created: boolean; database: string }> {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL names no database (expected postgresql://…/<database>)');
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return { created: false, database };
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
    } catch (err) {
      // Another process created it between our check and our CREATE: that is fine.
      const code = (err as { code?: string }).code;
      if (code === '42P04' || code === '23505') return { created: false, database };
      throw err;
    }
    return { created: true, database };
  } finally {
    await admin.end();
  }
}
