import { DefaultLogger, makeTelemetryFilterString, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from './logger';

// The Temporal SDK's own logs (worker state, activity failures, workflow logs, and the Rust core's
// lines) go through the process's pino logger: one JSON object per line in production, so a log
// pipeline can read them, and pretty lines in development.

const SDK_LEVEL: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };
const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * Installs the process's Temporal runtime with `logger` (once per process: later calls keep the
 * first, and so does anything that uses the SDK before, such as starting a dev server). `level` is a
 * pino level; the SDK logs at that level or above. `shutdownSignals`: the signals on which the SDK
 * shuts its workers down by itself (its default: SIGINT, SIGTERM, SIGQUIT, SIGUSR2).
 */
export function installTemporalLogging(logger: Logger, level: string, shutdownSignals?: NodeJS.Signals[]): void {
  const sdkLevel = SDK_LEVEL[level] ?? 'INFO';
  const sdk = logger.child({ component: 'temporal' });
  try {
    Runtime.install({
      logger: new DefaultLogger(sdkLevel, ({ level: l, message, meta }) => {
        const { error, ...fields } = (meta ?? {}) as Record<string, unknown>;
        sdk[PINO_LEVEL[l]]({ ...fields, ...(error !== undefined ? { err: error } : {}) }, message);
      }),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: sdkLevel }), forward: {} } },
      ...(shutdownSignals ? { shutdownSignals } : {}),
    });
  } catch (err) {
    // Already installed (several systems in one test process): the first logger stays.
    if (!/already/i.test((err as Error).message)) throw err;
  }
}
