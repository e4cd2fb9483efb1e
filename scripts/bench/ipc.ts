// The benchmark's parent ↔ child protocol. Each system under test runs in its own Node process,
// so its peak RSS is its own and the load generator never shares its event loop.
import { fork, ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface BenchKeys {
  desk: Record<string, string>;
  operator: string;
}

export interface MemoryReport {
  /** Highest RSS sampled over the child's whole life (start-up and bundling included). */
  peakRssMiB: number;
  /** Highest RSS sampled after the child said ready: the system under load. */
  peakRssAfterReadyMiB: number;
  /** V8 heap in use when the report was asked for (right after the load). */
  heapUsedMiB: number;
  peakHeapUsedMiB: number;
  /** CPU time (user + system) this process spent between ready and the report: the load's cost. */
  cpuSecondsAfterReady: number;
  /** Event-loop delay between ready and the report (a saturated loop delays every request). */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

export type ChildMessage =
  | { type: 'ready'; apiUrl?: string; keys?: BenchKeys; endpoints?: Record<string, string> }
  | ({ type: 'report' } & MemoryReport)
  | { type: 'failed'; error: string };

export type ParentMessage = { type: 'report' } | { type: 'stop' };

const MiB = 2 ** 20;
const SAMPLE_EVERY_MS = 100;

/**
 * Child side: samples this process's memory every ~100 ms, answers `report` and runs `stop` on
 * `stop`, and exits when the parent goes away (no orphan outlives a killed benchmark).
 */
export function serveChild(o: { start(): Promise<Omit<Extract<ChildMessage, { type: 'ready' }>, 'type'>>; stop(): Promise<void> }): void {
  const send = (m: ChildMessage) => process.send?.(m);
  let peakRss = 0;
  let peakRssAfterReady = 0;
  let peakHeap = 0;
  let ready = false;
  let cpuAtReady: NodeJS.CpuUsage | undefined;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (ready) peakRssAfterReady = Math.max(peakRssAfterReady, m.rss);
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  sampler.unref();

  process.on('disconnect', () => process.exit(1));
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'report') {
      sample();
      const cpu = cpuAtReady ? process.cpuUsage(cpuAtReady) : { user: 0, system: 0 };
      send({
        type: 'report',
        peakRssMiB: peakRss / MiB,
        peakRssAfterReadyMiB: peakRssAfterReady / MiB,
        heapUsedMiB: process.memoryUsage().heapUsed / MiB,
        peakHeapUsedMiB: peakHeap / MiB,
        cpuSecondsAfterReady: (cpu.user + cpu.system) / 1e6,
        eventLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
      });
    } else if (m.type === 'stop') {
      clearInterval(sampler);
      o.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('stopping failed:', err);
          process.exit(1);
        },
      );
    }
  });
  o.start().then(
    (info) => {
      ready = true;
      cpuAtReady = process.cpuUsage();
      loopDelay.enable();
      sample();
      send({ type: 'ready', ...info });
    },
    (err: unknown) => {
      send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      process.exit(1);
    },
  );
}

export interface Child {
  ready: Extract<ChildMessage, { type: 'ready' }>;
  report(): Promise<MemoryReport>;
  stop(): Promise<void>;
  /** Rejects when the child dies before stop(): the system under test crashed. */
  died: Promise<never>;
}

/** Parent side: forks `file` under tsx with `config` as its one argument and waits for ready. */
export async function startChild(name: string, file: string, config: unknown): Promise<Child> {
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each child there (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child: ChildProcess = fork(file, [JSON.stringify(config)], { execArgv: ['--import', tsxLoader, ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let stopping = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  // Rejects when the child exits unasked; stays pending once we asked it to stop.
  const died = new Promise<never>((_resolve, reject) => {
    void exited.then((code) => {
      if (!stopping) reject(new Error(`${name} process exited (code ${code}) before the benchmark stopped it`));
    });
  });
  died.catch(() => undefined); // whoever races against it sees the rejection; never an unhandled one
  const next = <T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> =>
    Promise.race([
      new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
        const on = (m: ChildMessage) => {
          if (m.type === 'failed') reject(new Error(`${name} failed to start:\n${m.error}`));
          else if (m.type === type) resolve(m as Extract<ChildMessage, { type: T }>);
          else return;
          child.off('message', on);
        };
        child.on('message', on);
      }),
      died,
    ]);
  let ready: Extract<ChildMessage, { type: 'ready' }>;
  try {
    ready = await next('ready');
  } catch (err) {
    stopping = true;
    child.kill('SIGKILL');
    throw err;
  }
  return {
    ready,
    died,
    report: async () => {
      const answer = next('report');
      child.send({ type: 'report' } satisfies ParentMessage);
      const { type: _type, ...report } = await answer;
      return report;
    },
    stop: async () => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
