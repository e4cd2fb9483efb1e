import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ratingCodeOf, trackingUrlOf } from '../../api/tracking/rating-code';
import { deathRequest, OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// The applicant's page in a real browser (Debian's Chromium driven by playwright-core), on a phone's
// screen: what the QR code opens, the rating form with the keyboard-free tap flow, the English
// switch, no script or style blocked by the CSP. Screenshots go to docs/screenshots/tracking-*.png.

// Code passed to page.evaluate runs in the browser; tsconfig's lib has no DOM, so what it uses is declared here.
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(selector: string): ArrayLike<{ id: string; type?: string; labels?: ArrayLike<unknown> | null; getAttribute(name: string): string | null }>;
  body: { innerText: string };
};

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? path.resolve(__dirname, '../../docs/screenshots');
const RATING_SECRET = 'browser-rating-secret-0123456789-abcdef';
const DEATH_EXTRACT = { extractNumber: '4711/TLKT', get extractDate() { return todayInVietnam(); }, registerBook: 'KT-Q9' };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' };

/** Form controls without an accessible name (a <label>, aria-label or aria-labelledby): should be none. */
const unlabelled = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.id || el.type || '?'),
  );
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

if (!existsSync(CHROMIUM)) {
  const why = `no Chromium at ${CHROMIUM} (install it with apt-get install -y chromium, as .ci/run does, or set CHROMIUM_PATH)`;
  console.warn(`tracking browser tests skipped: ${why}`);
  describe('the tracking page in a browser', () => {
    test.skip(`When Chromium is missing, then the browser tests are skipped: ${why}`, () => undefined);
  });
} else {
  describe('the tracking page in a browser', () => {
    let sys: TestSystem;
    let browser: Browser;

    beforeAll(async () => {
      sys = await startTestSystem({ mode: 'manual', tracking: { ratingSecret: RATING_SECRET } });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      await sys?.stop();
    });

    test('When the applicant scans the receipt’s QR code on a phone, follows the case, and rates the service after collecting the result, then each page fits the screen, names every control and shows no personal data', async () => {
      const request = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
      const { caseCode } = await sys.openCase(request, sys.keys.desk[OFFICE]);
      await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: DEATH_EXTRACT });
      await sys.waitForCase(caseCode, ['IN_PROGRESS']);
      const receipt = await sys.call('GET', `/v1/cases/${caseCode}/forms/receipt`, { key: sys.keys.desk[OFFICE] });
      const qr = receipt.body.trackingUrl as string;
      expect(qr).toBe(trackingUrlOf(sys.apiUrl, caseCode, ratingCodeOf(RATING_SECRET, caseCode)));

      const context = await browser.newContext(PHONE);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));

      // What the QR code opens, while the second step is still with the police.
      expect((await page.goto(qr))?.status()).toBe(200);
      await expect(page.locator('#status').getAttribute('data-status')).resolves.toBe('IN_PROGRESS');
      await expect(page.locator('#status').innerText()).resolves.toContain('Đang giải quyết');
      expect(await page.locator('li.step').count()).toBe(2);
      expect(await page.locator('#rating').count()).toBe(0);
      // The stylesheet applied (the CSP let it through): the header is the accent red.
      await expect(page.locator('header.top').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(163, 22, 26)');
      expect(await overflows(page)).toBe(false);
      expect(await unlabelled(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'tracking-in-progress.png'), fullPage: true });

      // The English switch keeps the code.
      await page.getByRole('link', { name: 'English' }).click();
      await page.waitForURL(/lang=en/);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expect(page.locator('#status').innerText()).resolves.toContain('In progress');
      expect(await overflows(page)).toBe(false);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'tracking-in-progress-en.png'), fullPage: true });
      await page.getByRole('link', { name: 'Tiếng Việt' }).click();
      await page.waitForURL((u) => !u.search.includes('lang=en'));
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');

      // The police finish, the desk hands the result over.
      await sys.actAsAgency(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: todayInVietnam() } });
      await sys.waitForCase(caseCode, ['COMPLETED']);
      expect((await sys.call('POST', `/v1/cases/${caseCode}/handover`, { key: sys.keys.desk[OFFICE], body: { method: 'desk', recipient: { relationship: 'applicant' } } })).status).toBe(200);

      await page.goto(qr);
      expect(await page.locator('#result').getAttribute('data-returned')).toBe('true');
      expect(await page.locator('#rating').count()).toBe(1);
      expect(await unlabelled(page)).toEqual([]);
      expect(await overflows(page)).toBe(false);
      // Tapping a label chooses its score (the radio buttons are named by their labels).
      await page.getByLabel('5 – Rất hài lòng').check();
      await page.getByLabel('Góp ý (không bắt buộc, tối đa 500 ký tự)').fill('Thủ tục liên thông nhanh, không phải đi nhiều nơi.');
      await page.locator('#danh-gia').screenshot({ path: path.join(SCREENSHOTS, 'tracking-rating-form.png') });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'tracking-result-returned.png'), fullPage: true });
      await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
      await page.waitForURL(/#danh-gia$/);
      await expect(page.locator('#danh-gia').innerText()).resolves.toContain('Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà đã góp ý.');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'tracking-rated.png'), fullPage: true });
      await expect(sys.db.rating.findUnique({ where: { caseCode } })).resolves.toMatchObject({ score: 5, comment: 'Thủ tục liên thông nhanh, không phải đi nhiều nơi.' });

      // Nothing personal on any page the applicant saw.
      const text = await page.evaluate(() => document.body.innerText);
      for (const s of [request.applicant.fullName, request.applicant.personalId, request.deceased.fullName, request.deceased.personalId, 'Hòe Nhai', DEATH_EXTRACT.extractNumber]) expect(text).not.toContain(s);
      // No script error and no Content-Security-Policy violation.
      expect(problems).toEqual([]);
      await context.close();
    });

    test('When a code is mistyped on the lookup form, then the page says so beside the field, and an unknown code says not found', async () => {
      const context = await browser.newContext(PHONE);
      const page = await context.newPage();
      await page.goto(`${sys.apiUrl}/tra-cuu`);
      expect(await unlabelled(page)).toEqual([]);
      await page.getByLabel('Mã hồ sơ').fill('001-01');
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      await page.waitForSelector('#ma[aria-invalid=true]');
      await expect(page.locator('#ma-error').innerText()).resolves.toContain('không đúng định dạng');
      await page.getByLabel('Mã hồ sơ').fill('001.01.01.H26-991231-9999');
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      await page.waitForSelector('#nf');
      await expect(page.locator('h2').first().innerText()).resolves.toBe('Không tìm thấy hồ sơ');
      expect(await overflows(page)).toBe(false);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'tracking-not-found.png'), fullPage: true });
      await context.close();
    });
  });
}
