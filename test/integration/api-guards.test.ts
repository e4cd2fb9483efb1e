import { deathRequest, OFFICE, OTHER_OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// The API's guards: failed authentication and busy keys are slowed down with 429 + Retry-After,
// every answer carries the security headers, and nothing that carries personal data is cached.

const LIMITS = { perKeyPerMinute: 25, authFailuresPerMinute: 30 };

describe('the API guards', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual', limits: LIMITS });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When one address sends 1,000 requests with a wrong key, then past 30 it gets 429 problem+json with Retry-After, and a valid key from the same address still gets through', async () => {
    const statuses = new Map<number, number>();
    let limited: Response | undefined;
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => fetch(`${sys.apiUrl}/v1/cases/${OFFICE}-261129-0001`, { headers: { authorization: 'Bearer lt_wrong_key_000000000000000000000000' } })),
      );
      for (const res of answers) {
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 429) limited ??= res.clone();
        await res.arrayBuffer();
      }
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: LIMITS.authFailuresPerMinute, 429: 1000 - LIMITS.authFailuresPerMinute });
    expect(limited!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await limited!.json()).toMatchObject({ status: 429, title: 'Too many requests' });

    // The guessing client does not lock out the desk behind the same address.
    expect((await sys.call('GET', '/v1/catalogue', { key: sys.keys.operator })).status).toBe(200);
  });

  test('When one key goes past its requests per minute, then it gets 429 with Retry-After while another key is unaffected', async () => {
    const key = sys.keys.desk[OTHER_OFFICE]!;
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.perKeyPerMinute + 5; i++) statuses.push((await sys.call('GET', '/v1/catalogue', { key })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMITS.perKeyPerMinute);
    expect(statuses.slice(LIMITS.perKeyPerMinute)).toEqual([429, 429, 429, 429, 429]);
    const refused = await sys.call('GET', '/v1/catalogue', { key });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ status: 429, detail: expect.stringContaining('API key') });
    expect((await sys.call('GET', '/v1/catalogue', { key: sys.keys.desk[OFFICE]! })).status).toBe(200);
  });

  test('When a case is received and read, then every answer carries nosniff and no-store, and no X-Powered-By', async () => {
    const desk = sys.keys.desk[OFFICE]!;
    const created = await sys.call('POST', '/v1/cases', { key: desk, body: deathRequest() });
    expect(created.status).toBe(201);
    const read = await sys.call('GET', `/v1/cases/${created.body.caseCode}`, { key: desk });
    const missing = await sys.call('GET', `/v1/cases/${OFFICE}-261129-9999`, { key: desk });
    const invalid = await sys.call('POST', '/v1/cases', { key: desk, body: { applicant: {} } });
    for (const res of [created, read, missing, invalid]) {
      expect({
        nosniff: res.headers.get('x-content-type-options'),
        cache: res.headers.get('cache-control'),
        poweredBy: res.headers.get('x-powered-by'),
        frame: res.headers.get('x-frame-options'),
      }).toEqual({ nosniff: 'nosniff', cache: 'no-store', poweredBy: null, frame: 'SAMEORIGIN' });
    }
    expect([read.status, missing.status, invalid.status]).toEqual([200, 404, 422]);
  });

  test('When /healthz is asked, then it names each dependency and its state, and /readyz answers 200 while both are up', async () => {
    const health = await sys.call('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', ready: true, dependencies: { database: { status: 'up' }, temporal: { status: 'up' } } });
    expect((await sys.call('GET', '/readyz')).status).toBe(200);
  });
});
