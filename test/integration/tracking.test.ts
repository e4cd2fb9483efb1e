import type { Server } from 'node:http';
import QRCode from 'qrcode';
import { createApp } from '../../api/app';
import { ratingCodeOf } from '../../api/tracking/rating-code';
import { instantAt, localDateOf } from '../../domain';
import { readPdf } from '../helpers/pdf-text';
import { deathRequest, OFFICE, OTHER_OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

// The applicant's page (/tra-cuu) and the rating of the service, over the real API, PostgreSQL and
/**
 * The QR code drawn on a slip's first page, read back as a module grid: its dark runs are the
 * page's rectangles whose height is one module (forms/pdf/document.ts drawQr), laid on a square grid.
 */
function qrDrawnOn(contents: string): boolean[][] {
  const rects = [...contents.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]);
  const heights = new Map<string, number>();
  for (const r of rects) heights.set(r[3].toFixed(3), (heights.get(r[3].toFixed(3)) ?? 0) + 1);
  const cell = Number([...heights.entries()].sort((a, b) => b[1] - a[1])[0]![0]);
  const modules = rects.filter((r) => Math.abs(r[3] - cell) < 1e-3);
  const x0 = Math.min(...modules.map((r) => r[0]));
  const y0 = Math.min(...modules.map((r) => r[1]));
  const n = Math.round((Math.max(...modules.map((r) => r[1])) - y0) / cell) + 1;
  const grid = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  for (const [x, y, w] of modules) {
    const row = Math.round((y - y0) / cell);
    const from = Math.round((x - x0) / cell);
    for (let c = from; c < from + Math.round(w / cell); c++) grid[row]![c] = true;
  }
  return grid;
}

const qrOf = (text: string): boolean[][] => {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, r) => Array.from({ length: modules.size }, (_, c) => Boolean(modules.get(r, c))));
};

// Temporal: what the page shows and never shows, the QR code's address on the slips, the rating
// once per case after the result was returned, the ratings' figures and the per-address limit.

const RATING_SECRET = 'test-rating-secret-0123456789-abcdefghij';
const DEATH_EXTRACT = { extractNumber: '4711/TLKT', get extractDate() { return todayInVietnam(); }, registerBook: 'KT-Q9' };
const COMMENT = 'Cán bộ hướng dẫn tận tình, thủ tục nhanh.';

