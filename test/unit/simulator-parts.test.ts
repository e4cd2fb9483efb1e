import { abortableSleep, backoffMs, sendAnswer } from '../../agencies/answer';
import { configFromEnv, SimulatorConfigError } from '../../agencies/config';
import { agenciesForKind, SIMULATOR_KINDS, simulatorKindForRole } from '../../agencies/kinds';
import { createRandom, lookupProcedure, plausibleResult, simulatedRefusal, simulatedSupplementRequest } from '../../agencies/results';
import { AGENCY_ROLES, catalogueInForceOn } from '../../domain/catalogue';
import { rejectionSchema, resultSchemaFor, supplementRequestSchema } from '../../domain/results';

const catalogue = catalogueInForceOn('2026-11-25');
const procedures = catalogue.groups.flatMap((g) => g.procedures);

describe('simulated answers', () => {
  it.each(procedures.map((p) => [p.code, p]))('%s: every answer passes the domain schemas', (_code, procedure) => {
    const random = createRandom(1);
    const counters = new Map<string, number>();
    const nextNumber = (register: string, year: string): number => {
      const n = (counters.get(register + year) ?? 0) + 1;
      counters.set(register + year, n);
      return n;
    };
    for (const agency of catalogue.agencies) {
      const result = plausibleResult({ procedure, agencyCode: agency.code, now: new Date('2025-12-31T18:00:00Z'), random, nextNumber });
      expect(resultSchemaFor(procedure.resultKind).safeParse(result).success).toBe(true);
    }
    expect(rejectionSchema.safeParse(simulatedRefusal(procedure)).success).toBe(true);
    expect(supplementRequestSchema.safeParse(simulatedSupplementRequest(procedure)).success).toBe(true);
  });

  it('dates results in Vietnam and numbers the extract register per year', () => {
    const procedure = lookupProcedure('death-registration')!;
    const result = plausibleResult({ procedure, agencyCode: 'CIVIL-BA-DINH', now: new Date('2025-12-31T18:00:00Z'), random: createRandom(1), nextNumber: () => 7 });
    expect(result).toMatchObject({ extractNumber: '07/2026', extractDate: '2026-01-01' });
  });

  it('seeded randomness repeats and stays in [0, 1)', () => {
    const a = createRandom(99);
    const b = createRandom(99);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('simulator kinds', () => {
  it('serve every agency role exactly once', () => {
    const roles = SIMULATOR_KINDS.flatMap((k) => [...k.roles]).sort();
    expect(roles).toEqual([...AGENCY_ROLES].sort());
    expect(simulatorKindForRole('merit').kind).toBe('social-protection-merit');
    expect(agenciesForKind(catalogue, simulatorKindForRole('police'))).toEqual(['POLICE-BA-DINH', 'POLICE-HOAN-KIEM']);
  });
});

describe('configFromEnv', () => {
  it('derives agencies and port from SIMULATOR_KIND', () => {
    const { config, port } = configFromEnv({
      SIMULATOR_KIND: 'social-protection-merit',
      ENGINE_URL: 'http://localhost:3000',
      SIMULATOR_AGENCY_KEYS: JSON.stringify({ 'SOCIAL-BA-DINH': 'k1', 'MERIT-BA-DINH': 'k2', 'SOCIAL-HOAN-KIEM': 'k3', 'MERIT-HOAN-KIEM': 'k4' }),
      SIMULATOR_DELAY_MS: '10',
      SIMULATOR_SEED: '3',
    });
    expect(config).toMatchObject({ name: 'social-protection-merit', agencies: ['SOCIAL-BA-DINH', 'MERIT-BA-DINH', 'SOCIAL-HOAN-KIEM', 'MERIT-HOAN-KIEM'], mode: 'auto', delayMs: 10, seed: 3 });
    expect(port).toBe(7104);
  });

  it('names the variables to fix', () => {
    let error: unknown;
    try {
      configFromEnv({ SIMULATOR_AGENCIES: 'VSS-HA-NOI', SIMULATOR_REFUSE_SHARE: 'x', SIMULATOR_AGENCY_KEYS: '{' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulatorConfigError);
    const paths = (error as SimulatorConfigError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['SIMULATOR_REFUSE_SHARE', 'SIMULATOR_AGENCY_KEYS', 'ENGINE_URL']));
  });

  it('manual mode needs no engine', () => {
    expect(configFromEnv({ SIMULATOR_AGENCIES: 'A, B', SIMULATOR_MODE: 'manual' }).config.agencies).toEqual(['A', 'B']);
  });

  it('When SIMULATOR_ANSWERS is unset, then answers go by callback; when it is poll, then no engine URL or key is needed', () => {
    expect(configFromEnv({ SIMULATOR_AGENCIES: 'A', ENGINE_URL: 'http://localhost:3000', SIMULATOR_AGENCY_KEYS: '{"A":"k"}' }).config.answers).toBe('callback');
    expect(configFromEnv({ SIMULATOR_AGENCIES: 'A', SIMULATOR_ANSWERS: 'poll' }).config).toMatchObject({ mode: 'auto', answers: 'poll' });
  });

  it('When SIMULATOR_ANSWERS is neither callback nor poll, then it is named', () => {
    expect(() => configFromEnv({ SIMULATOR_AGENCIES: 'A', SIMULATOR_ANSWERS: 'push' })).toThrow(/SIMULATOR_ANSWERS/);
  });
});

describe('sendAnswer', () => {
  const policy = { maxAttempts: 4, retryBaseMs: 1, retryMaxMs: 2, requestTimeoutMs: 1000 };

  it('retries network errors with capped backoff', async () => {
    let calls = 0;
    const waits: number[] = [];
    const fakeFetch = (async () => {
      calls += 1;
      if (calls < 3) throw new TypeError('fetch failed');
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const outcome = await sendAnswer(
      { url: 'http://engine/x', apiKey: 'k', idempotencyKey: 'i', body: {} },
      policy,
      { fetch: fakeFetch, sleep: abortableSleep, stillWanted: () => true, onRetry: (_a, _r, w) => waits.push(w) },
      new AbortController().signal,
    );
    expect(outcome).toEqual({ ok: true, status: 200, attempts: 3 });
    expect(waits).toEqual([1, 2]);
    expect(backoffMs(10, { ...policy, retryMaxMs: 10_000 })).toBe(512);
    expect(backoffMs(30, { ...policy, retryBaseMs: 500, retryMaxMs: 10_000 })).toBe(10_000);
  });

  it('stops when the record is no longer wanted', async () => {
    const outcome = await sendAnswer(
      { url: 'http://engine/x', apiKey: 'k', idempotencyKey: 'i', body: {} },
      policy,
      { fetch: (async () => new Response('', { status: 503 })) as typeof fetch, sleep: abortableSleep, stillWanted: () => false, onRetry: () => undefined },
      new AbortController().signal,
    );
    expect(outcome).toEqual({ ok: false, aborted: true, attempts: 0 });
  });
});
