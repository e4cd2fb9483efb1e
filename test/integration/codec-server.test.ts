import { createHash } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { HIDDEN_PERSONAL_VALUE } from '../../domain/results';
import { ENCRYPTED_ENCODING } from '../../platform/codec';
import { generateKeyRing } from '../../platform/key-ring';
import { EncryptionCodec } from '../../platform/codec';
import { createApiKey, hashKey } from '../../prisma/api-keys';
import { callCodec, jsonMetadata, jsonText, payloadToJson, type PayloadJson } from '../helpers/codec-client';
import { payloadsOf, rawHistory } from '../helpers/raw-temporal';
import { birthRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// The codec server on the API's port, as the Temporal Web UI and CLI use it: operators decode a
// case's encrypted history (personal result fields hidden, every decode logged); nobody else does.

const UI_ORIGIN = 'http://127.0.0.1:8233';

describe('the codec server', () => {
  let sys: TestSystem;
  let raw: Connection;
  let caseCode: string;
  let childId: string;
  let cardNumber: string;
  let encrypted: PayloadJson[];

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'auto', delayMs: 10 });
    raw = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
    const desk = sys.keys.desk[OFFICE]!;
    ({ caseCode } = await sys.openCase(birthRequest(), desk));
    const asDesk = await sys.waitForCase(caseCode, ['COMPLETED'], desk);
    childId = asDesk.steps.find((s: any) => s.stepId === 'birth-registration').result.personalId;
    cardNumber = asDesk.steps.find((s: any) => s.stepId === 'health-insurance-card').result.cardNumber;
    // The ledger says COMPLETED from inside the last workflow task; its events are in the history once the workflow closed.
    await sys.client.workflow.getHandle(caseCode).result();
    // The history as the Web UI gets it from the server: encrypted payloads.
    encrypted = payloadsOf(await rawHistory(raw, caseCode)).payloads.map(payloadToJson);
  });
  afterAll(async () => {
    await raw?.close();
    await sys?.stop();
  });

  test('When an operator decodes a case history, then the workflow input shows its case code, personal result fields read the placeholder, and nothing stays encrypted', async () => {
    expect(encrypted.length).toBeGreaterThanOrEqual(10);
    expect(encrypted.every((p) => jsonMetadata(p, 'encoding') === ENCRYPTED_ENCODING)).toBe(true);
    const res = await callCodec(sys.apiUrl, 'decode', encrypted, { key: sys.keys.operator });
    expect({ status: res.status, problem: res.status === 200 ? undefined : res.body }).toEqual({ status: 200, problem: undefined });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const decoded: PayloadJson[] = res.body.payloads;
    expect(decoded).toHaveLength(encrypted.length);
    expect(decoded.every((p) => jsonMetadata(p, 'encoding') !== ENCRYPTED_ENCODING)).toBe(true);
    const texts = decoded.map(jsonText);
    // The workflow's start input is among them (the history opens with its summary and its input).
    const objects = texts.flatMap((t) => {
      const v: unknown = JSON.parse(t);
      return v && typeof v === 'object' ? [v] : [];
    });
    expect(objects).toContainEqual(expect.objectContaining({ caseCode, group: 'birth', receivingOffice: OFFICE }));
    const withChild = texts.filter((t) => t.includes('"personalId"'));
    expect(withChild.length).toBeGreaterThan(0);
    for (const t of withChild) expect(t).toContain(`"personalId":"${HIDDEN_PERSONAL_VALUE}"`);
    expect(texts.some((t) => t.includes(`"cardNumber":"${HIDDEN_PERSONAL_VALUE}"`))).toBe(true);
    expect(texts.join('\n')).not.toContain(childId);
    expect(texts.join('\n')).not.toContain(cardNumber);
    // Every decoded JSON payload is still valid JSON.
    for (const [i, p] of decoded.entries()) if (jsonMetadata(p, 'encoding') === 'json/plain') expect(() => JSON.parse(texts[i]!)).not.toThrow();
  });

  test('When a desk key, an agency key or no key asks to decode, then it gets 403, 403 or 401 as problem+json and no plaintext', async () => {
    const cases: [string | undefined, number][] = [
      [sys.keys.desk[OFFICE], 403],
      [sys.keys.agencies['CIVIL-BA-DINH'], 403],
      [undefined, 401],
      ['ltk_not_a_key', 401],
    ];
    for (const [key, status] of cases) {
      const res = await callCodec(sys.apiUrl, 'decode', encrypted, { key });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).not.toContain(caseCode);
      expect(res.body.payloads).toBeUndefined();
    }
  });

  test('When an operator decoded, then the access log lists it with the key, the case code, the namespace and the payload count, and filters by case and time', async () => {
    await callCodec(sys.apiUrl, 'decode', encrypted, { key: sys.keys.operator });
    const operatorKeyId = (await sys.db.apiKey.findUnique({ where: { keyHash: hashKey(sys.keys.operator) } }))!.id;
    const log = await sys.call('GET', `/v1/codec/access-log?caseCode=${caseCode}`, { key: sys.keys.operator });
    expect(log.status).toBe(200);
    expect(log.body.items.length).toBeGreaterThanOrEqual(1);
    expect(log.body.items[0]).toMatchObject({ apiKeyId: operatorKeyId, caseCodes: [caseCode], namespace: 'default', payloadCount: encrypted.length });
    const later = await sys.call('GET', `/v1/codec/access-log?caseCode=${caseCode}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { key: sys.keys.operator });
    expect(later.body.items).toEqual([]);
    const paged = await sys.call('GET', `/v1/codec/access-log?caseCode=${caseCode}&limit=1`, { key: sys.keys.operator });
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.nextCursor).toEqual(expect.any(String));
    const next = await sys.call('GET', `/v1/codec/access-log?caseCode=${caseCode}&limit=1&cursor=${paged.body.nextCursor}`, { key: sys.keys.operator });
    expect(next.body.items[0].id).not.toBe(paged.body.items[0].id);
    expect((await sys.call('GET', '/v1/codec/access-log', { key: sys.keys.desk[OFFICE] })).status).toBe(403);
    expect((await sys.call('GET', '/v1/codec/access-log?caseCode=nope', { key: sys.keys.operator })).status).toBe(422);
  });

  test('When an operator opens a session with the key, then its HttpOnly SameSite=Lax cookie decodes without the key, only its hash is stored, and after sign-out it no longer works', async () => {
    const open = await sys.call('POST', '/codec/session', { body: { apiKey: sys.keys.operator } });
    expect(open.status).toBe(201);
    const setCookie = open.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^ltk_codec_session=[A-Za-z0-9_-]{43}; Path=\/codec; Expires=[^;]+; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    expect(Date.parse(open.body.expiresAt) - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    const token = /ltk_codec_session=([^;]+)/.exec(setCookie)![1]!;
    const cookie = `ltk_codec_session=${token}`;
    const stored = await sys.db.codecSession.findUnique({ where: { tokenHash: createHash('sha256').update(token).digest('hex') } });
    expect(stored).not.toBeNull();
    expect(JSON.stringify(await sys.db.codecSession.findMany())).not.toContain(token);

    const viaCookie = await callCodec(sys.apiUrl, 'decode', encrypted.slice(0, 3), { cookie, origin: UI_ORIGIN });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(viaCookie.headers.get('access-control-allow-credentials')).toBe('true');
    expect(viaCookie.body.payloads).toHaveLength(3);
    expect((await fetch(`${sys.apiUrl}/codec/session`, { headers: { cookie } })).status).toBe(200);

    expect((await sys.call('DELETE', '/codec/session', { headers: { cookie } })).status).toBe(204);
    expect((await callCodec(sys.apiUrl, 'decode', encrypted.slice(0, 3), { cookie })).status).toBe(401);
    expect((await callCodec(sys.apiUrl, 'decode', encrypted.slice(0, 3), { cookie: 'ltk_codec_session=made-up' })).status).toBe(401);
  });

  test('When the operator key behind a session is revoked, then the session no longer decodes', async () => {
    const { id, key } = await createApiKey(sys.db, { role: 'operator', label: 'revoked later' });
    const open = await sys.call('POST', '/codec/session', { body: { apiKey: key } });
    const cookie = open.headers.get('set-cookie')!.split(';')[0]!;
    expect((await callCodec(sys.apiUrl, 'decode', encrypted.slice(0, 1), { cookie })).status).toBe(200);
    await sys.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    expect((await callCodec(sys.apiUrl, 'decode', encrypted.slice(0, 1), { cookie })).status).toBe(401);
  });

  test('When a desk key or an unknown key tries to open a session, then it gets 403 or 401 and no cookie', async () => {
    const desk = await sys.call('POST', '/codec/session', { body: { apiKey: sys.keys.desk[OFFICE] } });
    expect(desk.status).toBe(403);
    expect(desk.headers.get('set-cookie')).toBeNull();
    const unknown = await sys.call('POST', '/codec/session', { body: { apiKey: 'ltk_made_up' } });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  test('When the Web UI’s origin sends a preflight, then it is allowed with credentials and the three headers; another origin is not', async () => {
    const preflight = (origin: string) =>
      fetch(`${sys.apiUrl}/codec/decode`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' } });
    const allowed = await preflight(UI_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-namespace');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const other = await preflight('http://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const otherPost = await callCodec(sys.apiUrl, 'decode', encrypted.slice(0, 1), { key: sys.keys.operator, origin: 'http://evil.example' });
    expect(otherPost.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('When an operator encodes, then the payloads are encrypted under the current key and decode back; a payload under an unknown key id is refused naming it', async () => {
    const original: PayloadJson = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify({ caseCode, note: 'x' })).toString('base64') };
    const encoded = await callCodec(sys.apiUrl, 'encode', [original], { key: sys.keys.operator });
    expect(encoded.status).toBe(200);
    expect(jsonMetadata(encoded.body.payloads[0], 'encoding')).toBe(ENCRYPTED_ENCODING);
    const back = await callCodec(sys.apiUrl, 'decode', encoded.body.payloads, { key: sys.keys.operator });
    expect(JSON.parse(jsonText(back.body.payloads[0]))).toEqual({ caseCode, note: 'x' });

    const foreign = payloadToJson(new EncryptionCodec(generateKeyRing('retired-2020')).encrypt({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{}') }));
    const refused = await callCodec(sys.apiUrl, 'decode', [original, foreign], { key: sys.keys.operator });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'payloads[1]', message: 'unknown encryption key id "retired-2020"' }]);
  });

  test('When the OpenAPI document is read, then the codec server and its access log are in it', async () => {
    const doc = (await sys.call('GET', '/openapi.json')).body;
    for (const path of ['/codec/decode', '/codec/encode', '/codec/session', '/codec', '/v1/codec/access-log']) expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths['/codec/decode'].post.security).toEqual([{ bearerAuth: [] }, { codecSession: [] }]);
  });
});
