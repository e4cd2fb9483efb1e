import { birthRequest, deathRequest, OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { keepHistory } from '../helpers/histories';

// Text PostgreSQL cannot store (NUL) or that misleads a reader (control, bidirectional, invisible
// characters, invalid Unicode) is refused at the door with 422 naming the field, everywhere: every
// string of a receipt, an answer, a supplement, a withdrawal, an override, a query, a path. Nothing
// is stored, and the case goes on afterwards.

const NUL = '\u0000';
const EXTRACT = { extractNumber: '12/2026', get extractDate() { return todayInVietnam(); }, registerBook: 'KT-01' };

/** Every string leaf of a JSON value, with its path as the API names it (`a.b[0].c`). */
function stringLeaves(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, path ? `${path}.${k}` : k));
  return [];
}

/** A copy of `value` with the leaf at `path` replaced. */
function withLeaf(value: unknown, path: string, leaf: string): unknown {
  const copy = structuredClone(value);
  const keys = path.match(/[^.[\]]+/g)!;
  let node = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys.at(-1)!] = leaf;
  return copy;
}

describe('text that cannot be stored is refused at the door', () => {
  let sys: TestSystem;
  const desk = () => sys.keys.desk[OFFICE]!;
  const agency = (code: string) => sys.keys.agencies[code]!;

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const expectRefused = (res: { status: number; body: any }, path: string) => {
    expect({ status: res.status, paths: (res.body?.errors ?? []).map((e: { path: string }) => e.path) }).toEqual({ status: 422, paths: expect.arrayContaining([path]) });
  };

  test('When any string of a receipt carries a NUL, then 422 names that field and nothing is stored', async () => {
    const before = await sys.db.case.count();
    for (const body of [deathRequest(), birthRequest()]) {
      for (const leaf of stringLeaves(body)) {
        expectRefused(await sys.call('POST', '/v1/cases', { key: desk(), body: withLeaf(body, leaf.path, `${leaf.value}${NUL}`) }), leaf.path);
      }
    }
    expect(await sys.db.case.count()).toBe(before);
  });

  test.each([
    ['a control character', 'Nguyễn Văn\u0007 An'],
    ['a line break', 'Nguyễn Văn\nAn'],
    ['a bidirectional override', 'Nguyễn \u202eVăn An'],
    ['a zero-width joiner', 'Nguyễn Văn\u200d An'],
    ['an invisible times (U+2062)', 'Nguyễn Văn\u2062 An'],
    ['a combining grapheme joiner (U+034F)', 'Nguyễn Vă\u034fn An'],
    ['a Hangul filler (U+3164)', 'Nguyễn\u3164Văn An'],
    ['a Mongolian vowel separator (U+180E)', 'Nguyễn Văn\u180eAn'],
    ['a variation selector (U+FE0F)', 'Nguyễn Văn\ufe0f An'],
    ['a lone surrogate', 'Nguyễn Văn \ud800An'],
    ['a replacement character (bytes that were not UTF-8)', 'Nguyễn Văn \ufffdAn'],
  ])('When a name carries %s, then 422 names the field', async (_label, fullName) => {
    const body = deathRequest();
    expectRefused(await sys.call('POST', '/v1/cases', { key: desk(), body: { ...body, applicant: { ...body.applicant, fullName } } }), 'applicant.fullName');
  });

  test('When a body is not UTF-8, then the field whose bytes were broken is named (422)', async () => {
    const json = Buffer.from(JSON.stringify(deathRequest()).replace('Nguyễn Văn An', 'Nguyen XX An'));
    const at = json.indexOf('XX');
    json[at] = 0xff;
    json[at + 1] = 0xfe;
    const res = await fetch(`${sys.apiUrl}/v1/cases`, { method: 'POST', headers: { authorization: `Bearer ${desk()}`, 'content-type': 'application/json' }, body: json });
    expectRefused({ status: res.status, body: await res.json() }, 'applicant.fullName');
  });

  test('When names and addresses arrive in NFD with runs of spaces, then they are stored in NFC with whitespace collapsed', async () => {
    const body = deathRequest();
    const created = await sys.openCase(
      { ...body, deceased: { ...body.deceased, fullName: '  Nguyễn   Văn\u00a0Bình '.normalize('NFD'), placeOfDeath: 'Bệnh viện   Bạch Mai,\u00a0Hà Nội'.normalize('NFD') } },
      desk(),
    );
    const dossier = (await sys.getCase(created.caseCode, desk())).dossier;
    expect(dossier.subject.fullName).toBe('Nguyễn Văn Bình');
    expect(dossier.subject.placeOfDeath).toBe('Bệnh viện Bạch Mai, Hà Nội');
  });

  test('When a receipt, an answer, a sign-in or a query carries a noncharacter of a supplementary plane, then 422 names the field and nothing is stored', async () => {
    const odd = '\u{1FFFF}';
    const body = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
    const before = await sys.db.case.count();
    expectRefused(await sys.call('POST', '/v1/cases', { key: desk(), body: { ...body, applicant: { ...body.applicant, fullName: `Lê${odd} Văn Hùng` } } }), 'applicant.fullName');
    expect(await sys.db.case.count()).toBe(before);
    const { caseCode } = await sys.openCase(body, desk());
    await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: { ...EXTRACT, registerBook: 'KT-01' } });
    expectRefused(await sys.actAsAgency(caseCode, 'residence-deregistration', 'reject', 'POLICE-BA-DINH', { reasonCode: 'NOT_ELIGIBLE', reason: `Không đủ điều kiện\u{10FFFF}` }), 'reason');
    expectRefused(await sys.call('POST', '/v1/session', { body: { username: 'someone', password: `password-${odd}-123` } }), 'password');
    expectRefused(await sys.call('GET', `/v1/cases?agency=${encodeURIComponent(`CIVIL${odd}`)}`, { key: sys.keys.operator }), 'agency');
    // The case goes on: the same answer without it is taken.
    expect((await sys.actAsAgency(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: todayInVietnam() } })).status).toBe(200);
  });

  test('When every text an agency or a desk sends carries a NUL, then each is refused naming its field, and the case continues afterwards', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    await waitFor(async () => ((await sys.getCase(caseCode)).steps[0].status === 'DISPATCHED' ? true : undefined), 'dispatch');
    const civil = (action: string, body: unknown) => sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/${action}`, { key: agency('CIVIL-BA-DINH'), body });
    for (const leaf of stringLeaves({ result: EXTRACT })) expectRefused(await civil('complete', withLeaf({ result: EXTRACT }, leaf.path, `${leaf.value}${NUL}`)), leaf.path);
    const rejection = { reasonCode: 'NOT_ELIGIBLE', reason: 'Không đủ điều kiện đăng ký khai tử' };
    for (const leaf of stringLeaves(rejection)) expectRefused(await civil('reject', withLeaf(rejection, leaf.path, `${leaf.value}${NUL}`)), leaf.path);
    const request = { items: [{ code: 'death-notice', description: 'Giấy báo tử' }], note: 'Bổ sung trong 3 ngày' };
    for (const leaf of stringLeaves(request)) expectRefused(await civil('request-supplement', withLeaf(request, leaf.path, `${leaf.value}${NUL}`)), leaf.path);
    // A free-text reason may span lines, but not carry a bell.
    expectRefused(await civil('reject', { ...rejection, reason: 'Không đủ\u0007 điều kiện' }), 'reason');

    // The civil-status office asks for a document; the desk's supplement and withdrawal are checked the same way.
    expect((await civil('request-supplement', request)).status).toBe(200);
    const submission = { stepId: 'death-registration', documents: [{ item: 'death-notice', reference: 'SCAN-0001' }], note: 'Nộp bổ sung' };
    for (const leaf of stringLeaves(submission)) {
      expectRefused(await sys.call('POST', `/v1/cases/${caseCode}/supplements`, { key: desk(), body: withLeaf(submission, leaf.path, `${leaf.value}${NUL}`) }), leaf.path);
    }
    expectRefused(await sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: desk(), body: { reason: `Gia đình rút${NUL}` } }), 'reason');

    // Nothing of it reached the case: it goes on and completes.
    expect((await sys.call('POST', `/v1/cases/${caseCode}/supplements`, { key: desk(), body: submission })).status).toBe(200);
    await waitFor(async () => ((await sys.getCase(caseCode)).steps[0].status === 'DISPATCHED' ? true : undefined), 'the re-dispatch');
    expect((await civil('complete', { result: { ...EXTRACT, reason: undefined } })).status).toBe(200);
    // Text that can never be stored is refused at the door, before the step's state is judged (it was 409).
    expectRefused(await civil('complete', { result: { ...EXTRACT, registerBook: `KT${NUL}` } }), 'result.registerBook');
    const badName = await civil('complete', { result: { ...EXTRACT, [`note${NUL}`]: 'x' } });
    expect({ status: badName.status, path: String(badName.body.errors?.[0]?.path).slice(0, 11) }).toEqual({ status: 422, path: 'result.note' });
    expect((await sys.actAsAgency(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: todayInVietnam() } })).status).toBe(200);
    const done = await sys.waitForCase(caseCode, ['COMPLETED']);
    expect(JSON.stringify(done)).not.toContain('\\u0000');
    // Returning the result: who received it is checked like every other text.
    const handover = { method: 'desk', recipient: { relationship: 'con', fullName: 'Nguyễn Văn Cường' }, note: 'Đã kiểm tra căn cước.' };
    for (const leaf of stringLeaves(handover).filter((l) => l.path !== 'method')) {
      expectRefused(await sys.call('POST', `/v1/cases/${caseCode}/handover`, { key: desk(), body: withLeaf(handover, leaf.path, `${leaf.value}${NUL}`) }), leaf.path);
    }
    expect((await sys.call('POST', `/v1/cases/${caseCode}/handover`, { key: desk(), body: handover })).status).toBe(200);
    await keepHistory(sys.client, caseCode, 'case-v5-linked-refused-text.json');
  });

  test('When an operator override, a query or a path carries a NUL, then 422 names it (never 500)', async () => {
    const override = { date: '2027-01-04', kind: 'day-off', reason: 'Nghỉ bù theo quyết định', source: 'Quyết định 1/QĐ-TTg' };
    for (const leaf of stringLeaves(override)) {
      expectRefused(await sys.call('PUT', '/v1/calendar/overrides', { key: sys.keys.operator, body: withLeaf(override, leaf.path, `${leaf.value}${NUL}`) }), leaf.path);
    }
    const op = sys.keys.operator;
    const queries: [string, string, string][] = [
      ['/v1/cases?agency=%00', 'agency', op],
      ['/v1/cases?procedure=death%00', 'procedure', op],
      ['/v1/cases?office=001.01.01.H26%00', 'office', op],
      ['/v1/cases?status=RECEIVED%00', 'status[0]', op],
      ['/v1/cases?receivedFrom=2026-01-01%00', 'receivedFrom', op],
      ['/v1/cases?cursor=abc%00', 'cursor', op],
      ['/v1/cases?limit=1%00', 'limit', op],
      ['/v1/calendar?year=2026%00', 'year', op],
      ['/v1/calendar?year=2026&office=%00', 'office', op],
      ['/v1/calendar/deadline?from=2026-11-25T09:00:00%2B07:00%00&workingDays=1&office=001.01.01.H26', 'from', op],
      ['/v1/catalogue?version=2024-07-01%00', 'version', op],
      [`/v1/offices/${OFFICE}/tracking-book?from=2026-11-01%00`, 'from', desk()],
      ['/v1/cases/001.01.01.H26-261125-0001%00', 'caseCode', op],
      ['/v1/cases/%00/steps/death-registration/complete', 'caseCode', agency('CIVIL-BA-DINH')],
      ['/v1/cases/001.01.01.H26-261125-0001/steps/death%00/complete', 'stepId', agency('CIVIL-BA-DINH')],
      ['/v1/agencies/CIVIL%00/tasks', 'agencyCode', op],
      ['/v1/offices/001.01.01.H26%00/tracking-book', 'officeCode', desk()],
      ['/v1/cases/001.01.01.H26-261125-0001/forms/receipt%00', 'form', desk()],
      // The applicant's page and the codec server's flags, which nothing stores, are held to the same rule.
      ['/tra-cuu?ma=001.01.01.H26-261125-0001&k=%00%ED%A0%80', 'k', op],
      ['/tra-cuu?lang=e%00n', 'lang', op],
      ['/codec/decode?preserveStorageRefs=%00%01', 'preserveStorageRefs', op],
      ['/codec/decode?someFlag=%1B', 'someFlag', op],
    ];
    for (const [url, field, key] of queries) {
      const method = url.endsWith('/complete') || url.startsWith('/codec/') ? 'POST' : 'GET';
      const body = url.startsWith('/codec/') ? { payloads: [] } : { result: EXTRACT };
      const res = await sys.call(method, url, { key, body: method === 'POST' ? body : undefined, headers: url.startsWith('/tra-cuu') ? { accept: 'application/json' } : undefined });
      expect({ url, status: res.status, fields: (res.body?.errors ?? []).map((e: { path: string }) => e.path) }).toEqual({ url, status: 422, fields: expect.arrayContaining([field]) });
    }
    // Parameters these pages ignore are refused too when their name or value cannot be text.
    for (const url of ['/tra-cuu?ma=001.01.01.H26-261125-0001&x=%00', '/tra-cuu?x%00=1', '/codec/decode?x%00y=1', '/codec/decode?%FF=1']) {
      const post = url.startsWith('/codec/');
      const res = await sys.call(post ? 'POST' : 'GET', url, { key: op, body: post ? { payloads: [] } : undefined, headers: post ? undefined : { accept: 'application/json' } });
      expect({ url, status: res.status }).toEqual({ url, status: 422 });
    }
    // HTTP clients will not send control characters in a header; a space or a Latin-1 letter is what arrives.
    expectRefused(await sys.call('POST', '/v1/cases', { key: desk(), body: deathRequest(), headers: { 'Idempotency-Key': 'key with spaces' } }), 'Idempotency-Key');
    expectRefused(await sys.call('POST', '/v1/cases', { key: desk(), body: deathRequest(), headers: { 'Idempotency-Key': 'clé-réutilisée-1' } }), 'Idempotency-Key');
  });
});
