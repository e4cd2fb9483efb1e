import pino, { Logger } from 'pino';

export type { Logger };

/**
 * Personal data never reaches the log: these paths are censored wherever they appear, as a net
 * under the rule that code logs case codes and step ids only.
 */
const REDACT = [
  'applicant',
  'deceased',
  'subject',
  'dossier',
  '*.applicant',
  '*.deceased',
  '*.subject',
  '*.dossier',
  'req.headers.authorization',
  '*.personalId',
  '*.fullName',
];

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines (development on a terminal); otherwise one JSON object per line. */
  pretty?: boolean;
}

/** The engine's processes pass their configuration; the simulators, which have their own, take the defaults. */
export function createLogger(name: string, o: LoggerOptions = {}): Logger {
  const pretty = (o.pretty ?? process.env.NODE_ENV !== 'production') && process.stdout.isTTY;
  return pino({
    name,
    level: o.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
}
