import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AGENCY_ANSWER_MODES } from '../domain/agency-contract';
import { DEFAULT_TASK_QUEUE } from '../domain/contract';
import { developmentKeyRing, KeyRing, parseKeyRing } from './key-ring';
import { DATABASE_URL_RULE, isDatabaseUrl } from './database-url';

/** See WORKER_MAX_CACHED_WORKFLOWS. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 100;

const agencyEndpointSchema = z.strictObject({
  baseUrl: z.url(),
  /** Bearer token the engine presents to the agency's system. */
  token: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().max(120_000).default(10_000),
  /** `callback`: the agency POSTs its answers to the engine; `poll`: the engine asks GET /v1/dispatches/{key}. */
  answers: z.enum(AGENCY_ANSWER_MODES).default('callback'),
  /** How often the engine asks a poll-mode agency for the status of each open dispatch. */
  pollSeconds: z.number().int().min(5).max(86_400).default(60),
});
export type AgencyEndpoint = z.infer<typeof agencyEndpointSchema>;

const jsonRecord = <T extends z.ZodType>(value: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), value));

/** A key ring from its JSON text; the issues never quote the text (it holds keys). */
const keyRingText = (text: string, ctx: z.RefinementCtx): KeyRing => {
  const parsed = parseKeyRing(text);
  if ('ring' in parsed) return parsed.ring;
  for (const message of parsed.issues) ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

const origin = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
  } catch {
    return false;
  }
}, 'must be an origin such as https://temporal-ui.example.gov.vn (scheme, host, port; no path)');

/** The Temporal dev server's Web UI (`npm start`), under both names a browser may use for it. */
export const DEV_CODEC_CORS_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];

