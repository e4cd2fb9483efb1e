import { DEV_USER_PASSWORD } from '../../scripts/dev-system';
import { deathRequest, OFFICE, receiptDay } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

// A JSON body in which an object gives a field twice ({"fullName":"A","fullName":"B"}) would be
// read as its last value without a word: every JSON door refuses it with 422 naming each such
// field, before anything is stored, started or applied.

const once = (path: string) => ({ path, message: 'must be given once' });

describe('a field given twice in a JSON body', () => {
  let sys: TestSystem;
  const desk = () => sys.keys.desk[OFFICE]!;
  const countStored = async () => ({
    cases: await sys.db.case.count(),
    steps: await sys.db.step.count(),
    dossiers: await sys.db.dossier.count(),
    events: await sys.db.caseEvent.count(),
    idempotencyKeys: await sys.db.idempotencyKey.count(),
  });

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual', devUsers: true });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a receipt gives the applicant’s name twice and the channel twice (once escaped, with the same value), then 422 problem+json names both, nothing is stored or started, and its Idempotency-Key stays free', async () => {
    const before = await countStored();
    const body = deathRequest();
    const text = JSON.stringify(body)
      .replace(`"fullName":"${body.applicant.fullName}"`, `"fullName":"${body.applicant.fullName}","fullName":"Trần Thị Bích"`)
      .replace(/\}$/, ',"\\u0063hannel":"desk"}');
    expect(JSON.parse(text)).toEqual({ ...body, applicant: { ...body.applicant, fullName: 'Trần Thị Bích' } });
    const headers = { 'Idempotency-Key': `duplicate-fields-${Date.now()}` };
    const res = await sys.call('POST', '/v1/cases', { key: desk(), body: text, headers });
    expect({ status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control') }).toEqual({ status: 422, type: 'application/problem+json; charset=utf-8', cache: 'no-store' });
    expect(res.body).toEqual({
      type: 'https://lien-thong.example/problems/validation-failed',
      title: 'Validation failed',
      status: 422,
      detail: 'An object in the JSON body gives a field more than once; every such field is listed in errors.',
      errors: [once('applicant.fullName'), once('channel')],
    });
    expect(await countStored()).toEqual(before);
    const started = await sys.client.workflow.count(`TaskQueue = "${sys.taskQueue}"`).catch(() => undefined);
    if (started) expect(started.count).toBe(0);
    // The same request without the second values is received, under the same key: it was never used.
    const valid = await sys.call('POST', '/v1/cases', { key: desk(), body, headers });
    expect({ status: valid.status, replayed: valid.headers.get('idempotent-replayed') }).toEqual({ status: 201, replayed: null });
  });

  test('When an agency’s completion gives a result field twice, then 422 names it, the step stays DISPATCHED with no action recorded, and the same key then completes it', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    await waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'death-registration')?.status === 'DISPATCHED' ? true : undefined), 'dispatch');
    const events = await sys.db.caseEvent.count({ where: { caseCode } });
    const result = { extractNumber: '12/2026', extractDate: receiptDay(caseCode), registerBook: 'KT-01' };
    const text = JSON.stringify({ result }).replace('"extractNumber":"12/2026"', '"extractNumber":"12/2026","extractNumber":"13/2026"');
    const headers = { 'Idempotency-Key': `${caseCode}:complete` };
    const url = `/v1/cases/${caseCode}/steps/death-registration/complete`;
    const refused = await sys.call('POST', url, { key: sys.keys.agencies['CIVIL-BA-DINH'], body: text, headers });
    expect({ status: refused.status, errors: refused.body.errors }).toEqual({ status: 422, errors: [once('result.extractNumber')] });
    expect((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === 'death-registration')).toMatchObject({ status: 'DISPATCHED' });
    expect(await sys.db.caseAction.count({ where: { caseCode } })).toBe(0);
    expect(await sys.db.caseEvent.count({ where: { caseCode } })).toBe(events);
    const applied = await sys.call('POST', url, { key: sys.keys.agencies['CIVIL-BA-DINH'], body: { result }, headers });
    expect({ status: applied.status, step: applied.body.status }).toEqual({ status: 200, step: 'COMPLETED' });
  });

  test('When a desk’s withdrawal gives its reason twice, then 422 names it and the case stays open', async () => {
    const { caseCode } = await sys.openCase(deathRequest(), desk());
    const res = await sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: desk(), body: '{"reason":"Gia đình rút hồ sơ","reason":"nhầm"}' });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 422, errors: [once('reason')] });
    expect((await sys.getCase(caseCode)).status).not.toBe('WITHDRAWN');
    expect(await sys.db.caseAction.count({ where: { caseCode } })).toBe(0);
  });

  test('When a body nests deeper than any request needs, then 422 names where, never a 5xx, and nothing is stored', async () => {
    // What a receipt stores (the cases of the tests above still write their own events and steps).
    const receipts = async () => ({ cases: await sys.db.case.count(), dossiers: await sys.db.dossier.count(), idempotencyKeys: await sys.db.idempotencyKey.count() });
    const before = await receipts();
    // 100,000 levels fit in 256 kB; the door's checks walk a body, and must not overflow on it.
    for (const deep of [`{"applicant":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, `{"applicant":{"fullName":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}}`]) {
      const res = await sys.call('POST', '/v1/cases', { key: desk(), body: deep });
      expect({ status: res.status, detail: res.body.detail }).toEqual({ status: 422, detail: expect.stringContaining('nests deeper than 32 levels') });
      expect(res.body.errors).toEqual([{ path: expect.stringMatching(/^applicant/), message: 'nests too deeply' }]);
    }
    // Shallower nesting is read as usual (refused here for its shape, not its depth).
    const shallow = await sys.call('POST', '/v1/cases', { key: desk(), body: `{"applicant":${'['.repeat(20)}${']'.repeat(20)}}` });
    expect(shallow.status).toBe(422);
    expect(shallow.body.detail).not.toContain('nests deeper');
    expect(await receipts()).toEqual(before);
  });

  test('When a sign-in gives the username twice, then 422 names it and no session is opened', async () => {
    const res = await sys.call('POST', '/v1/session', { body: `{"username":"operator","username":"admin","password":${JSON.stringify(DEV_USER_PASSWORD)}}` });
    expect({ status: res.status, errors: res.body.errors, cookie: res.headers.get('set-cookie') }).toEqual({ status: 422, errors: [once('username')], cookie: null });
  });

  test('When the codec server is sent several megabytes of payloads, then it decodes them; with a field twice anywhere in them, 422 names its path', async () => {
    const payload = { metadata: { encoding: Buffer.from('binary/plain').toString('base64') }, data: Buffer.alloc(48_000, 7).toString('base64') };
    const payloads = Array.from({ length: 80 }, () => payload);
    const send = (text: string) =>
      fetch(`${sys.apiUrl}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', authorization: `Bearer ${sys.keys.operator}` }, body: text }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const text = JSON.stringify({ payloads });
    expect(text.length).toBeGreaterThan(5_000_000);
    const decoded = await send(text);
    expect({ status: decoded.status, count: decoded.body.payloads.length }).toEqual({ status: 200, count: 80 });
    const last = text.lastIndexOf('"data":');
    const twice = `${text.slice(0, last)}"\\u0064ata":"",${text.slice(last)}`;
    const refused = await send(twice);
    expect({ status: refused.status, errors: refused.body.errors }).toEqual({ status: 422, errors: [once('payloads[79].data')] });
  });
});
