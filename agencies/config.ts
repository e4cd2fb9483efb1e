import { z } from 'zod';
import { AGENCY_ANSWER_MODES } from '../domain/agency-contract';
import { localDateOf } from '../domain/calendar/local-time';
import { catalogueInForceOn } from '../domain/catalogue';
import { agenciesForKind, findSimulatorKind, SIMULATOR_KINDS } from './kinds';

export const SIMULATOR_MODES = ['auto', 'manual'] as const;
export type SimulatorMode = (typeof SIMULATOR_MODES)[number];

const share = z.number().min(0).max(1);

export const simulatorConfigSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(60).default('agency-simulator'),
    /** Agency codes this system answers for; dispatches to any other code get 404. */
    agencies: z.array(z.string().trim().min(1).max(60)).min(1, 'serve at least one agency'),
    mode: z.enum(SIMULATOR_MODES).default('auto'),
    /**
     * Auto mode: `callback` POSTs each answer to the engine; `poll` never calls the engine, the
     * answer waits in the record until the engine asks GET /v1/dispatches/{key}.
     */
    answers: z.enum(AGENCY_ANSWER_MODES).default('callback'),
    /** Engine public API base URL; required in auto mode with callback answers. */
    engineUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** agencyCode → API key the engine issued to that agency; callback answers need one per served agency. */
    agencyKeys: z.record(z.string(), z.string().min(1)).default({}),
    delayMs: z.number().int().min(0).max(86_400_000).default(1000),
    refuseShare: share.default(0),
    supplementShare: share.default(0),
    /** When set, engine → simulator calls must carry `Authorization: Bearer <inboundToken>`. */
    inboundToken: z.string().min(8).optional(),
    /** PRNG seed; fixed in tests so outcomes repeat. */
    seed: z.number().int().optional(),
    maxAttempts: z.number().int().min(1).max(50).default(8),
    retryBaseMs: z.number().int().min(1).default(500),
    retryMaxMs: z.number().int().min(1).default(10_000),
    /** Per-call timeout for answers sent to the engine. */
    requestTimeoutMs: z.number().int().min(100).default(10_000),
  })
  // `when` runs the check even if other fields failed, so one round reports every problem;
  // the value may then be partly invalid, hence the defensive reads.
  .superRefine(
    (c, ctx) => {
      // Only answers POSTed to the engine need its URL and the agencies' keys.
      if ((c.mode ?? 'auto') !== 'auto' || (c.answers ?? 'callback') !== 'callback') return;
      if (c.engineUrl === undefined) ctx.addIssue({ code: 'custom', path: ['engineUrl'], message: 'required in auto mode with callback answers' });
      const keys: Record<string, unknown> = typeof c.agencyKeys === 'object' && c.agencyKeys !== null ? c.agencyKeys : {};
      for (const agency of Array.isArray(c.agencies) ? c.agencies : []) {
        if (typeof agency === 'string' && !keys[agency]) {
          ctx.addIssue({ code: 'custom', path: ['agencyKeys', agency], message: `callback answers need the API key of ${agency}` });
        }
      }
    },
    { when: () => true },
  );

/** What callers pass (defaults optional). */
export type SimulatorConfig = z.input<typeof simulatorConfigSchema>;
/** After defaults are applied. */
export type ResolvedSimulatorConfig = z.output<typeof simulatorConfigSchema>;

export class SimulatorConfigError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid simulator configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'SimulatorConfigError';
  }
}

export function parseSimulatorConfig(input: SimulatorConfig): ResolvedSimulatorConfig {
  const parsed = simulatorConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new SimulatorConfigError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return parsed.data;
}

export interface EnvConfig {
  config: ResolvedSimulatorConfig;
  port: number;
}

/** Reads the SIMULATOR_* variables (see agencies/README.md). Blank variables count as unset. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const issues: { path: string; message: string }[] = [];
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const num = (name: string): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isNaN(n)) return n;
    issues.push({ path: name, message: 'must be a number' });
    return undefined;
  };

  const kindName = get('SIMULATOR_KIND');
  const kind = kindName ? findSimulatorKind(kindName) : undefined;
  if (kindName && !kind) {
    issues.push({ path: 'SIMULATOR_KIND', message: `must be one of ${SIMULATOR_KINDS.map((k) => k.kind).join(', ')}` });
  }
  const agencies =
    get('SIMULATOR_AGENCIES')
      ?.split(',')
      .map((a) => a.trim())
      .filter(Boolean) ?? (kind ? agenciesForKind(catalogueInForceOn(localDateOf(new Date())), kind) : []);

  let agencyKeys: unknown;
  const keysJson = get('SIMULATOR_AGENCY_KEYS');
  if (keysJson) {
    try {
      agencyKeys = JSON.parse(keysJson);
    } catch {
      issues.push({ path: 'SIMULATOR_AGENCY_KEYS', message: 'must be a JSON object {"AGENCY-CODE":"key"}' });
    }
  }
  const port = num('PORT') ?? kind?.defaultPort ?? 7100;
  if (!Number.isInteger(port) || port < 0 || port > 65535) issues.push({ path: 'PORT', message: 'must be a port number' });

  const input = {
    name: get('SIMULATOR_NAME') ?? kind?.kind,
    agencies,
    mode: get('SIMULATOR_MODE'),
    answers: get('SIMULATOR_ANSWERS'),
    engineUrl: get('ENGINE_URL'),
    agencyKeys,
    delayMs: num('SIMULATOR_DELAY_MS'),
    refuseShare: num('SIMULATOR_REFUSE_SHARE'),
    supplementShare: num('SIMULATOR_SUPPLEMENT_SHARE'),
    inboundToken: get('SIMULATOR_INBOUND_TOKEN'),
    seed: num('SIMULATOR_SEED'),
    maxAttempts: num('SIMULATOR_MAX_ATTEMPTS'),
    retryBaseMs: num('SIMULATOR_RETRY_BASE_MS'),
    retryMaxMs: num('SIMULATOR_RETRY_MAX_MS'),
    requestTimeoutMs: num('SIMULATOR_TIMEOUT_MS'),
  };
  const parsed = simulatorConfigSchema.safeParse(input);
  if (!parsed.success) {
    for (const i of parsed.error.issues) issues.push({ path: envNameOf(i.path), message: i.message });
  }
  if (issues.length > 0 || !parsed.success) throw new SimulatorConfigError(issues);
  return { config: parsed.data, port };
}

const ENV_NAMES: Record<string, string> = {
  name: 'SIMULATOR_NAME',
  agencies: 'SIMULATOR_AGENCIES',
  mode: 'SIMULATOR_MODE',
  answers: 'SIMULATOR_ANSWERS',
  engineUrl: 'ENGINE_URL',
  agencyKeys: 'SIMULATOR_AGENCY_KEYS',
  delayMs: 'SIMULATOR_DELAY_MS',
  refuseShare: 'SIMULATOR_REFUSE_SHARE',
  supplementShare: 'SIMULATOR_SUPPLEMENT_SHARE',
  inboundToken: 'SIMULATOR_INBOUND_TOKEN',
  seed: 'SIMULATOR_SEED',
  maxAttempts: 'SIMULATOR_MAX_ATTEMPTS',
  retryBaseMs: 'SIMULATOR_RETRY_BASE_MS',
  retryMaxMs: 'SIMULATOR_RETRY_MAX_MS',
  requestTimeoutMs: 'SIMULATOR_TIMEOUT_MS',
};

/** Names the variable to fix rather than the internal field. */
function envNameOf(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  const name = (head && ENV_NAMES[head]) ?? head ?? '';
  return [name, ...rest].join('.');
}