/**
 * Every setting the engine reads, parsed once at start (fail fast). Defaults are for development;
 * production sets DATABASE_URL, TEMPORAL_ADDRESS, SUBJECT_KEY_SECRET and AGENCY_ENDPOINTS.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().refine(isDatabaseUrl, DATABASE_URL_RULE).optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HMAC secret for the one-open-case-per-person key; never the personal ID itself. */
  SUBJECT_KEY_SECRET: z.string().min(16).default('development-only-subject-key-secret'),
  /** How long before a step's due date its agency is reminded (the legal clock). */
  REMINDER_LEAD_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(240),
  /** Requests per minute one API key may make before 429 (generous: it stops a runaway client, not a busy desk). */
  RATE_LIMIT_PER_KEY_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** Failed authentications per minute from one client address before every request from it gets 429. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Requests per minute one client address may make to the public tracking page (/tra-cuu) before 429: stops enumerating case codes. */
  PUBLIC_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /**
   * Where applicants reach the public tracking page: the QR code on every slip encodes
   * `${PUBLIC_BASE_URL}/tra-cuu?ma=<case code>`. Default http://127.0.0.1:<PORT> (the API itself);
   * required in production, where a slip pointing at the server's loopback would lead nowhere.
   */
  PUBLIC_BASE_URL: z
    .url()
    .refine((s) => /^https?:\/\//.test(s) && !/[?#]/.test(s), 'must be an http(s) URL without query or fragment, such as https://dichvucong.example.gov.vn')
    .transform((s) => s.replace(/\/+$/, ''))
    .optional(),
  /**
   * HMAC secret of the rating code printed on the receipt (it lets only the holder of the slip rate
   * the case); in development a random one kept under DATA_DIR; required in production.
   */
  RATING_SECRET: z.string().min(32).optional(),
  /** Console sign-ins: failed attempts per username, and per client address, within 15 minutes before 429 with Retry-After. */
  SIGN_IN_FAILURES_PER_USERNAME: z.coerce.number().int().min(1).default(5),
  SIGN_IN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  /** How long a console session lasts after sign-in (hours; one working day by default), whatever the activity. */
  SESSION_HOURS: z.coerce.number().min(0.1).max(24 * 7).default(8),
  /** Express `trust proxy` (e.g. `1`, `loopback`): set when a reverse proxy sits in front, so limits see client addresses. */
  TRUST_PROXY: z
    .string()
    .min(1)
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v))
    .optional(),
  /** Worker: a workflow bundle built by `npm run build:workflows`; without it the worker bundles at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /**
   * Worker: open cases kept in memory between their workflow tasks (least recently used first out;
   * an evicted case is rebuilt from its history when it next moves). The SDK's default grows with
   * the heap limit (about 2,300 on a 4 GB heap, ~0.2 MiB each); cases wait days between steps.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(DEFAULT_MAX_CACHED_WORKFLOWS),
  /** JSON: agency code → { baseUrl, token?, timeoutMs?, answers?, pollSeconds? }. */
  AGENCY_ENDPOINTS: jsonRecord(agencyEndpointSchema).default({}),
  /** The address the API listens on. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Worker: a liveness endpoint (`GET /healthz`) on this port, for container health checks. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Dispatch attempts (transient failures, retried with backoff from 2 s to 10 min) before a step needs an operator. */
  DISPATCH_ATTEMPTS_BEFORE_ATTENTION: z.coerce.number().int().min(1).max(1000).default(10),
  /** How long a dispatched step may wait for its answer before the engine asks the agency's system (then less and less often); default 1800 in production, 120 otherwise. */
  ANSWER_POLL_AFTER_SECONDS: z.coerce.number().int().min(5).optional(),
  /** How often the reconciler (a Temporal Schedule) compares the ledger with Temporal; default 300 in production, 60 otherwise. */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(10).optional(),
  /**
   * A province's data files (offices.csv, agencies.csv, services.csv) that `npm run db:migrate` loads
   * and the simulators read; default the shipped sample, province-data/ha-noi-sample.
   */
  PROVINCE_DATA_DIR: z.string().min(1).optional(),
  // npm start only (the development launcher):
  DATA_DIR: z.string().min(1).default('.data'),
  PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** The Temporal CLI binary for the dev server (else `temporal` on PATH, else the SDK's download). */
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  /** The time-skipping test server binary for the tests (else `temporal-test-server` on PATH, else the SDK's download). */
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1).optional(),
  /** npm start's simulators listen on the ports after this one, in SIMULATOR_KINDS order (7101–7104). */
  SIMULATOR_BASE_PORT: z.coerce.number().int().min(1).max(65535 - 4).default(7100),
  SIMULATOR_DELAY_MS: z.coerce.number().int().min(0).default(2000),
  SIMULATOR_REFUSE_SHARE: z.coerce.number().min(0).max(1).default(0),
  SIMULATOR_SUPPLEMENT_SHARE: z.coerce.number().min(0).max(1).default(0),
  /** `callback`: the simulators POST their answers; `poll`: they keep them for the engine to fetch. */
  SIMULATOR_ANSWERS: z.enum(AGENCY_ANSWER_MODES).default('callback'),
  /** `1`: the well-known development keys even in a database named by DATABASE_URL. */
  DEV_FIXED_KEYS: z.enum(['0', '1']).default('0'),
  /** Payload encryption key ring, JSON: { "current": "<id>", "keys": { "<id>": "<base64 of 32 bytes>", … } }. */
  ENCRYPTION_KEYS: z.string().transform(keyRingText).optional(),
  /** The same JSON in a file (a mounted secret). */
  ENCRYPTION_KEYS_FILE: z
    .string()
    .min(1)
    .transform((file, ctx) => {
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
        return z.NEVER;
      }
      return keyRingText(content, ctx);
    })
    .optional(),
  /** The Temporal Web UI the console links cases to (`<url>/namespaces/<ns>/workflows/<case code>`); default the dev server's UI. */
  TEMPORAL_UI_URL: z.url().optional(),
  /** Origins of the Temporal Web UI allowed to call the codec server with credentials, comma-separated. */
  CODEC_CORS_ORIGINS: z
    .string()
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(origin))
    .optional(),
});
export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${lines}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && config.SUBJECT_KEY_SECRET.startsWith('development-only')) {
    throw new Error('invalid configuration:\n  SUBJECT_KEY_SECRET: must be set in production');
  }
  if (config.ENCRYPTION_KEYS && config.ENCRYPTION_KEYS_FILE) {
    throw new Error('invalid configuration:\n  ENCRYPTION_KEYS_FILE: set either ENCRYPTION_KEYS or ENCRYPTION_KEYS_FILE, not both');
  }
  return config;
}

