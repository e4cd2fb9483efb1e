import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/project-root';
import { sleep } from './stats';
import { ProcessWatch, watchProcess } from './proc';

// The engine as it is deployed: its compiled entry points (dist/api/main.js, dist/worker/main.js, as
// the Dockerfile runs them) in processes of their own, configured by environment variables only.
// The benchmark watches them from outside.

export interface EngineProcess {
  pid: number;
  watch: ProcessWatch;
  /** Rejects when the process exits before stop(). */
  died: Promise<never>;
  stop(): Promise<void>;
}

/**
 * A port to listen on, below the ephemeral range (32768+ on Linux), so that no outgoing
 * connection opened meanwhile takes it before the process we give it to listens.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** What the Dockerfile sets for every engine process (glibc's malloc arenas: see the README); a unit test keeps the two equal. */
export const DEPLOYED_ENV = { MALLOC_ARENA_MAX: '2' };

/** Compiles the engine into dist/ (`npm run build`'s first half); the bundle is built apart. */
export function compileEngine(): Promise<void> {
  return new Promise((resolve, reject) => {
    const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(PROJECT_ROOT, 'tsconfig.build.json')], { stdio: ['ignore', 'inherit', 'inherit'] });
    tsc.once('error', reject);
    tsc.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`compiling the engine failed (tsc exit ${code})`))));
  });
}

/** Starts `node <entry>` (compiled JavaScript) with `env`, and waits until `readyUrl` answers 200. */
export async function startEngineProcess(name: string, entry: string, env: Record<string, string>, readyUrl: string): Promise<EngineProcess> {
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, entry], {
    env: { ...process.env, ...DEPLOYED_ENV, ...env },
    // BENCH_LOG_LEVEL=info shows the engine's own logs; otherwise its output is kept and shown only if it dies.
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'pipe', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n'));
    output.splice(0, Math.max(0, output.length - 60));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopping = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const died = new Promise<never>((_resolve, reject) => {
    void exited.then((code) => {
      if (!stopping) reject(new Error(`${name} exited (code ${code}) before the benchmark stopped it; its last output:\n${output.join('\n')}`));
    });
  });
  died.catch(() => undefined);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await Promise.race([
      fetch(readyUrl).then(
        (r) => r.ok,
        () => false,
      ),
      died,
    ]);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 120 s (${readyUrl})`);
    }
    await sleep(200);
  }
  const watch = watchProcess(child.pid!);
  return {
    pid: child.pid!,
    watch,
    died,
    stop: async () => {
      stopping = true;
      watch.stop();
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
