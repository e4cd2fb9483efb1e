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

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const pretty = process.env.NODE_ENV !== 'production' && process.stdout.isTTY;
  return pino({
    name,
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
}
