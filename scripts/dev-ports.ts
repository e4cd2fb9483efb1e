import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** A port `npm start` is about to listen on, what for, and the variable that moves it. */
export interface WantedPort {
  port: number;
  /** The address the server binds (none: all addresses, as Node's default). */
  host?: string;
  what: string;
  variable: string;
}

/** Why `port` cannot be listened on now (`EADDRINUSE`, `EACCES`, …), or undefined when it can. */
export function listenError(port: number, host?: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/**
 * The first reason, as one line for the user, why `npm start` cannot have its ports; undefined when
 * it can. Checked before anything starts, because not every server says when it cannot bind: the
 * Temporal dev server exits, but the SDK then finds whatever answers on the port — another npm
 * start's server — and the worker would join that system's task queue with other keys.
 */
export async function portProblem(wanted: readonly WantedPort[]): Promise<string | undefined> {
  const seen = new Map<number, WantedPort>();
  for (const w of wanted) {
    const other = seen.get(w.port);
    if (other) return `port ${w.port} is asked for twice, by ${other.variable} (${other.what}) and ${w.variable} (${w.what}): change one`;
    seen.set(w.port, w);
  }
  for (const w of wanted) {
    const code = await listenError(w.port, w.host);
    if (code === 'EADDRINUSE') return `port ${w.port} (${w.what}) is in use: set ${w.variable} to a free port, or stop what listens there`;
    if (code) return `port ${w.port} (${w.what}) cannot be listened on (${code}): set ${w.variable} to another port`;
  }
  return undefined;
}

/** Whether a process with this pid runs (one of another user's answers EPERM: it runs). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The PostgreSQL already running on this data directory (its postmaster.pid names a live postgres),
 * e.g. one an earlier start did not stop; undefined when there is none.
 */
export function runningPostgres(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return undefined;
  // A stale file's pid may have been reused by another program (PostgreSQL itself then starts).
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres' ? pid : undefined;
  } catch {
    return pid; // no /proc: trust the live pid
  }
}