/** How cases escalate failed dispatches and ask for late answers (the workflow's `operations` input). */
export const caseOperationsOf = (c: Config) => ({
  dispatchAttempts: c.DISPATCH_ATTEMPTS_BEFORE_ATTENTION,
  answerPollAfterMs: (c.ANSWER_POLL_AFTER_SECONDS ?? (c.NODE_ENV === 'production' ? 1800 : 120)) * 1000,
});

/** How often the reconciler runs: a few minutes, less often in production. */
export const reconcileIntervalOf = (c: Config): number => c.RECONCILE_INTERVAL_SECONDS ?? (c.NODE_ENV === 'production' ? 300 : 60);
/** The payload key ring configured, if any. */
export const keyRingOf = (c: Config): KeyRing | undefined => c.ENCRYPTION_KEYS ?? c.ENCRYPTION_KEYS_FILE;

/**
 * The key ring the API and the worker run with: the configured one; in production nothing else
 * (refuse to start); in development the ring kept under DATA_DIR (`npm start` made it, or this does).
 */
export function requireKeyRing(c: Config, dataDir = path.resolve(c.DATA_DIR)): KeyRing {
  const ring = keyRingOf(c);
  if (ring) return ring;
  if (c.NODE_ENV === 'production') throw new Error('invalid configuration:\n  ENCRYPTION_KEYS: required in production (or ENCRYPTION_KEYS_FILE): the payload encryption key ring');
  return developmentKeyRing(dataDir).ring;
}

/** Origins allowed to call the codec server: as configured; by default the dev server's UI, none in production. */
export const codecCorsOriginsOf = (c: Config): string[] => c.CODEC_CORS_ORIGINS ?? (c.NODE_ENV === 'production' ? [] : DEV_CODEC_CORS_ORIGINS);

/** The Temporal Web UI the console links to: as configured, else the dev server's (`TEMPORAL_UI_PORT`). */
export const temporalUiUrlOf = (c: Config): string => (c.TEMPORAL_UI_URL ?? `http://127.0.0.1:${c.TEMPORAL_UI_PORT}`).replace(/\/+$/, '');

/** The API's rate limits from the configuration. */
/** The console's sign-in and session settings (api/people-http.ts). */
export const peopleSettingsOf = (c: Config) => ({
  secureCookies: c.NODE_ENV === 'production',
  sessionMs: c.SESSION_HOURS * 3_600_000,
  signInFailuresPerUsername: c.SIGN_IN_FAILURES_PER_USERNAME,
  signInFailuresPerAddress: c.SIGN_IN_FAILURES_PER_ADDRESS,
});


export const rateLimitsOf = (c: Config) => ({ perKeyPerMinute: c.RATE_LIMIT_PER_KEY_PER_MINUTE, authFailuresPerMinute: c.AUTH_FAILURES_PER_MINUTE, publicLookupsPerMinute: c.PUBLIC_LOOKUPS_PER_MINUTE });

/**
 * Where the QR codes lead: as configured; in production nothing else (the API refuses to start);
 * in development the API on this host's loopback and port.
 */
export function requirePublicBaseUrl(c: Config): string {
  if (c.PUBLIC_BASE_URL) return c.PUBLIC_BASE_URL;
  if (c.NODE_ENV === 'production') throw new Error('invalid configuration:\n  PUBLIC_BASE_URL: required in production (the QR code on every slip leads there)');
  return `http://127.0.0.1:${c.PORT || 3000}`;
}

export const DEV_RATING_SECRET_FILE = 'rating-secret';

/**
 * The rating code's secret: the configured one; in development one kept under DATA_DIR, created
 * at random on first use (readable by its owner only) so that printed slips stay valid across runs.
 */
export function requireRatingSecret(c: Config, dataDir = path.resolve(c.DATA_DIR)): string {
  if (c.RATING_SECRET) return c.RATING_SECRET;
  if (c.NODE_ENV === 'production') throw new Error('invalid configuration:\n  RATING_SECRET: required in production');
  const file = path.join(dataDir, DEV_RATING_SECRET_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      // wx: the API and a second process starting together keep one secret.
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

export function requireSetting<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`invalid configuration:\n  ${name}: required`);
  return value;
}
