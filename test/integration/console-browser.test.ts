import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../platform/project-root';
import { ensureUser, type UserRole } from '../../prisma/users';
import { listen, type Listening } from '../helpers/fake-http';
import { birthRequest, deathRequest, OFFICE, OTHER_OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

// The console in a real browser (Debian's Chromium driven by playwright-core): a desk officer
// receives a death case (the form's errors beside their fields first), the agency officers complete
// their steps from their inboxes, the desk records the return of the result; the operator's view and
// the statistics. Screenshots of the main screens go to docs/screenshots/ (committed; the README shows them).

declare const document: { documentElement: { scrollWidth: number; clientWidth: number; lang: string } };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOT_DIR ?? path.join(PROJECT_ROOT, 'docs', 'screenshots');

/** A console user of this run (usernames carry the run's suffix: the suite's database is shared). */
type Who = { username: string; fullName: string; role: UserRole; officeCode?: string; agencyCode?: string };
const RUN = randomBytes(3).toString('hex');
const PASSWORD = 'console-test-password';

async function person(sys: TestSystem, who: Omit<Who, 'username'> & { name: string }): Promise<Who> {
  const { name, ...rest } = who;
  const user: Who = { ...rest, username: `${name}.${RUN}` };
  await ensureUser(sys.db, { ...user, password: PASSWORD });
  return user;
}

/** A new browser (no cookie) on /console/, signed in through the sign-in form. */
async function openAs(browser: Browser, sys: TestSystem, who: Who, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${sys.apiUrl}/console/`);
  await page.fill('#f-username', who.username);
  await page.fill('#f-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('#sign-out');
  return { context, page, problems };
}

/** Controls without an accessible name (a <label>, aria-label, aria-labelledby, or a button's text): should be none. */
const unnamed = (page: Page) =>
  page.evaluate(() => {
    const doc = (globalThis as any).document;
    return Array.from(doc.querySelectorAll('input:not([type=hidden]), textarea, select, button') as ArrayLike<any>)
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.innerText.trim()))
      .map((el) => `${el.tagName.toLowerCase()}#${el.id || el.name || '?'}`);
  });

/** A GET made by the page itself (its cookie session): status and media type. */
const fetchedBy = (page: Page, url: string) =>
  page.evaluate(async (u) => {
    const r = await fetch(u);
    return { status: r.status, type: r.headers.get('content-type') };
  }, url);
const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
/** Console errors other than the refusals a test provokes on purpose (the browser logs every 4xx). */
const unexpected = (problems: string[]) => problems.filter((p) => !/status of (401|409|422)\b/.test(p));

const RATING_SECRET = 'console-test-rating-secret-0123456789';
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
/** What an agency officer types for each result field. */
// The dates read when typed (after the receipt): never before the day the case was received.
const RESULT_INPUTS: Record<string, string> = {
  extractNumber: '125/2026',
  get extractDate() {
    return today();
  },
  get deregisteredOn() {
    return today();
  },
  decisionNumber: '88/QĐ-BHXH',
  get decisionDate() {
    return today();
  },
  amountVnd: '18720000',
};

