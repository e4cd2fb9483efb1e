import net from 'node:net';
import type { ApiDeps } from '../../api/deps';
import type { Access } from '../../api/http/route';
import { apiRoutes } from '../../api/routes';
import { DEV_USER_PASSWORD } from '../../scripts/dev-system';
import { deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// The HTTP door: requests that are malformed before any route reads them — a broken
// percent-encoding in the path, a control character in a header, a body that is not JSON, a
// method the path does not have, a missing or wrong key — get a precise RFC 9457 problem, never a
// 5xx, a bare parser answer or a 404 that hides the route.

const CASE_CODE = `${OFFICE}-261207-0026`;
/** Bytes that are not UTF-8 (0xFF), and a lone surrogate encoded as UTF-8 (CESU). */
const BAD_ENCODINGS = ['%FF', '%ED%A0%80'];
const METHODS = ['get', 'post', 'put', 'delete'] as const;

interface Declared {
  path: string;
  methods: string[];
  params: string[];
}

/** Every declared path of the OpenAPI document, with its methods and path parameters. */
async function declaredPaths(sys: TestSystem): Promise<Declared[]> {
  const doc = (await sys.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).map(([path, item]) => ({
    path,
    methods: METHODS.filter((m) => m in item),
    params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
  }));
}

/** A concrete path: each parameter gets a plausible value unless given. */
const fill = (path: string, values: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? (name === 'caseCode' ? CASE_CODE : name === 'officeCode' ? OFFICE : 'x1'));

describe('the HTTP door', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual', devUsers: true, requestTimeoutMs: 3_000 });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a path parameter is not percent-encoded UTF-8, then every declared route answers 422 naming that parameter, never 5xx', async () => {
    const answers: unknown[] = [];
    const expected: unknown[] = [];
    for (const d of await declaredPaths(sys)) {
      for (const method of d.methods) {
        for (const param of d.params) {
          for (const bad of BAD_ENCODINGS) {
            const url = fill(d.path, { [param]: param === 'caseCode' ? `${OFFICE}-261207-00${bad}26` : `ab${bad}cd` });
            const res = await sys.call(method.toUpperCase(), url, { key: sys.keys.operator });
            answers.push({ method, url, status: res.status, type: res.headers.get('content-type'), errors: res.body?.errors });
            expected.push({ method, url, status: 422, type: 'application/problem+json; charset=utf-8', errors: [{ path: param, message: 'must be valid percent-encoded UTF-8' }] });
          }
        }
      }
    }
    expect(answers.length).toBeGreaterThanOrEqual(40);
    expect(answers).toEqual(expected);
  });

  test('When the path differs from its declaration only in case or a trailing slash (Express matches it), then the parameter is still named', async () => {
    const res = await sys.call('GET', '/V1/Cases/%FF/', { key: sys.keys.operator });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 422, errors: [{ path: 'caseCode', message: 'must be valid percent-encoded UTF-8' }] });
  });

  /** Sends raw bytes (fetch refuses control characters in headers) and reads the answer until the server closes. */
  function rawRequest(baseUrl: string, request: string, timeoutMs = 5_000): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = net.connect(Number(port), hostname, () => socket.write(request));
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error('the server did not close the connection')));
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const end = text.indexOf('\r\n\r\n');
        const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) });
      });
    });
  }

  test('When a body never finishes arriving (shorter than its Content-Length), then 408 problem+json closes the connection within the request timeout, not Node’s five minutes', async () => {
    const started = Date.now();
    const res = await rawRequest(sys.apiUrl, `POST /v1/session HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"`, 10_000);
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 408, type: 'application/problem+json; charset=utf-8' });
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 15_000);

  test.each([
    ['NUL', '\u0000'],
    ['SOH', '\u0001'],
    ['ESC', '\u001b'],
    ['DEL', '\u007f'],
  ])('When a header carries the control character %s, then 400 problem+json says so without echoing it, and the connection closes', async (_name, c) => {
    const body = JSON.stringify(deathRequest());
    const asked = [
      `POST /v1/cases HTTP/1.1\r\nHost: api\r\nAuthorization: Bearer ${sys.keys.desk[OFFICE]}\r\nIdempotency-Key: abcd${c}efgh\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      `POST /codec/decode HTTP/1.1\r\nHost: api\r\nAuthorization: Bearer ${sys.keys.operator}\r\nX-Namespace: defa${c}ult\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"payloads":[]}`,
    ];
    for (const request of asked) {
      const res = await rawRequest(sys.apiUrl, request);
      expect({ status: res.status, type: res.headers['content-type'], connection: res.headers.connection }).toEqual({ status: 400, type: 'application/problem+json; charset=utf-8', connection: 'close' });
      expect(JSON.parse(res.body)).toEqual({ type: expect.any(String), title: 'Bad request', status: 400, detail: expect.stringContaining('header carries a character HTTP does not allow') });
      expect(res.body).not.toMatch(/abcd|efgh|defa/);
    }
    // The API still answers on a new connection.
    expect((await sys.call('GET', '/healthz')).status).toBe(200);
  });

  /** Every declared route that reads a body, with how it is sent and a caller its roles allow (admin: a console session). */
  async function bodyRoutes(): Promise<{ method: string; url: string; form: boolean; headers: Record<string, string> }[]> {
    const signedIn = await sys.call('POST', '/v1/session', { body: { username: 'admin', password: DEV_USER_PASSWORD } });
    const admin = { cookie: /^(ltk_session=[^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]!, 'X-CSRF-Token': signedIn.body.csrfToken as string };
    const { service, session, v1, codec, tracking } = apiRoutes(undefined as unknown as ApiDeps);
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    const keyFor = (access: Access): Record<string, string> => {
      if (access === 'public') return {};
      if (access.includes('operator')) return bearer(sys.keys.operator);
      if (access.includes('desk')) return bearer(sys.keys.desk[OFFICE]!);
      if (access.includes('agency')) return bearer(Object.values(sys.keys.agencies)[0]!);
      return admin;
    };
    return [...service, ...session, ...v1, ...codec, ...tracking]
      .filter((r) => r.spec.body)
      .map((r) => ({ method: r.spec.method.toUpperCase(), url: fill(r.spec.path, { stepId: 'death-registration' }), form: r.spec.bodyType === 'form', headers: keyFor(r.spec.access) }));
  }

  const send = async (method: string, url: string, headers: Record<string, string>, body: string | Uint8Array) => {
    const res = await fetch(`${sys.apiUrl}${url}`, { method, headers: { accept: 'application/json', ...headers }, body });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };

  test('When a body is sent as another type than the route reads (text/plain, none, JSON to a form), then every such route answers 415 problem+json', async () => {
    const answers: unknown[] = [];
    const expected: unknown[] = [];
    const routes = await bodyRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const r of routes) {
      const wrong: [string | undefined, string | Uint8Array][] = r.form
        ? [['application/json', '{"ma":"x"}'], ['text/plain', 'ma=x']]
        : [['text/plain', '{}'], ['application/x-www-form-urlencoded', 'a=1'], [undefined, new Uint8Array(Buffer.from('{}'))]];
      for (const [type, body] of wrong) {
        const res = await send(r.method, r.url, { ...r.headers, ...(type ? { 'content-type': type } : {}) }, body);
        answers.push({ route: `${r.method} ${r.url}`, type, status: res.status, contentType: res.type, title: res.body?.title });
        expected.push({ route: `${r.method} ${r.url}`, type, status: 415, contentType: 'application/problem+json; charset=utf-8', title: 'Unsupported media type' });
      }
    }
    expect(answers).toEqual(expected);
  });

  test('When a receipt is sent as text/plain, in Latin-1 or declared UTF-16 or UTF-32 (a sign-in, a decode too), then each gets the same 415; a form post to the rating form is still read', async () => {
    const desk = { authorization: `Bearer ${sys.keys.desk[OFFICE]}` };
    const body = JSON.stringify(deathRequest());
    const plain = await send('POST', '/v1/cases', { ...desk, 'content-type': 'text/plain' }, body);
    const latin1 = await send('POST', '/v1/cases', { ...desk, 'content-type': 'application/json; charset=latin1' }, body);
    // UTF-16 the parser could decode, but JSON between systems is UTF-8 (RFC 8259), as the API says.
    const utf16 = await send('POST', '/v1/cases', { ...desk, 'content-type': 'application/json; charset=utf-16le' }, new Uint8Array(Buffer.from(body, 'utf16le')));
    const signIn = await send('POST', '/v1/session', { 'content-type': 'application/json; charset=utf-16le' }, new Uint8Array(Buffer.from(JSON.stringify({ username: 'admin', password: DEV_USER_PASSWORD }), 'utf16le')));
    // So declared, an ASCII body is refused alike (the parser would decode it as UTF-16 and call it malformed).
    const declaredOnly = await Promise.all(
      ['utf-16', 'utf-16be', 'utf-32'].flatMap((charset) => [
        send('POST', '/v1/session', { 'content-type': `application/json; charset=${charset}` }, JSON.stringify({ username: 'admin', password: DEV_USER_PASSWORD })),
        send('POST', '/codec/decode', { authorization: `Bearer ${sys.keys.operator}`, 'content-type': `application/json; charset=${charset}` }, '{"payloads":[]}'),
      ]),
    );
    // A quoted parameter holding `;charset=utf-8` before the real charset: read as the parsers read it.
    const disguised = 'application/json; x="a;charset=utf-8"; charset=utf-16le';
    const hidden = await send('POST', '/v1/session', { 'content-type': disguised }, new Uint8Array(Buffer.from(`["\u0122",${'['.repeat(60_000)}${']'.repeat(60_000)},"\u0122"]`, 'utf16le')));
    const hiddenTwice = await send('POST', '/v1/session', { 'content-type': disguised }, new Uint8Array(Buffer.from('{"\u0122":0,"username":"a","username":"admin","\u0122":0}', 'utf16le')));
    const hiddenForm = await send('POST', '/tra-cuu/danh-gia', { 'content-type': 'application/x-www-form-urlencoded; x="a;charset=utf-8"; charset=iso-8859-1' }, 'ma=x&k=y&score=5');
    for (const res of [plain, latin1, utf16, signIn, ...declaredOnly, hidden, hiddenTwice, hiddenForm]) expect({ status: res.status, title: res.body.title }).toEqual({ status: 415, title: 'Unsupported media type' });
    // The rating form reads its fields: a bad case code is named (422), not refused for its type.
    const form = await send('POST', '/tra-cuu/danh-gia', { 'content-type': 'application/x-www-form-urlencoded' }, 'ma=x&k=y&score=5');
    expect({ status: form.status, errors: form.body.errors }).toEqual({ status: 422, errors: [{ path: 'ma', message: expect.any(String) }] });
  });

  test('When a body is refused before any route reads it (malformed JSON, too large, another charset), then the problem still carries Cache-Control: no-store', async () => {
    const desk = { authorization: `Bearer ${sys.keys.desk[OFFICE]}` };
    const answers = [
      await send('POST', '/v1/cases', { ...desk, 'content-type': 'application/json' }, '{'),
      await send('POST', '/v1/cases', { ...desk, 'content-type': 'application/json' }, JSON.stringify({ x: 'y'.repeat(300_000) })),
      await send('POST', '/v1/cases', { ...desk, 'content-type': 'application/json; charset=latin1' }, '{}'),
      await send('POST', '/v1/session', { 'content-type': 'application/json' }, '{'),
      await send('POST', '/codec/decode', { authorization: `Bearer ${sys.keys.operator}`, 'content-type': 'application/json' }, '{'),
    ];
    expect(answers.map((r) => ({ status: r.status, cache: r.headers.get('cache-control') }))).toEqual(
      [400, 413, 415, 400, 400].map((status) => ({ status, cache: 'no-store' })),
    );
  });

  test.each(['null', '[1,2]', '1', '"text"', 'true'])('When a JSON body is %s, not an object, then every JSON route answers 422 naming the body', async (json) => {
    const answers: unknown[] = [];
    const expected: unknown[] = [];
    for (const r of (await bodyRoutes()).filter((x) => !x.form)) {
      const res = await send(r.method, r.url, { ...r.headers, 'content-type': 'application/json' }, json);
      answers.push({ route: `${r.method} ${r.url}`, status: res.status, errors: res.body?.errors });
      expected.push({ route: `${r.method} ${r.url}`, status: 422, errors: expect.arrayContaining([{ path: '', message: 'must be a JSON object' }]) });
    }
    expect(answers).toEqual(expected);
  });

  test('When a JSON body gives a field twice (once escaped, nested too), then every JSON route answers 422 naming each, before it reads the body', async () => {
    const answers: unknown[] = [];
    const expected: unknown[] = [];
    for (const r of (await bodyRoutes()).filter((x) => !x.form)) {
      const res = await send(r.method, r.url, { ...r.headers, 'content-type': 'application/json' }, '{"a":1,"\\u0061":1,"b":[{"c":1,"c":2}]}');
      answers.push({ route: `${r.method} ${r.url}`, status: res.status, type: res.type, errors: res.body?.errors });
      expected.push({ route: `${r.method} ${r.url}`, status: 422, type: 'application/problem+json; charset=utf-8', errors: [{ path: 'a', message: 'must be given once' }, { path: 'b[0].c', message: 'must be given once' }] });
    }
    expect(answers).toEqual(expected);
  });

  test('When a declared path is called with a method it does not have, then 405 problem+json lists the declared methods in Allow', async () => {
    const answers: unknown[] = [];
    const expected: unknown[] = [];
    const order = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];
    for (const d of await declaredPaths(sys)) {
      const declared = d.methods.map((m) => m.toUpperCase());
      const allow = order.filter((m) => declared.includes(m) || (m === 'HEAD' && declared.includes('GET'))).join(', ');
      for (const method of ['PATCH', ...order.filter((m) => !allow.includes(m))]) {
        const res = await sys.call(method, fill(d.path), { key: sys.keys.operator });
        answers.push({ method, path: d.path, status: res.status, allow: res.headers.get('allow'), type: res.headers.get('content-type') });
        expected.push({ method, path: d.path, status: 405, allow, type: 'application/problem+json; charset=utf-8' });
      }
    }
    expect(answers).toEqual(expected);
  });

  test('When PATCH /v1/cases or PUT /v1/cases/{code} is sent, or a console page is posted to, then 405 with Allow; an unknown path is still 404', async () => {
    const patch = await sys.call('PATCH', '/v1/cases', { key: sys.keys.operator, body: {} });
    const put = await sys.call('PUT', `/v1/cases/${CASE_CODE}`, { key: sys.keys.operator, body: {} });
    expect([patch.status, patch.headers.get('allow'), patch.body.title]).toEqual([405, 'GET, HEAD, POST', 'Method not allowed']);
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await sys.call('GET', '/v1/nothing-here', { key: sys.keys.operator })).status).toBe(404);
    // The console's pages and assets are only read.
    for (const [method, path] of [['POST', '/console/'], ['DELETE', '/console/index.html'], ['PUT', '/console/assets/app.js']]) {
      const res = await sys.call(method!, path!);
      expect({ method, status: res.status, allow: res.headers.get('allow') }).toEqual({ method, status: 405, allow: 'GET, HEAD' });
    }
  });

  test('When a call has no key, a wrong key or an ended session, then its 401 carries a Bearer challenge (invalid_token for a wrong key), and a live session still works', async () => {
    const realm = 'Bearer realm="lien-thong"';
    const none = await sys.call('GET', '/v1/cases');
    const wrong = await sys.call('GET', '/v1/cases', { key: 'ltk_wrong_key_0000000000000000000000' });
    const ended = await sys.call('GET', '/v1/cases', { headers: { cookie: `ltk_session=${'A'.repeat(43)}` } });
    const codec = await sys.call('POST', '/codec/decode', { body: { payloads: [] } });
    const codecWrong = await sys.call('POST', '/codec/decode', { key: 'ltk_wrong_key_0000000000000000000000', body: { payloads: [] } });
    expect([none, wrong, ended, codec, codecWrong].map((r) => [r.status, r.headers.get('www-authenticate')])).toEqual([
      [401, realm],
      [401, `${realm}, error="invalid_token"`],
      [401, realm],
      [401, realm],
      [401, `${realm}, error="invalid_token"`],
    ]);
    const signedIn = await sys.call('POST', '/v1/session', { body: { username: 'operator', password: DEV_USER_PASSWORD } });
    const cookie = /^(ltk_session=[^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]!;
    expect((await sys.call('GET', '/v1/cases', { headers: { cookie } })).status).toBe(200);
    expect((await sys.call('GET', '/v1/session', { headers: { cookie } })).status).toBe(200);
  });

  test('When a body has unknown field names with a NUL, a lone surrogate, a bidi override or 5,000 characters, then the problem names them escaped and shortened, never raw', async () => {
    const long = 'k'.repeat(5_000);
    const res = await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body: { ...deathRequest(), 'x\u0000\ud800': 1, 'a\u202eb\u200bc': 2, [long]: 3 } });
    expect(res.status).toBe(422);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['x\\u0000\\ud800', 'a\\u202eb\\u200bc', expect.stringMatching(/^k{100}…$/)]));
    // eslint-disable-next-line no-control-regex
    for (const p of paths) expect(p).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u200b-\u200f\ud800-\udfff]/);
  });

  test('When a date in a query or a cursor lies outside the years the calendar covers (0000, 0001, 9999, in Vietnam), then every declared route taking one answers 422 naming it, never 5xx', async () => {
    const doc = (await sys.call('GET', '/openapi.json')).body as { paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }> };
    const dated = Object.entries(doc.paths).flatMap(([path, item]) =>
      (item.get?.parameters ?? []).filter((p) => p.in === 'query' && /^(from|to|received(From|To))$/.test(p.name)).map((p) => ({ path, name: p.name })),
    );
    expect(dated.map((d) => `${d.path}?${d.name}`)).toEqual(
      expect.arrayContaining(['/v1/cases?receivedFrom', '/v1/access-log?from', '/v1/codec/access-log?to', '/v1/offices/{officeCode}/tracking-book?from', '/v1/statistics/ratings?from']),
    );
    const answers: unknown[] = [];
    const expected: unknown[] = [];
    for (const { path, name } of dated) {
      for (const bad of ['0000-01-01', '0001-01-01', '9999-12-31', '0000-01-01T00:00:00Z']) {
        if (bad.includes('T') && !/access-log/.test(path)) continue; // only the logs take instants
        const url = `${fill(path)}?${name}=${bad}`;
        const res = await sys.call('GET', url, { key: path.includes('tracking-book') ? sys.keys.desk[OFFICE] : sys.keys.operator });
        answers.push({ url, status: res.status, named: ((res.body?.errors ?? []) as { path: string }[]).some((e) => e.path === name) });
        expected.push({ url, status: 422, named: true });
      }
    }
    expect(answers).toEqual(expected);
    // Nor does a forged cursor carrying such an instant reach PostgreSQL.
    const cursorAt = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
    for (const [path, id] of [['/v1/cases', `${OFFICE}-261207-0007`], ['/v1/access-log', '7f1d6c39-1f7e-4a40-9d0e-3a2c1f9b8e11'], ['/v1/codec/access-log', '7f1d6c39-1f7e-4a40-9d0e-3a2c1f9b8e11']] as const) {
      for (const at of ['0000-01-01T00:00:00Z', '2101-01-01T00:00:00Z']) {
        const res = await sys.call('GET', `${path}?cursor=${cursorAt(at, id)}`, { key: sys.keys.operator });
        expect({ path, at, status: res.status, errors: res.body?.errors }).toEqual({ path, at, status: 422, errors: [{ path: 'cursor', message: 'not a cursor returned by this API' }] });
      }
    }
    // Removing a calendar decision of such a day is refused as adding one is (it was 404 "no override").
    const removal = await sys.call('DELETE', '/v1/calendar/overrides?date=0000-01-01', { key: sys.keys.operator });
    expect({ status: removal.status, errors: removal.body.errors }).toEqual({ status: 422, errors: [{ path: 'date', message: 'must be a date YYYY-MM-DD within 1990–2100' }] });
    for (const year of ['0000', '0', '2101']) {
      expect((await sys.call('GET', `/v1/calendar?year=${year}`, { key: sys.keys.operator })).body.errors).toEqual([{ path: 'year', message: 'must be a year 1990–2100' }]);
    }
    // An instant's year is its day in Vietnam: 17:00 UTC on 31/12/1989 is already 1990 there.
    expect((await sys.call('GET', '/v1/access-log?from=1989-12-31T17:00:00Z', { key: sys.keys.operator })).status).toBe(200);
    expect((await sys.call('GET', '/v1/access-log?from=1990-01-01T00:00:00%2B14:00', { key: sys.keys.operator })).status).toBe(422);
  });

  test('When an access log is asked for a period that ends before it starts, then 422 names `to`, as the other lists do', async () => {
    for (const path of ['/v1/access-log', '/v1/codec/access-log']) {
      const res = await sys.call('GET', `${path}?from=2026-12-07&to=2026-12-01`, { key: sys.keys.operator });
      expect({ path, status: res.status, errors: res.body.errors }).toEqual({ path, status: 422, errors: [{ path: 'to', message: 'must not be before from' }] });
    }
  });

  test('When a /v1 route that declares no query parameter is sent one, then 422 names it, as a declared query refuses an unknown name; pages, probes and the codec server ignore it', async () => {
    const code = (await sys.openCase(deathRequest())).caseCode;
    const desk = sys.keys.desk[OFFICE];
    const answers = [
      await sys.call('GET', `/v1/cases/${code}?zzz=1`, { key: desk }),
      await sys.call('GET', `/v1/cases/${code}/forms/receipt?format=json&zzz=1`, { key: desk }),
      await sys.call('POST', '/v1/cases?zzz=1', { key: desk, body: deathRequest() }),
    ];
    expect(answers.map((r) => ({ status: r.status, paths: (r.body?.errors as { path: string }[] | undefined)?.map((e) => e.path) }))).toEqual([
      { status: 422, paths: ['zzz'] },
      { status: 422, paths: ['zzz'] },
      { status: 422, paths: ['zzz'] },
    ]);
    // Pages, probes and the codec server ignore what links, monitors and the Web UI add.
    for (const url of ['/healthz?x=1', '/readyz?x=1', '/openapi.json?x=1', '/console/config.json?x=1', '/codec?x=1', '/tra-cuu/tracking.css?v=2']) {
      expect({ url, status: (await fetch(`${sys.apiUrl}${url}`)).status }).toEqual({ url, status: 200 });
    }
  });
});