describe('the applicant’s tracking page and rating', () => {
  let sys: TestSystem;
  const desk = () => sys.keys.desk[OFFICE]!;

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual', tracking: { ratingSecret: RATING_SECRET }, limits: { perKeyPerMinute: 6000, authFailuresPerMinute: 30, publicLookupsPerMinute: 1000 } });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const page = async (query: string, init: RequestInit = {}) => {
    const res = await fetch(`${sys.apiUrl}/tra-cuu${query}`, { redirect: 'manual', ...init });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const rate = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${sys.apiUrl}/tra-cuu/danh-gia`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
      body: new URLSearchParams(fields).toString(),
    }).then(async (res) => ({ status: res.status, headers: res.headers, text: await res.text() }));

  /** Every personal string of the dossier deathRequest builds. */
  const personalStrings = (request: ReturnType<typeof deathRequest>) => [
    request.applicant.fullName,
    request.applicant.personalId,
    request.applicant.phone,
    request.deceased.fullName,
    request.deceased.personalId,
    'Hòe Nhai',
    'Bạch Mai',
    '1950',
    '14/03/1950',
    DEATH_EXTRACT.extractNumber,
    DEATH_EXTRACT.registerBook,
  ];

  async function returnedCase(): Promise<{ caseCode: string; request: ReturnType<typeof deathRequest> }> {
    const request = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
    const { caseCode } = await sys.openCase(request, desk());
    expect((await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: DEATH_EXTRACT })).status).toBe(200);
    expect((await sys.actAsAgency(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: todayInVietnam() } })).status).toBe(200);
    await sys.waitForCase(caseCode, ['COMPLETED']);
    const handover = await sys.call('POST', `/v1/cases/${caseCode}/handover`, { key: desk(), body: { method: 'desk', recipient: { relationship: 'applicant' } } });
    expect(handover.status).toBe(200);
    return { caseCode, request };
  }

  test('When an apology moved the appointment, then the page shows the new date and the first one, and still no personal data', async () => {
    const request = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
    const { caseCode } = await sys.openCase(request, desk());
    await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: DEATH_EXTRACT });
    // The police step now waits on its agency: no more events come, so the one written here cannot collide.
    const last = await waitFor(async () => {
      const rows = await sys.db.caseEvent.findMany({ where: { caseCode }, orderBy: { seq: 'desc' }, take: 1 });
      return rows[0]?.type === 'DISPATCHED' && rows[0].stepId === 'residence-deregistration' ? rows[0] : undefined;
    }, 'the police dispatch in the ledger');
    const first = (await sys.getCase(caseCode)).appointmentAt as string;
    const next = new Date(Date.parse(first) + 3 * 86_400_000);
    const seq = last.seq + 1;
    // What the workflow writes when the legal clock issues the apology (test/integration/legal-clock.test.ts proves it does).
    await sys.db.caseEvent.create({
      data: {
        id: `${caseCode}#${seq}`,
        caseCode,
        seq,
        type: 'APOLOGY_ISSUED',
        stepId: null,
        actor: `desk:${OFFICE}`,
        fromParty: `desk:${OFFICE}`,
        toParty: 'applicant',
        at: new Date(),
        details: { previousAppointmentAt: first, newAppointmentAt: next.toISOString(), lateSteps: ['residence-deregistration'] },
      },
    });
    await sys.db.case.update({ where: { code: caseCode }, data: { appointmentAt: next, apologyIssuedAt: new Date() } });

    const vi = await page(`?ma=${encodeURIComponent(caseCode)}`);
    expect(vi.status).toBe(200);
    const dayOf = (iso: string) => localDateOf(new Date(iso)).split('-').reverse().join('/');
    expect(vi.text).toMatch(new RegExp(`class="apology">Cơ quan giải quyết đã xin lỗi và hẹn lại ngày trả kết quả: [0-9:]+ ${dayOf(next.toISOString())} \\(hẹn ban đầu: [0-9:]+ ${dayOf(first)}\\)`));
    for (const s of personalStrings(request)) expect(vi.text).not.toContain(s);
    const en = await page(`?ma=${encodeURIComponent(caseCode)}&lang=en`);
    expect(en.text).toContain('apologised for the delay and set a new date');
  });

  test('When the applicant opens the page of a case in progress, then it shows the status, the appointment and each step with its agency, and no personal data; English with lang=en', async () => {
    const request = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
    const { caseCode } = await sys.openCase(request, desk());
    await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: DEATH_EXTRACT });
    const c = await sys.getCase(caseCode);

    const vi = await page(`?ma=${encodeURIComponent(caseCode)}`);
    expect(vi.status).toBe(200);
    expect(vi.headers.get('content-type')).toContain('text/html');
    expect(vi.headers.get('cache-control')).toBe('no-store');
    expect(vi.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(vi.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect(vi.text).toContain('<html lang="vi">');
    expect(vi.text).toContain(caseCode);
    expect(vi.text).toContain('data-status="IN_PROGRESS"');
    expect(vi.text).toContain('Đang giải quyết');
    expect(vi.text).toContain('Đăng ký khai tử');
    expect(vi.text).toMatch(/data-step="death-registration" data-state="COMPLETED"[\s\S]*Đã có kết quả/);
    expect(vi.text).toMatch(/data-step="residence-deregistration" data-state="(PENDING|SENDING|DISPATCHED)"/);
    // The appointment, as the slips write it (hh:mm dd/mm/yyyy, Vietnam time).
    const appointment = new Date(c.appointmentAt);
    const [y, m, d] = localDateOf(appointment).split('-');
    expect(vi.text).toContain(`${d}/${m}/${y}`);
    expect(vi.text).toContain('Chưa có kết quả.');
    // No script, no external asset; the stylesheet is the API's own.
    expect(vi.text).not.toMatch(/<script|https?:\/\//i);
    expect(vi.text).toContain('<link rel="stylesheet" href="/tra-cuu/tracking.css">');
    // The result is not ready: no rating form.
    expect(vi.text).not.toContain('id="rating"');
    for (const s of personalStrings(request)) expect(vi.text).not.toContain(s);

    const en = await page(`?ma=${encodeURIComponent(caseCode)}&lang=en`);
    expect(en.status).toBe(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('In progress');
    expect(en.text).toContain('Death registration');
    for (const s of personalStrings(request)) expect(en.text).not.toContain(s);

    const css = await fetch(`${sys.apiUrl}/tra-cuu/tracking.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('.card');
  });

  test('When the code is unknown, then a 404 page says not found and reveals nothing; a malformed code is a 422 page; no code shows the lookup form', async () => {
    const unknown = await page('?ma=001.01.01.H26-991231-9999');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Không tìm thấy hồ sơ');
    // Nothing of any case: no status, no step, no office.
    expect(unknown.text).not.toMatch(/data-status|data-step|Bộ phận/);
    const otherUnknown = await page('?ma=002.01.01.H26-991231-9998');
    expect(otherUnknown.text.replace('002.01.01.H26-991231-9998', 'X')).toBe(unknown.text.replace('001.01.01.H26-991231-9999', 'X'));

    const malformed = await page('?ma=%3Cscript%3E');
    expect(malformed.status).toBe(422);
    expect(malformed.text).toContain('aria-invalid="true"');
    expect(malformed.text).toContain('&lt;SCRIPT&gt;');
    expect(malformed.text).not.toContain('<SCRIPT>');

    const empty = await page('');
    expect(empty.status).toBe(200);
    expect(empty.text).toMatch(/<label for="ma">Mã hồ sơ<\/label>/);
  });

  test('When the desk prints the receipt, then its QR code leads to the tracking page with the rating code, which is printed too; other slips lead to the page without it', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    const code = ratingCodeOf(RATING_SECRET, caseCode);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const receipt = await sys.call('GET', `/v1/cases/${caseCode}/forms/receipt`, { key: desk() });
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({ ratingCode: code, trackingUrl: `${sys.apiUrl}/tra-cuu?ma=${encodeURIComponent(caseCode)}&k=${code}` });
    const control = await sys.call('GET', `/v1/cases/${caseCode}/forms/process-control`, { key: desk() });
    expect(control.body.trackingUrl).toBe(`${sys.apiUrl}/tra-cuu?ma=${encodeURIComponent(caseCode)}`);
    expect(control.body.ratingCode).toBeUndefined();

    const pdf = await fetch(`${sys.apiUrl}/v1/cases/${caseCode}/forms/receipt?format=pdf`, { headers: { authorization: `Bearer ${desk()}` } });
    const pages = readPdf(Buffer.from(await pdf.arrayBuffer()));
    const text = pages.map((p) => p.text).join('\n');
    expect(text).toContain(`Mã đánh giá sự hài lòng: ${code.slice(0, 5)}-${code.slice(5)}`);
    // The case code stays printed as text.
    expect(text).toContain(caseCode);
    // The QR code drawn is exactly the code of the tracking page's address with the rating code.
    expect(qrDrawnOn(pages[0]!.contents)).toEqual(qrOf(receipt.body.trackingUrl));
    expect(qrDrawnOn(pages[0]!.contents)).not.toEqual(qrOf(caseCode));
    const controlPdf = await fetch(`${sys.apiUrl}/v1/cases/${caseCode}/forms/process-control?format=pdf`, { headers: { authorization: `Bearer ${desk()}` } });
    expect(qrDrawnOn(readPdf(Buffer.from(await controlPdf.arrayBuffer()))[0]!.contents)).toEqual(qrOf(control.body.trackingUrl));
  });

  test('When the result was not returned yet, then a rating is refused (409) even with the right code', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), desk());
    const res = await rate({ ma: caseCode, k: ratingCodeOf(RATING_SECRET, caseCode), score: '5' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Chỉ có thể đánh giá sau khi đã nhận kết quả.');
    const json = await rate({ ma: caseCode, k: ratingCodeOf(RATING_SECRET, caseCode), score: '5' }, { accept: 'application/json' });
    expect(json.status).toBe(409);
    expect(json.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.parse(json.text)).toMatchObject({ status: 409, code: 'NOT_RETURNED' });
    expect(await sys.db.rating.count({ where: { caseCode } })).toBe(0);
  });

  test('When the result was returned, then the page offers the rating form; a wrong code and bad fields are refused and named, the right one is accepted once, and the comment is never logged', async () => {
    const { caseCode, request } = await returnedCase();
    const k = ratingCodeOf(RATING_SECRET, caseCode);
    const returned = await page(`?ma=${encodeURIComponent(caseCode)}&k=${k}`);
    expect(returned.status).toBe(200);
    expect(returned.text).toContain('data-returned="true"');
    expect(returned.text).toContain('Đã trả kết quả lúc');
    expect(returned.text).toContain('id="rating"');
    expect(returned.text).toContain(`<input type="hidden" name="k" value="${k}">`);
    for (let n = 1; n <= 5; n++) expect(returned.text).toContain(`<input type="radio" id="score-${n}" name="score" value="${n}" required>`);
    expect(returned.text).toContain('<label for="comment">');
    for (const s of personalStrings(request)) expect(returned.text).not.toContain(s);
    // Without k, the applicant types the code from the slip.
    expect((await page(`?ma=${encodeURIComponent(caseCode)}`)).text).toContain('<label for="k">');

    const wrong = await rate({ ma: caseCode, k: ratingCodeOf('another-secret-0123456789-0123456789', caseCode), score: '4' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('Mã đánh giá không đúng');
    expect(wrong.text).toContain('id="k-error"');
    const wrongJson = await rate({ ma: caseCode, k: 'AAAAABBBBB', score: '4' }, { accept: 'application/problem+json' });
    expect(wrongJson.status).toBe(403);
    expect(JSON.parse(wrongJson.text)).toMatchObject({ status: 403, errors: [{ path: 'k' }] });

    const bad = await rate({ ma: caseCode, k, score: '9', comment: `a\u0000b${'x'.repeat(10)}` });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="score-error"');
    expect(bad.text).toContain('id="comment-error"');
    const badJson = await rate({ ma: caseCode, k, score: '0', comment: 'y'.repeat(501) }, { accept: 'application/json' });
    expect(badJson.status).toBe(422);
    expect(JSON.parse(badJson.text).errors.map((e: { path: string }) => e.path).sort()).toEqual(['comment', 'score']);
    // Bytes that are not UTF-8 (here a lone surrogate's encoding) are refused, not kept as the percent text typed.
    const notUtf8 = await fetch(`${sys.apiUrl}/tra-cuu/danh-gia`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: `ma=${encodeURIComponent(caseCode)}&k=${k}&score=5&comment=a%ED%A0%80b`,
    });
    expect(notUtf8.status).toBe(422);
    expect(((await notUtf8.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['comment']);
    // A form declared in another charset is not read as that charset (it would be stored as mojibake): 415.
    for (const charset of ['latin1', 'utf-16', '"iso-8859-1"']) {
      const other = await fetch(`${sys.apiUrl}/tra-cuu/danh-gia`, {
        method: 'POST',
        headers: { 'content-type': `application/x-www-form-urlencoded; charset=${charset}`, accept: 'application/json' },
        body: `ma=${encodeURIComponent(caseCode)}&k=${k}&score=5&comment=caf%E9`,
      });
      expect({ charset, status: other.status, type: other.headers.get('content-type') }).toEqual({ charset, status: 415, type: expect.stringContaining('application/problem+json') });
    }
    const utf8 = await fetch(`${sys.apiUrl}/tra-cuu/danh-gia`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: 'application/json' }, body: `ma=${encodeURIComponent(caseCode)}&k=${k}&score=9` });
    expect(utf8.status).toBe(422);
    // Every other field (even one the form does not have) too, before the rating code is judged: nothing is stored.
    const form = (extra: string, accept = 'application/json') =>
      fetch(`${sys.apiUrl}/tra-cuu/danh-gia`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', accept }, body: `ma=${encodeURIComponent(caseCode)}&score=5&${extra}` });
    for (const [extra, field] of [[`k=${k}&lang=%FF`, 'lang'], [`k=${k}&x=%00`, 'x'], ['k=AB%00CDE12345', 'k'], [`k=${k}&comment=a%F0%9F%BF%BFb`, 'comment']]) {
      const res = await form(extra!);
      expect({ extra, status: res.status, paths: ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path) }).toEqual({ extra, status: 422, paths: [field] });
    }
    // A browser gets the case's form back with that field marked, not the code called malformed.
    const formInvalid = 'Biểu mẫu gửi lên không hợp lệ';
    for (const [extra, marked] of [
      ['k=AB%00CDE12345', 'id="k-error"'],
      [`k=${k}&lang=e%00n`, formInvalid],
      [`k=${k}&x=%00`, formInvalid],
      [`k=${k}&score=1`, 'id="score-error"'],
      [`k=${k}&comment=a&comment=b`, formInvalid],
      [`k=${k}&k=${k}`, 'id="k-error"'],
    ]) {
      const res = await form(extra!, 'text/html');
      const text = await res.text();
      expect({ extra, status: res.status, marked: text.includes(marked!), codeCalledBad: text.includes('Mã hồ sơ không đúng định dạng') }).toEqual({ extra, status: 422, marked: true, codeCalledBad: false });
    }
    // A field given twice is ambiguous: refused, neither value taken.
    for (const extra of [`k=${k}&score=1`, `k=${k}&comment=a&comment=b`]) {
      const res = await form(extra);
      expect({ extra, status: res.status, paths: ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path) }).toEqual({ extra, status: 422, paths: [extra.includes('score') ? 'score' : 'comment'] });
    }
    // The page sent back never carries the refused bytes raw.
    const sentBack = await form(`k=${k}&comment=R%E1%BA%A5t%00t%E1%BB%91t%E2%80%AE`, 'text/html');
    expect(sentBack.status).toBe(422);
    const html = await sentBack.text();
    expect(html).toContain('Rất\ufffdtốt\ufffd');
    expect([...html].filter((ch) => ch < ' ' && ch !== '\n' || ch === '\u202e')).toEqual([]);

    const crossSite = await rate({ ma: caseCode, k, score: '5' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    // A browser that sends no Sec-Fetch-Site still names the other site in Origin.
    const otherOrigin = await rate({ ma: caseCode, k, score: '1' }, { origin: 'http://evil.example' });
    expect(otherOrigin.status).toBe(403);
    expect(await sys.db.rating.count({ where: { caseCode } })).toBe(0);

    // Typed from paper: lower case and the dash are fine.
    const ok = await rate({ ma: caseCode, k: `${k.slice(0, 5).toLowerCase()}-${k.slice(5)}`, score: '4', comment: `  ${COMMENT}  ` });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/tra-cuu?ma=${encodeURIComponent(caseCode)}#danh-gia`);
    const stored = await sys.db.rating.findUnique({ where: { caseCode } });
    expect(stored).toMatchObject({ caseCode, officeCode: OFFICE, group: 'death', score: 4, comment: COMMENT });

    const after = await page(`?ma=${encodeURIComponent(caseCode)}&k=${k}`);
    expect(after.text).toContain('Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà đã góp ý.');
    expect(after.text).not.toContain('id="rating"');
    // The comment is shown to operators only, never on the public page.
    expect(after.text).not.toContain(COMMENT);

    const second = await rate({ ma: caseCode, k, score: '1', comment: 'khác' });
    expect(second.status).toBe(409);
    expect(second.text).toContain('đã được đánh giá trước đó');
    expect((await sys.db.rating.findUnique({ where: { caseCode } }))?.score).toBe(4);

    expect(sys.logLines.some((l) => l.includes('service rated'))).toBe(true);
    expect(sys.logLines.filter((l) => l.includes('tận tình') || l.includes('khác'))).toEqual([]);
  });

  test('When ratings were given, then GET /v1/statistics/ratings counts them: operators see every office and the comments (without case codes), a desk its own office and no comments', async () => {
    const today = localDateOf(new Date());
    const { caseCode } = await returnedCase();
    expect((await rate({ ma: caseCode, k: ratingCodeOf(RATING_SECRET, caseCode), score: '2' })).status).toBe(303);
    const expected = await sys.db.rating.groupBy({ by: ['score'], where: { officeCode: OFFICE }, _count: { _all: true } });
    const count = expected.reduce((n, g) => n + g._count._all, 0);

    const op = await sys.call('GET', `/v1/statistics/ratings?from=${today}&to=${today}&office=${OFFICE}`, { key: sys.keys.operator });
    expect(op.status).toBe(200);
    expect(op.body).toMatchObject({ from: today, to: today, officeCode: OFFICE, count });
    expect(op.body.distribution['2']).toBeGreaterThanOrEqual(1);
    expect(Object.values(op.body.distribution as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(count);
    expect(op.body.average).toBeGreaterThanOrEqual(1);
    expect(op.body.comments.some((c: { comment: string }) => c.comment === COMMENT)).toBe(true);
    expect(JSON.stringify(op.body.comments)).not.toContain(caseCode);

    const deskView = await sys.call('GET', `/v1/statistics/ratings?from=${today}&to=${today}`, { key: desk() });
    expect(deskView.status).toBe(200);
    expect(deskView.body).toMatchObject({ officeCode: OFFICE, count });
    expect(deskView.body.comments).toBeUndefined();
    expect((await sys.call('GET', `/v1/statistics/ratings?from=${today}&to=${today}&office=${OTHER_OFFICE}`, { key: desk() })).status).toBe(403);
    expect((await sys.call('GET', `/v1/statistics/ratings?from=${today}&to=${today}`, { key: sys.keys.agencies['CIVIL-BA-DINH'] })).status).toBe(403);
    const bad = await sys.call('GET', `/v1/statistics/ratings?from=${today}&to=2000-01-01`, { key: sys.keys.operator });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: 'to', message: 'must not be before from' }]);
    const none = await sys.call('GET', '/v1/statistics/ratings?from=2001-01-01&to=2001-01-31', { key: sys.keys.operator });
    expect(none.body).toMatchObject({ count: 0, average: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, comments: [] });
  });

  test('When a case received in the period was rated, then the statistics summary of that period counts the rating in its office row and the total, and the step view carries none', async () => {
    const today = localDateOf(new Date());
    const { caseCode } = await returnedCase();
    expect((await rate({ ma: caseCode, k: ratingCodeOf(RATING_SECRET, caseCode), score: '4' })).status).toBe(303);
    const rated = await sys.db.rating.findMany({ where: { officeCode: OFFICE, case: { receivedAt: { gte: instantAt(today, '00:00') } } }, select: { score: true } });
    const average = Math.round((rated.reduce((n, r) => n + r.score, 0) / rated.length) * 100) / 100;

    const summary = await sys.call('GET', `/v1/statistics/summary?from=${today}&to=${today}`, { key: sys.keys.operator });
    expect(summary.status).toBe(200);
    const row = summary.body.rows.find((r: { key: string }) => r.key === OFFICE);
    expect(row).toMatchObject({ ratingCount: rated.length, ratingAverage: average });
    expect(summary.body.total.ratingCount).toBeGreaterThanOrEqual(rated.length);
    const byChannel = await sys.call('GET', `/v1/statistics/summary?from=${today}&to=${today}&groupBy=channel&office=${OFFICE}`, { key: sys.keys.operator });
    expect(byChannel.body.total).toMatchObject({ ratingCount: rated.length, ratingAverage: average });
    const bySteps = await sys.call('GET', `/v1/statistics/summary?from=${today}&to=${today}&groupBy=agency`, { key: sys.keys.operator });
    expect(bySteps.body.total.ratingCount).toBeUndefined();
    const other = await sys.call('GET', '/v1/statistics/summary?from=2001-01-01&to=2001-01-31', { key: sys.keys.operator });
    expect(other.body.total).toMatchObject({ ratingCount: 0, ratingAverage: null });
  });

  test('When one address looks up more codes than PUBLIC_LOOKUPS_PER_MINUTE allows, then it gets a 429 page with Retry-After', async () => {
    // The same API over the same database, with a limit of 3 lookups a minute.
    const app = createApp({ ...sys.apiServer.deps, limits: { perKeyPerMinute: 6000, authFailuresPerMinute: 30, publicLookupsPerMinute: 3 } });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const statuses: number[] = [];
      for (let i = 1; i <= 4; i++) statuses.push((await fetch(`${base}/tra-cuu?ma=001.01.01.H26-991231-${String(i).padStart(4, '0')}`)).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
      const limited = await fetch(`${base}/tra-cuu?ma=001.01.01.H26-991231-0005&lang=en`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('content-type')).toContain('text/html');
      expect(await limited.text()).toContain('Too many lookups');
      // Rating posts count against the same limit; the stylesheet does not.
      expect((await fetch(`${base}/tra-cuu/danh-gia`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ma=x' })).status).toBe(429);
      expect((await fetch(`${base}/tra-cuu/tracking.css`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