if (!existsSync(CHROMIUM)) {
  const why = `no Chromium at ${CHROMIUM} (install it with apt-get install -y chromium, as .ci/run does, or set CHROMIUM_PATH)`;
  console.warn(`console browser tests skipped: ${why}`);
  describe('the console in a browser', () => {
    test.skip(`When Chromium is missing, then the browser tests are skipped: ${why}`, () => undefined);
  });
} else {
  describe('the console in a browser', () => {
    let sys: TestSystem;
    let browser: Browser;
    let desk: Who;
    let operator: Who;
    let admin: Who;
    let caseCode: string;
    /** The Hoàn Kiếm civil-status system refuses every dispatch (400): its steps need an operator. */
    let refusing: Listening;

    beforeAll(async () => {
      refusing = await listen((_req, res) => void res.writeHead(400, { 'content-type': 'application/problem+json' }).end('{"title":"Bad dispatch","status":400}'));
      sys = await startTestSystem({
        mode: 'manual',
        delayMs: 10,
        tracking: { ratingSecret: RATING_SECRET },
        agencyEndpoints: { 'CIVIL-HOAN-KIEM': { baseUrl: refusing.url, token: 'dev-simulator-inbound-token', timeoutMs: 5000, answers: 'callback', pollSeconds: 60 } },
      });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      mkdirSync(SCREENSHOTS, { recursive: true });
      desk = await person(sys, { name: 'desk', role: 'desk', fullName: 'Lê Thị Hoa', officeCode: OFFICE });
      operator = await person(sys, { name: 'operator', role: 'operator', fullName: 'Phạm Văn Minh' });
      admin = await person(sys, { name: 'admin', role: 'admin', fullName: 'Đỗ Quang Huy' });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await sys?.stop();
      await refusing?.close();
    });

    test('When the console is requested, then index.html is never cached, hashed assets are cached for a year, client routes answer the page and the CSP allows no inline code', async () => {
      const index = await fetch(`${sys.apiUrl}/console/cases/001.01.01.H26-261125-0001`);
      expect(index.status).toBe(200);
      expect(index.headers.get('cache-control')).toBe('no-store');
      const csp = index.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await index.text();
      const script = /src="(\/console\/assets\/main-[A-Z0-9]+\.js)"/.exec(html)?.[1];
      const style = /href="(\/console\/assets\/main-[A-Z0-9]+\.css)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect(style).toBeDefined();
      const asset = await fetch(`${sys.apiUrl}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('content-type')).toContain('javascript');
      expect((await fetch(`${sys.apiUrl}/console/assets/main-NOPE.js`)).status).toBe(404);
      const bare = await fetch(`${sys.apiUrl}/console`, { redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe('/console/');
      const config = await (await fetch(`${sys.apiUrl}/console/config.json`)).json();
      expect(config).toEqual({ temporalUiUrl: 'http://127.0.0.1:8233', namespace: 'default' });
    });

    test('When someone signs in, then a wrong password is refused beside the form, the session cookie is HttpOnly and SameSite=Strict, and signing out ends it', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${sys.apiUrl}/console/cases`);
      await page.fill('#f-username', desk.username);
      await page.fill('#f-password', 'not-the-password');
      await page.click('button[type=submit]');
      await page.waitForSelector('#signin-error');
      await expect(page.locator('#signin-error').innerText()).resolves.toContain('không đúng');
      await shot(page, 'console-sign-in', false);
      expect(await unnamed(page)).toEqual([]);
      await page.fill('#f-password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('#sign-out');
      // The address asked for before signing in is the screen shown after.
      await page.waitForSelector('h1 >> text=Tra cứu hồ sơ');
      await expect(page.locator('.who-name').innerText()).resolves.toBe('Lê Thị Hoa');
      const cookie = (await context.cookies(sys.apiUrl)).find((c) => c.name === 'ltk_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      await expect(page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).resolves.not.toContain('ltk_session');
      await page.click('#sign-out');
      await page.waitForSelector('#f-username');
      const after = await page.evaluate(async () => (await fetch('/v1/session')).status);
      expect(after).toBe(401);
      await context.close();
    });

    test('When the session ends while an officer is typing, then a sign-in dialog keeps the screen, and once signed in again the form is sent as typed', async () => {
      const { page, context, problems } = await openAs(browser, sys, desk);
      await page.click('nav >> text=Tiếp nhận hồ sơ');
      await page.waitForSelector('#f-applicant-fullName');
      const r = deathRequest();
      for (const [id, value] of Object.entries({
        'applicant-fullName': r.applicant.fullName,
        'applicant-personalId': r.applicant.personalId,
        'applicant-phone': r.applicant.phone,
        'applicant-relationship': r.applicant.relationship,
        'applicant-address': r.applicant.address,
        'deceased-fullName': r.deceased.fullName,
        'deceased-personalId': r.deceased.personalId,
        'deceased-dateOfBirth': r.deceased.dateOfBirth,
        'deceased-dateOfDeath': r.deceased.dateOfDeath,
        'deceased-placeOfDeath': r.deceased.placeOfDeath,
        'deceased-residenceAddress': r.deceased.residenceAddress,
      })) {
        await page.fill(`#f-${id}`, value);
      }
      await page.selectOption('#f-deceased-sex', r.deceased.sex);
      await page.selectOption('#f-deceased-benefitStatus', r.deceased.benefitStatus);
      // The session ends meanwhile (its hours ran out, or it was signed out elsewhere).
      await context.clearCookies();
      await page.click('#receive-submit');
      await page.waitForSelector('#signin-expired');
      await expect(page.locator('#signin-expired').innerText()).resolves.toContain('Phiên làm việc đã hết');
      await shot(page, 'console-session-expired', false);
      await expect(page.locator('#f-deceased-fullName').inputValue()).resolves.toBe(r.deceased.fullName);
      await page.fill('.session-expired #f-username', desk.username);
      await page.fill('.session-expired #f-password', PASSWORD);
      await page.click('.session-expired button[type=submit]');
      await page.waitForSelector('.session-expired', { state: 'detached' });
      // Nothing left over from the lost session (no stale banner, no English).
      expect(await page.locator('.alert.error').count()).toBe(0);
      await page.click('#receive-submit');
      await page.waitForSelector('#received-code');
      // A list link with its period backwards is named beside the field, in Vietnamese, not sent.
      await page.goto(`${sys.apiUrl}/console/cases?receivedFrom=2026-12-07&receivedTo=2026-12-01`);
      await expect(page.locator('#f-receivedTo-error').innerText()).resolves.toContain('không được trước');
      expect(await page.locator('[role=alert].alert.error').count()).toBe(0);
      // So is a date before the calendar's first year, as the API refuses it.
      await page.goto(`${sys.apiUrl}/console/cases?receivedFrom=1989-12-31`);
      await expect(page.locator('#f-receivedFrom-error').innerText()).resolves.toContain('phải là một ngày hợp lệ trong khoảng năm 1990–2100');
      expect(await page.locator('[role=alert].alert.error').count()).toBe(0);
      // Nobody signs in for 5 minutes: the kept screen (personal data under a blur) is dropped.
      await page.clock.install();
      await context.clearCookies();
      await page.click('nav >> text=Tra cứu hồ sơ');
      await page.waitForSelector('#signin-expired');
      expect(await page.locator('.shell-expired').count()).toBe(1);
      await page.clock.fastForward('05:01');
      await page.waitForSelector('#signin-expired', { state: 'detached' });
      expect(await page.locator('.shell-expired').count()).toBe(0);
      await page.waitForSelector('#f-username');
      expect(unexpected(problems)).toEqual([]);
      await context.close();
    });

    test('When a desk officer receives a death case, the agency officers complete their steps from their inboxes and the desk returns the result, then the case is returned on time', async () => {
      const { page, context, problems } = await openAs(browser, sys, desk);
      await shot(page, 'console-desk-cases');
      await page.click('nav >> text=Tiếp nhận hồ sơ');
      await page.waitForSelector('#f-applicant-fullName');

      const request = deathRequest();
      // A wrong phone (the shape, checked in the browser with the API's schema) and a personal ID
      // whose birth-year digits disagree with the date of birth (a rule only the API checks).
      const fill = async (body: typeof request, phone: string, deceasedId: string) => {
        await page.fill('#f-applicant-fullName', body.applicant.fullName);
        await page.fill('#f-applicant-personalId', body.applicant.personalId);
        await page.fill('#f-applicant-phone', phone);
        await page.fill('#f-applicant-relationship', body.applicant.relationship);
        await page.fill('#f-applicant-address', body.applicant.address);
        await page.fill('#f-deceased-fullName', body.deceased.fullName);
        await page.fill('#f-deceased-personalId', deceasedId);
        await page.fill('#f-deceased-dateOfBirth', body.deceased.dateOfBirth);
        await page.selectOption('#f-deceased-sex', body.deceased.sex);
        await page.fill('#f-deceased-dateOfDeath', body.deceased.dateOfDeath);
        await page.fill('#f-deceased-placeOfDeath', body.deceased.placeOfDeath);
        await page.fill('#f-deceased-residenceAddress', body.deceased.residenceAddress);
        await page.selectOption('#f-deceased-benefitStatus', body.deceased.benefitStatus);
      };
      expect(await unnamed(page)).toEqual([]);
      // Both named at the first submit, in the browser, before anything is sent: the shape and the rule across fields.
      const wrongYear = `${request.deceased.personalId.slice(0, 4)}99${request.deceased.personalId.slice(6)}`;
      await fill(request, '12345', wrongYear);
      await page.click('#receive-submit');
      await page.waitForSelector('#f-applicant-phone-error');
      await expect(page.locator('#f-applicant-phone-error').innerText()).resolves.toContain('số điện thoại Việt Nam');
      await expect(page.locator('#f-applicant-phone').getAttribute('aria-invalid')).resolves.toBe('true');
      await page.waitForSelector('#f-deceased-personalId-error');
      await shot(page, 'console-receive-errors');

      await fill(request, request.applicant.phone, wrongYear);
      await page.click('#receive-submit');
      await page.waitForSelector('#f-deceased-personalId-error');
      expect(await page.locator('#f-applicant-phone-error').count()).toBe(0);

      await page.fill('#f-deceased-personalId', request.deceased.personalId);
      await page.click('#receive-submit');
      await page.waitForSelector('#received-code');
      caseCode = (await page.locator('#received-code').innerText()).trim();
      expect(caseCode).toMatch(/^001\.01\.01\.H26-\d{6}-\d{4}$/);
      await shot(page, 'console-received');
      // The receipt prints from the case's forms (the desk's session carries it).
      const receipt = await page.locator('a', { hasText: 'Mẫu 01' }).getAttribute('href');
      expect(receipt).toBe(`/v1/cases/${caseCode}/forms/receipt?format=pdf`);
      await expect(fetchedBy(page, receipt!)).resolves.toEqual({ status: 200, type: 'application/pdf' });
      // The same person typed again is a new submission, not a replay of the first answer (which
      // showed the first case again as if received anew): the one-open-case rule answers it.
      await page.click('button >> text=Tiếp nhận hồ sơ khác');
      await fill(request, request.applicant.phone, request.deceased.personalId);
      await page.click('#receive-submit');
      await page.waitForSelector('.alert.error');
      const told = (await page.locator('.alert.error').allInnerTexts()).join(' ');
      expect(told).toContain(caseCode);
      expect(told).not.toContain('still open');
      expect(await page.locator('#received-code').count()).toBe(0);

      // Each agency officer completes the steps handed to their agency, from their own inbox.
      for (let round = 0; round < 4; round++) {
        const c = await sys.waitForCase(caseCode, ['IN_PROGRESS', 'COMPLETED']);
        const open = await waitFor(async () => {
          const now = await sys.getCase(caseCode);
          if (now.status === 'COMPLETED') return [];
          const dispatched = now.steps.filter((s: any) => s.status === 'DISPATCHED');
          return dispatched.length ? dispatched : undefined;
        }, 'a step dispatched');
        if (open.length === 0 || c.status === 'COMPLETED') break;
        for (const step of open) {
          const officer = await person(sys, { name: `agency.${step.agencyCode.toLowerCase()}`, role: 'agency', fullName: `Trần Văn Khoa (${step.agencyCode})`, agencyCode: step.agencyCode });
          const agency = await openAs(browser, sys, officer);
          await agency.page.waitForSelector(`a[href="/console/cases/${caseCode}/steps/${step.stepId}"]`);
          if (round === 0) await shot(agency.page, 'console-agency-inbox');
          await agency.page.click(`a[href="/console/cases/${caseCode}/steps/${step.stepId}"]`);
          await agency.page.waitForSelector(`#actions-${step.stepId}`);
          // Whose death it is: the dossier its dispatch carried (the deceased's name among its facts).
          const dossierCard = agency.page.locator('details.card', { hasText: 'Thông tin hồ sơ' });
          await dossierCard.locator('summary').click();
          await expect(dossierCard.innerText()).resolves.toContain(request.deceased.fullName);
          // The result fields come from the procedure's result schema.
          const inputs = agency.page.locator(`#actions-${step.stepId} input[name^="result."]`);
          await waitFor(async () => ((await inputs.count()) > 0 ? true : undefined), 'result fields');
          for (const name of await inputs.evaluateAll((els) => els.map((e) => (e as unknown as { name: string }).name))) {
            const value = RESULT_INPUTS[name.slice('result.'.length)];
            if (value) await agency.page.fill(`#actions-${step.stepId} input[name="${name}"]`, value);
          }
          if (round === 0) {
            await shot(agency.page, 'console-agency-step');
            expect(await unnamed(agency.page)).toEqual([]);
          }
          await agency.page.click('#submit-complete');
          await agency.page.waitForSelector('.alert.ok');
          expect(unexpected(agency.problems)).toEqual([]);
          await agency.context.close();
        }
      }
      const completed = await sys.waitForCase(caseCode, ['COMPLETED']);
      expect(completed.steps.every((s: any) => s.status === 'COMPLETED')).toBe(true);

      // The desk returns the result to the applicant, who came in person.
      await page.goto(`${sys.apiUrl}/console/cases/${caseCode}`);
      await page.waitForSelector('#handover-form');
      // The timeline names the people who acted: the desk officer who received it, the agency officers.
      const timeline = await page.locator('ol.timeline').innerText();
      expect(timeline).toContain('Lê Thị Hoa');
      expect(timeline).toContain('Trần Văn Khoa');
      await shot(page, 'console-case-ready');
      expect(await unnamed(page)).toEqual([]);
      await page.click('#handover-submit');
      await page.waitForSelector('.alert.ok');
      await page.waitForSelector('#return-state >> text=Đã trả kết quả');
      await shot(page, 'console-case-returned');
      const returned = await sys.getCase(caseCode);
      expect(returned.resultReturn.state).toBe('returned');

      // The office's tracking book lists the case; its PDF downloads with the same session.
      await page.click('nav >> text=Sổ theo dõi hồ sơ');
      await page.waitForSelector(`table.book >> text=${caseCode}`);
      await shot(page, 'console-tracking-book');
      const bookPdf = await page.locator('a', { hasText: 'PDF' }).getAttribute('href');
      await expect(fetchedBy(page, bookPdf!)).resolves.toEqual({ status: 200, type: 'application/pdf' });
      expect(unexpected(problems)).toEqual([]);
      await context.close();

      // The applicant opens the receipt's QR address on a phone: the outcome, nothing personal; then rates the service.
      const receiptJson = await sys.call('GET', `/v1/cases/${caseCode}/forms/receipt`, { key: sys.keys.desk[OFFICE] });
      const qr = receiptJson.body.trackingUrl as string;
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const applicant = await phone.newPage();
      expect((await applicant.goto(qr))?.status()).toBe(200);
      expect(await applicant.locator('#result').getAttribute('data-returned')).toBe('true');
      const shown = await applicant.locator('body').innerText();
      for (const personal of [request.applicant.fullName, request.applicant.personalId, request.deceased.fullName, request.deceased.personalId, 'Hòe Nhai', RESULT_INPUTS.extractNumber!]) {
        expect(shown).not.toContain(personal);
      }
      // Other test files of a full run may rate cases of this office too: count from what is there now.
      const year = today().slice(0, 4);
      const ratedBefore = (await sys.call('GET', `/v1/statistics/ratings?from=${year}-01-01&to=${today()}&office=${OFFICE}`, { key: sys.keys.operator })).body.count as number;
      await applicant.getByLabel('5 – Rất hài lòng').check();
      await applicant.getByLabel('Góp ý (không bắt buộc, tối đa 500 ký tự)').fill('Cán bộ hướng dẫn tận tình.');
      await applicant.getByRole('button', { name: 'Gửi đánh giá' }).click();
      await applicant.waitForURL(/#danh-gia$/);
      await phone.close();

      // The rating appears in the statistics of the office (the desk's own view).
      const again = await openAs(browser, sys, desk);
      await again.page.goto(`${sys.apiUrl}/console/statistics`);
      await again.page.waitForSelector('#rating-count');
      await expect(again.page.locator('#rating-count').innerText()).resolves.toMatch(new RegExp(`: ${ratedBefore + 1}$`));
      // The desk's filters are picked from the catalogue: its own office fixed, any agency or procedure.
      await expect(again.page.locator('#f-office').isDisabled()).resolves.toBe(true);
      await expect(again.page.locator('#f-office').inputValue()).resolves.toBe(OFFICE);
      await expect(again.page.locator('#f-agency').isDisabled()).resolves.toBe(false);
      // The choices come with the catalogue, fetched after the page shows: wait for them (fails if they never come).
      await again.page.locator('#f-procedure option[value="death-registration"]').waitFor({ state: 'attached' });
      const choices = await again.page.locator('#f-procedure option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      expect(choices).toEqual(expect.arrayContaining(['', 'death-registration', 'funeral-allowance', 'birth-registration']));
      await again.context.close();
    });

    test('When an operator opens the console, then incidents and overdue cases link to Temporal, the statistics show charts with downloads, and English is one click away', async () => {
      const stuck = (await sys.openCase(deathRequest({ office: OTHER_OFFICE }), sys.keys.desk[OTHER_OFFICE])).caseCode as string;
      await waitFor(async () => ((await sys.getCase(stuck)).steps.some((s: any) => s.status === 'NEEDS_ATTENTION') ? true : undefined), 'a step needing attention');
      const { page, context, problems } = await openAs(browser, sys, operator);
      await page.waitForSelector('#attention-title');
      const row = page.locator('section[aria-labelledby="attention-title"] tr', { hasText: stuck });
      await expect(row.locator('a.temporal').getAttribute('href')).resolves.toBe(`http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent(stuck)}`);
      await expect(row.innerText()).resolves.toContain('Hệ thống cơ quan từ chối nhận');
      await shot(page, 'console-operations');
      // The operator hands the step to another civil-status agency, which gets it.
      await row.locator('select').selectOption('CIVIL-BA-DINH');
      await row.locator('button', { hasText: 'Chuyển' }).click();
      await page.waitForSelector('.alert.ok');
      await waitFor(async () => {
        const step = (await sys.getCase(stuck)).steps.find((s: any) => s.stepId === 'death-registration');
        return step.agencyCode === 'CIVIL-BA-DINH' && step.status === 'DISPATCHED' ? true : undefined;
      }, 'the step reassigned and dispatched');
      await page.click('nav >> text=Tra cứu hồ sơ');
      await page.waitForSelector('table.cases');
      await page.goto(`${sys.apiUrl}/console/cases/${caseCode}`);
      await expect(page.locator('#temporal-link').getAttribute('href')).resolves.toBe(`http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent(caseCode)}`);

      // Statistics: a chart with its numbers beside it, CSV and XLSX of the same query, the ratings with their comments.
      await page.click('nav >> text=Thống kê');
      await page.waitForSelector('#rating-count');
      await expect(page.locator('.comments').innerText()).resolves.toContain('Cán bộ hướng dẫn tận tình.');
      await page.waitForSelector('#summary-chart');
      await expect(page.locator('#summary-chart').getAttribute('role')).resolves.toBe('img');
      await expect(page.locator('#summary-chart desc').textContent()).resolves.toContain('Ba Đình: ');
      // The data table beside the chart has the office's row (other test files may add cases of theirs to it).
      expect(await page.locator('#summary-table tbody tr', { hasText: 'Ba Đình' }).count()).toBeGreaterThan(0);
      // The ratings joined into the office's row: an average and a count (other test files may rate cases here too).
      await expect(page.locator('#summary-table tbody tr', { hasText: 'Ba Đình' }).first().innerText()).resolves.toMatch(/[1-5](,\d+)? \(\d+\)/);
      for (const format of ['csv', 'xlsx']) {
        const href = await page.locator('#summary-title ~ .downloads a', { hasText: format === 'csv' ? 'CSV' : 'XLSX' }).getAttribute('href');
        expect(href).toContain(`format=${format}`);
        const got = await page.evaluate(async (url) => {
          const r = await fetch(url);
          return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition') };
        }, href!);
        expect(got.status).toBe(200);
        expect(got.disposition).toContain(format);
      }
      await shot(page, 'console-statistics');
      expect(await unnamed(page)).toEqual([]);
      // Office, agency and procedure are picked from the catalogue in force, not typed; the choice filters the query.
      await page.locator(`select#f-office option[value="${OFFICE}"]`).waitFor({ state: 'attached' });
      expect(await page.locator('select#f-office option').count()).toBeGreaterThan(2);
      await page.selectOption('#f-office', OFFICE);
      await page.selectOption('#f-procedure', 'death-registration');
      await page.click('form.filters button[type=submit]');
      await page.waitForURL(/office=001\.01\.01\.H26.*procedure=death-registration|procedure=death-registration.*office=001\.01\.01\.H26/);
      await page.waitForSelector('#summary-table');
      await expect(page.locator('#f-procedure').inputValue()).resolves.toBe('death-registration');
      await expect(page.locator('#summary-title ~ .downloads a', { hasText: 'CSV' }).getAttribute('href')).resolves.toContain('procedure=death-registration');
      await shot(page, 'console-statistics-filters', false);
      // A link's year the quarterly report cannot give shows this year's, with no earlier year than the calendar's first offered.
      await page.goto(`${sys.apiUrl}/console/statistics?year=1989&quarter=9`);
      await expect(page.locator('#quarter-title').innerText()).resolves.toMatch(new RegExp(`/${today().slice(0, 4)}$`));
      await page.goto(`${sys.apiUrl}/console/statistics?year=1990&quarter=1`);
      await expect(page.locator('#quarter-title').innerText()).resolves.toMatch(/1\/1990$/);
      expect(await page.locator('#quarter-title >> xpath=../.. >> button', { hasText: '1989' }).count()).toBe(0);
      await page.goto(`${sys.apiUrl}/console/cases/${caseCode}`);
      await page.waitForSelector('#temporal-link');

      // A calendar decision added and removed again (a past Monday of this year, at the other office:
      // no deadline of the running suite moves).
      await page.click('nav >> text=Lịch làm việc');
      await page.waitForSelector('#overrides-title');
      const year = Number(today().slice(0, 4));
      const monday = new Date(Date.UTC(year, 0, 5));
      while (monday.getUTCDay() !== 1) monday.setUTCDate(monday.getUTCDate() + 1);
      const day = monday.toISOString().slice(0, 10);
      // Preview first: a day off at the other office on the day the stuck case's step is due (a
      // working day) would move its dates; the dry run saves nothing, and the operator cancels.
      const dueAt = (await sys.getCase(stuck)).steps.find((s: any) => s.stepId === 'death-registration').dueAt as string;
      const dueDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(dueAt));
      await page.fill('#f-date', dueDay);
      await page.selectOption('#f-kind', 'day-off');
      await page.selectOption('#f-officeCode', OTHER_OFFICE);
      await page.fill('#f-reason', 'Thử nghiệm xem trước');
      await page.fill('#f-source', 'Quyết định thử nghiệm số 2/QĐ');
      await page.click('form[aria-labelledby="add-title"] button[type=submit]');
      await page.waitForSelector('#calendar-preview');
      const moved = page.locator('#preview-table tbody tr', { hasText: stuck });
      expect(await moved.count()).toBeGreaterThan(0);
      const cells = await moved.first().locator('td').allInnerTexts();
      expect(cells[3]).not.toBe(cells[2]);
      await expect(page.locator('#preview-summary').innerText()).resolves.toContain('Số hồ sơ đã rà soát');
      await shot(page, 'console-calendar-preview');
      expect(await unnamed(page)).toEqual([]);
      await page.click('#calendar-preview button.secondary');
      await page.waitForSelector('#calendar-preview', { state: 'detached' });
      expect((await sys.call('GET', `/v1/calendar?year=${year}&office=${OTHER_OFFICE}`, { key: sys.keys.operator })).body.overrides).not.toContainEqual(expect.objectContaining({ reason: 'Thử nghiệm xem trước' }));

      // A decision out of the calendar's years with a too-short source: both refused beside their fields, in Vietnamese.
      await page.fill('#f-date', '2200-01-06');
      await page.fill('#f-reason', 'Thử nghiệm bảng điều khiển');
      await page.fill('#f-source', 'x');
      await page.click('form[aria-labelledby="add-title"] button[type=submit]');
      await page.waitForSelector('#f-source-error');
      await expect(page.locator('#f-source-error').innerText()).resolves.toContain('cần ít nhất 3 ký tự');
      await expect(page.locator('#f-date-error').innerText()).resolves.toContain('phải trong khoảng năm 1990–2100');
      // Then a past Monday (no deadline of the running suite moves): nothing to move, confirmed, listed.
      await page.fill('#f-date', day);
      await page.fill('#f-source', 'Quyết định thử nghiệm số 1/QĐ');
      await page.click('form[aria-labelledby="add-title"] button[type=submit]');
      await page.waitForSelector('#calendar-preview');
      await page.click('#calendar-confirm');
      const listed = page.locator('section[aria-labelledby="overrides-title"] li', { hasText: 'Thử nghiệm bảng điều khiển' });
      await listed.waitFor();
      await shot(page, 'console-calendar');
      expect(await unnamed(page)).toEqual([]);
      // Removing it is previewed too.
      await listed.locator('button', { hasText: 'Xóa' }).click();
      await listed.locator('#calendar-preview').waitFor();
      await listed.locator('#calendar-confirm').click();
      await listed.waitFor({ state: 'detached' });

      // Who read the dossier: the desk officer, by name.
      await page.click('nav >> text=Nhật ký truy cập');
      await page.fill('#f-caseCode', caseCode);
      await page.click('form[role=search] button[type=submit]');
      await page.waitForSelector('#access-table');
      await expect(page.locator('#access-table').innerText()).resolves.toContain('Lê Thị Hoa');
      await shot(page, 'console-access-log');

      await page.goto(`${sys.apiUrl}/console/cases/${caseCode}`);
      await page.waitForSelector('#steps-title');
      await page.click('button.lang');
      await page.waitForSelector('nav >> text=Find cases');
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
      await expect(page.locator('h1').innerText()).resolves.toBe(`Case ${caseCode}`);
      await expect(page.locator('#steps-title').innerText()).resolves.toBe('Procedures');
      await expect(page.locator('#return-state').innerText()).resolves.toContain('Returned');
      await shot(page, 'console-case-en');
      await page.click('button.lang');
      await page.waitForSelector('nav >> text=Tra cứu hồ sơ');
      expect(unexpected(problems)).toEqual([]);
      await context.close();
    });

    test('When an agency officer asks for documents, the desk records them and then withdraws the case, and another officer refuses a death registration, then each action goes through its form', async () => {
      // A birth case: the civil-status officer asks for a document.
      const birth = (await sys.openCase(birthRequest(), sys.keys.desk[OFFICE])).caseCode as string;
      await waitFor(async () => ((await sys.getCase(birth)).steps.find((s: any) => s.stepId === 'birth-registration')?.status === 'DISPATCHED' ? true : undefined), 'birth registration dispatched');
      const civil = await person(sys, { name: 'agency.civil-ba-dinh', role: 'agency', fullName: 'Trần Văn Khoa (CIVIL-BA-DINH)', agencyCode: 'CIVIL-BA-DINH' });
      const agency = await openAs(browser, sys, civil);
      // Another role's screens, typed in: not for this role, no form the API would refuse.
      for (const screen of ['receive', 'users', 'tracking-book', 'operations']) {
        await agency.page.goto(`${sys.apiUrl}/console/${screen}`);
        await expect(agency.page.locator('#not-for-role').innerText()).resolves.toBe('Màn hình này không dành cho vai trò của bạn');
        expect(await agency.page.locator('form').count()).toBe(0);
      }
      await agency.page.goto(`${sys.apiUrl}/console/cases/${birth}/steps/birth-registration`);
      await agency.page.click('#tab-request-supplement');
      await agency.page.click('#submit-request-supplement');
      // Nothing listed: the schema's rule, by its path.
      await agency.page.waitForSelector('.alert.error');
      await agency.page.fill('#f-items-0-code', 'birth-certificate-medical');
      await agency.page.fill('#f-items-0-description', 'Bản chính giấy chứng sinh');
      await agency.page.click('#submit-request-supplement');
      await agency.page.waitForSelector('.alert.ok');
      // The agency's statistics: its own agency fixed, only the procedures a civil-status office is asked for.
      await agency.page.goto(`${sys.apiUrl}/console/statistics`);
      await agency.page.waitForSelector('#summary-title');
      await expect(agency.page.locator('#f-agency').isDisabled()).resolves.toBe(true);
      await expect(agency.page.locator('#f-agency').inputValue()).resolves.toBe('CIVIL-BA-DINH');
      await expect(agency.page.locator('#f-office').isDisabled()).resolves.toBe(false);
      await agency.page.locator('#f-procedure option[value="death-registration"]').waitFor({ state: 'attached' });
      const procedures = await agency.page.locator('#f-procedure option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      expect(procedures).toEqual(expect.arrayContaining(['death-registration', 'birth-registration']));
      expect(procedures).not.toContain('survivor-allowance');
      await agency.context.close();
      await waitFor(async () => ((await sys.getCase(birth)).status === 'AWAITING_SUPPLEMENT' ? true : undefined), 'awaiting supplement');

      const { page, context, problems } = await openAs(browser, sys, desk);
      await page.goto(`${sys.apiUrl}/console/cases/${birth}`);
      await page.waitForSelector('#sup-birth-registration');
      await page.fill('#f-documents-0-reference', 'Giấy chứng sinh số 123/2026');
      await shot(page, 'console-supplement');
      await page.click('form[aria-labelledby="sup-birth-registration"] button[type=submit]');
      await page.waitForSelector('.alert.ok');
      await waitFor(async () => ((await sys.getCase(birth)).steps.find((s: any) => s.stepId === 'birth-registration')?.status === 'DISPATCHED' ? true : undefined), 'dispatched again');

      await page.goto(`${sys.apiUrl}/console/cases/${birth}`);
      await page.click('#withdraw-open');
      await page.fill('#f-reason', 'Gia đình xin rút để nộp lại sau.');
      await page.click('form[aria-labelledby="withdraw-title"] button[type=submit]');
      await page.waitForSelector('.alert.ok');
      await sys.waitForCase(birth, ['WITHDRAWN']);
      expect(unexpected(problems)).toEqual([]);
      await context.close();

      /** A death case whose registration was handed to the civil-status officer, and that officer on its step page. */
      const deathAtCivil = async () => {
        const code = (await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE])).caseCode as string;
        await waitFor(async () => ((await sys.getCase(code)).steps.find((s: any) => s.stepId === 'death-registration')?.status === 'DISPATCHED' ? true : undefined), 'death registration dispatched');
        const officer = await openAs(browser, sys, civil);
        await officer.page.goto(`${sys.apiUrl}/console/cases/${code}/steps/death-registration`);
        return { code, ...officer };
      };

      // A death case whose registration the civil-status officer refuses: the whole case is refused.
      const { code: death, ...refusing } = await deathAtCivil();
      await refusing.page.click('#tab-reject');
      await refusing.page.fill('#f-reasonCode', 'not eligible');
      await refusing.page.fill('#f-reason', 'Giấy báo tử không hợp lệ.');
      await refusing.page.click('#submit-reject');
      await refusing.page.waitForSelector('#f-reasonCode-error');
      await refusing.page.fill('#f-reasonCode', 'NOT_ELIGIBLE');
      await refusing.page.click('#submit-reject');
      await refusing.page.waitForSelector('.alert.ok');
      await sys.waitForCase(death, ['REFUSED']);
      expect(unexpected(refusing.problems)).toEqual([]);
      await refusing.context.close();

      // Two officers of the agency on the same step: the second to send is told, in Vietnamese, that
      // it moved on, and sees the case as it is now (no form for a step that is done).
      const { code: clash, ...second } = await deathAtCivil();
      await second.page.waitForSelector('#actions-death-registration');
      await second.page.fill('#actions-death-registration input[name="result.extractNumber"]', '126/2026');
      await second.page.fill('#actions-death-registration input[name="result.extractDate"]', today());
      expect((await sys.actAsAgency(clash, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: { extractNumber: '125/2026', extractDate: today() } })).status).toBe(200);
      await second.page.click('#submit-complete');
      await second.page.waitForSelector('.alert.error');
      const told = await second.page.locator('.alert.error').innerText();
      expect(told).toContain('Thủ tục đã chuyển sang trạng thái khác');
      expect(told).not.toMatch(/step|DISPATCHED|COMPLETED/);
      await waitFor(async () => ((await second.page.locator('#actions-death-registration').count()) === 0 ? true : undefined), 'the form gone with the step done');
      await second.context.close();
    });

    test('When an admin adds a desk officer and then disables the account, then the list shows both and the new officer can sign in only before', async () => {
      const { page, context, problems } = await openAs(browser, sys, admin);
      await page.waitForSelector('#users-table');
      const username = `new.desk.${RUN}`;
      await page.fill('#f-username', username);
      await page.fill('#f-fullName', 'Vũ Thị Lan');
      await page.fill('#f-password', 'short');
      await page.selectOption('#f-role', 'desk');
      await page.selectOption('#f-officeCode', OFFICE);
      await page.click('#create-user');
      // The API's rule (at least 10 characters) beside the password.
      await page.waitForSelector('#f-password-error');
      await expect(page.locator('#f-password-error').innerText()).resolves.toContain('cần ít nhất 10 ký tự');
      await page.fill('#f-password', PASSWORD);
      await page.click('#create-user');
      await page.waitForSelector(`#users-table tr >> text=${username}`);
      await shot(page, 'console-users');
      expect(await unnamed(page)).toEqual([]);
      const fresh = await openAs(browser, sys, { username, fullName: 'Vũ Thị Lan', role: 'desk', officeCode: OFFICE });
      await fresh.context.close();
      page.once('dialog', (d) => void d.accept());
      await page.click(`button[aria-label="Khóa ${username}"]`);
      await page.waitForSelector(`#users-table tr:has-text("${username}") >> text=Đã khóa`);
      const refused = await sys.call('POST', '/v1/session', { body: { username, password: PASSWORD } });
      expect(refused.status).toBe(401);
      expect(unexpected(problems)).toEqual([]);
      await context.close();
    });

    test('When the desk opens its screens on a phone-sized screen, then nothing overflows sideways', async () => {
      const { page, context } = await openAs(browser, sys, desk, { width: 390, height: 844 });
      await page.waitForSelector('table.cases');
      expect(await fits(page)).toBe(true);
      await shot(page, 'console-phone-cases');
      await page.goto(`${sys.apiUrl}/console/cases/${caseCode}`);
      await page.waitForSelector('#steps-title');
      expect(await fits(page)).toBe(true);
      await shot(page, 'console-phone-case');
      await page.goto(`${sys.apiUrl}/console/receive`);
      await page.waitForSelector('#f-applicant-fullName');
      expect(await fits(page)).toBe(true);
      await page.goto(`${sys.apiUrl}/console/statistics`);
      await page.waitForSelector('#summary-chart');
      expect(await fits(page)).toBe(true);
      await page.locator('section[aria-labelledby="summary-title"]').screenshot({ path: path.join(SCREENSHOTS, 'console-phone-statistics.png') });
      await context.close();
    });
  });
}
