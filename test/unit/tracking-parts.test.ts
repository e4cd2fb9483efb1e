import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { casePage, lookupPage } from '../../api/tracking/page';
import { normaliseRatingCode, ratingCodeMatches, ratingCodeOf, trackingUrlOf } from '../../api/tracking/rating-code';
import { loadConfig, rateLimitsOf, requirePublicBaseUrl, requireRatingSecret } from '../../platform/config';
import type { PublicCase } from '../../prisma/tracking-read';

const SECRET = 'unit-rating-secret-0123456789-0123456789';
const PRODUCTION = { NODE_ENV: 'production', SUBJECT_KEY_SECRET: 'production-secret-0123456789' } as const;
const CODE = '001.01.01.H26-261125-0001';

describe('the rating code printed on the receipt', () => {
  test('When computed twice, then it is the same ten unambiguous characters; another case or secret gives another code', () => {
    const code = ratingCodeOf(SECRET, CODE);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(ratingCodeOf(SECRET, CODE)).toBe(code);
    expect(ratingCodeOf(SECRET, '001.01.01.H26-261125-0002')).not.toBe(code);
    expect(ratingCodeOf(`${SECRET}x`, CODE)).not.toBe(code);
  });

  test('When typed from paper in lower case, with a dash or spaces, then it still matches; another code, a prefix or a longer string does not', () => {
    const code = ratingCodeOf(SECRET, CODE);
    expect(ratingCodeMatches(SECRET, CODE, `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`)).toBe(true);
    expect(ratingCodeMatches(SECRET, CODE, ` ${code.slice(0, 5)} ${code.slice(5)} `)).toBe(true);
    expect(ratingCodeMatches(SECRET, CODE, code.slice(0, 9))).toBe(false);
    expect(ratingCodeMatches(SECRET, CODE, `${code}A`)).toBe(false);
    expect(ratingCodeMatches(SECRET, CODE, ratingCodeOf(SECRET, '001.01.01.H26-261125-0002'))).toBe(false);
    expect(ratingCodeMatches(SECRET, CODE, '')).toBe(false);
    expect(normaliseRatingCode('ab-cd e')).toBe('ABCDE');
  });

  test('When the QR address is built, then it is the tracking page of the case, with the rating code only when given', () => {
    expect(trackingUrlOf('https://dvc.example.gov.vn', CODE)).toBe(`https://dvc.example.gov.vn/tra-cuu?ma=${CODE}`);
    expect(trackingUrlOf('https://dvc.example.gov.vn/lien-thong', CODE, 'ABCDE23456')).toBe(`https://dvc.example.gov.vn/lien-thong/tra-cuu?ma=${CODE}&k=ABCDE23456`);
  });
});

describe('the tracking page’s configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-rating-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('When PUBLIC_BASE_URL is unset, then development leads to the API’s port and production refuses to start; a trailing slash is dropped, a query refused', () => {
    expect(requirePublicBaseUrl(loadConfig({ PORT: '3100' }))).toBe('http://127.0.0.1:3100');
    expect(() => requirePublicBaseUrl(loadConfig({ ...PRODUCTION }))).toThrow('PUBLIC_BASE_URL: required in production');
    expect(requirePublicBaseUrl(loadConfig({ ...PRODUCTION, PUBLIC_BASE_URL: 'https://dvc.example.gov.vn/' }))).toBe('https://dvc.example.gov.vn');
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://dvc.example.gov.vn/?a=1' })).toThrow('PUBLIC_BASE_URL');
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'ftp://dvc.example.gov.vn' })).toThrow('PUBLIC_BASE_URL');
  });

  test('When RATING_SECRET is unset, then development keeps a random one under DATA_DIR (owner-only, the same on the next start) and production refuses to start', () => {
    const first = requireRatingSecret(loadConfig({}), dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(requireRatingSecret(loadConfig({}), dir)).toBe(first);
    expect(statSync(path.join(dir, 'rating-secret')).mode & 0o777).toBe(0o600);
    expect(requireRatingSecret(loadConfig({ RATING_SECRET: SECRET }), dir)).toBe(SECRET);
    expect(() => requireRatingSecret(loadConfig({ ...PRODUCTION }), dir)).toThrow('RATING_SECRET: required in production');
    expect(() => loadConfig({ RATING_SECRET: 'short' })).toThrow('RATING_SECRET');
  });

  test('When PUBLIC_LOOKUPS_PER_MINUTE is unset, then 30 lookups a minute are allowed per address', () => {
    expect(rateLimitsOf(loadConfig({})).publicLookupsPerMinute).toBe(30);
    expect(rateLimitsOf(loadConfig({ PUBLIC_LOOKUPS_PER_MINUTE: '5' })).publicLookupsPerMinute).toBe(5);
  });
});

describe('the page’s HTML', () => {
  const c: PublicCase = {
    caseCode: CODE,
    group: 'death',
    catalogueVersion: '2026-07-01',
    officeCode: '001.01.01.H26',
    status: 'IN_PROGRESS',
    receivedAt: '2026-11-25T02:00:00.000Z',
    appointmentAt: '2026-12-02T09:00:00.000Z',
    closedAt: null,
    isOverdue: false,
    returnedAt: null,
    steps: [{ stepId: 'death-registration', procedure: 'death-registration', agencyCode: '<b>X</b>', status: 'DISPATCHED', dueAt: '2026-11-26T09:00:00.000Z', finishedAt: null, isOverdue: false }],
    apology: { previousAppointmentAt: '2026-12-02T09:00:00.000Z', newAppointmentAt: '2026-12-09T09:00:00.000Z' },
    rated: false,
  };

  test('When a value holds markup, then it is escaped; an apology shows both dates', () => {
    const html = casePage('vi', c, { kind: 'none' });
    expect(html).toContain('&lt;b&gt;X&lt;/b&gt;');
    expect(html).not.toContain('<b>X</b>');
    expect(html).toContain('hẹn lại ngày trả kết quả: 16:00 09/12/2026 (hẹn ban đầu: 16:00 02/12/2026)');
    expect(lookupPage('en', '"><script>')).toContain('value="&quot;&gt;&lt;script&gt;"');
  });

  test('When the rating form is shown, then every control has a label and the rating code is hidden only when it came with the address', () => {
    const returned = { ...c, returnedAt: '2026-12-01T03:00:00.000Z' };
    const withK = casePage('vi', returned, { kind: 'form', k: 'ABCDE23456' });
    for (const id of ['score-1', 'score-2', 'score-3', 'score-4', 'score-5', 'comment']) expect(withK).toContain(`<label for="${id}">`);
    expect(withK).toContain('<input type="hidden" name="k" value="ABCDE23456">');
    const withoutK = casePage('en', returned, { kind: 'form', k: '' });
    expect(withoutK).toContain('<label for="k">Rating code (printed on your receipt)</label>');
    expect(withoutK).toContain('<input id="k" name="k"');
  });
});
