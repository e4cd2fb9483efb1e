import { existsSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

export interface DevServerOptions {
  port?: number;
  /** Serves the Temporal Web UI on this port when given. */
  uiPort?: number;
  /** The UI's codec server (`--ui-codec-endpoint`): it decodes encrypted payloads for display. */
  uiCodecEndpoint?: string;
  /** SQLite file to keep state across restarts; in memory when absent. */
  dbFilename?: string;
  namespace?: string;
  /** The server's own log level (the SDK's default: `warn`). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

/**
 * Where the Temporal CLI comes from: TEMPORAL_CLI_PATH, else `temporal` on PATH, else the SDK's own
 * download (works on machines with internet; these build machines install it from PyPI instead).
 */
export function temporalExecutable(envVar = 'TEMPORAL_CLI_PATH', binary = 'temporal'): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  const explicit = process.env[envVar];
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`${envVar}=${explicit} does not exist`);
    return { type: 'existing-path', path: explicit };
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (dir && existsSync(candidate)) return { type: 'existing-path', path: candidate };
  }
  return { type: 'cached-download' };
}

/** The time-skipping test server (TEMPORAL_TEST_SERVER_PATH, else `temporal-test-server` on PATH, else download). */
export const testServerExecutable = () => temporalExecutable('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');

/** Starts `temporal server start-dev` (full server on SQLite, optional Web UI). */
export async function startTemporalDevServer(o: DevServerOptions = {}): Promise<RunningTemporal> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: temporalExecutable(),
      ip: '127.0.0.1',
      port: o.port,
      namespace: o.namespace ?? 'default',
      dbFilename: o.dbFilename,
      ...(o.logLevel ? { log: { format: 'pretty', level: o.logLevel } } : {}),
      ...(o.uiPort ? { ui: true, uiPort: o.uiPort } : {}),
      ...(o.uiPort && o.uiCodecEndpoint ? { extraArgs: ['--ui-codec-endpoint', o.uiCodecEndpoint] } : {}),
    },
  });
  return {
    address: env.address,
    uiUrl: o.uiPort ? `http://127.0.0.1:${o.uiPort}` : undefined,
    env,
    stop: () => env.teardown(),
  };
}
