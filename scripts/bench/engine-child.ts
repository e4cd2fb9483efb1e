// The engine under test, in its own process: API, worker and the four agency simulators (auto mode,
// answering at once) from scripts/dev-system.ts. Started by scripts/bench.ts; see scripts/bench/ipc.ts.
import pino from 'pino';
import { RunningSystem, startSystem } from '../dev-system';
import { serveChild } from './ipc';

export interface EngineChildConfig {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as EngineChildConfig;
let system: RunningSystem | undefined;

serveChild({
  start: async () => {
    system = await startSystem({
      databaseUrl: config.databaseUrl,
      temporalAddress: config.temporalAddress,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      apiPort: 0,
      subjectKeySecret: 'bench-subject-key-secret-0123456789',
      logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }), // BENCH_LOG_LEVEL=info to see why a run fails
      simulators: { mode: 'auto', delayMs: 0 },
    });
    return { apiUrl: system.apiUrl, keys: { desk: system.keys.desk, operator: system.keys.operator } };
  },
  stop: async () => {
    await system?.stop();
  },
});
