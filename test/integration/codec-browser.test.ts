import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTemporalDevServer, type RunningTemporal } from '../../platform/temporal-dev-server';
import { payloadToJson, type PayloadJson } from '../helpers/codec-client';
import { freePort } from '../helpers/ports';
import { payloadsOf, rawHistory } from '../helpers/raw-temporal';
import { birthRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// The sign-in page in a real browser (Chromium driven by playwright-core): an operator pastes a key,
// and the session cookie then decodes from the page's origin and from a Web UI origin, as the
// Temporal Web UI does with "Include cross-origin credentials".

// Code passed to page.evaluate runs in the browser; tsconfig's lib has no DOM, so what it uses is declared here.
declare const document: { cookie: string; body: { innerText: string }; documentElement: { scrollWidth: number; clientWidth: number } };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'lien-thong-screenshots');

/** Stands for the Temporal Web UI: another origin on the same host that calls the codec server with credentials. */
function startUiOrigin(): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Web UI stand-in</title>'));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

/** The decode call the Web UI makes (its codec settings: endpoint, include credentials). */
async function decodeFrom(page: Page, url: string, payloads: PayloadJson[], credentials: 'same-origin' | 'include'): Promise<{ status: number; body?: any; error?: string }> {
  return page.evaluate(
    async ({ url, payloads, credentials }) => {
      try {
        const res = await fetch(url, { method: 'POST', credentials, headers: { 'content-type': 'application/json', 'x-namespace': 'default' }, body: JSON.stringify({ payloads }) });
        return { status: res.status, body: await res.json() };
      } catch (err) {
        return { status: 0, error: String(err) };
      }
    },
    { url, payloads, credentials },
  );
}

/** What an operator does on /codec: paste the key, sign in. */
async function signIn(page: Page, apiUrl: string, key: string): Promise<void> {
  await page.goto(`${apiUrl}/codec`);
  await page.fill('#apiKey', key);
  await page.click('button[type=submit]');
  await page.waitForSelector('#status.ok');
}

if (!existsSync(CHROMIUM)) {
  const why = `no Chromium at ${CHROMIUM} (install it with apt-get install -y chromium, as .ci/run does, or set CHROMIUM_PATH)`;
  console.warn(`codec browser tests skipped: ${why}`);
  describe('the codec sign-in page in a browser', () => {
    test.skip(`When Chromium is missing, then the browser tests are skipped: ${why}`, () => undefined);
  });
} else {
  describe('the codec sign-in page in a browser', () => {
    let sys: TestSystem;
    let browser: Browser;
    let ui: { server: Server; port: number };
    let caseCode: string;
    let encrypted: PayloadJson[];

    beforeAll(async () => {
      ui = await startUiOrigin();
      sys = await startTestSystem({ mode: 'auto', delayMs: 10, codecCorsOrigins: [`http://127.0.0.1:${ui.port}`] });
      ({ caseCode } = await sys.openCase(birthRequest(), sys.keys.desk[OFFICE]));
      await sys.waitForCase(caseCode, ['COMPLETED']);
      await sys.client.workflow.getHandle(caseCode).result();
      const raw = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
      encrypted = payloadsOf(await rawHistory(raw, caseCode)).payloads.map(payloadToJson);
      await raw.close();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      ui?.server.close();
      await sys?.stop();
    });

    test('When an operator pastes a key on /codec, then an HttpOnly session opens and decodes from the page’s origin and from the Web UI’s, not from another origin', async () => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const loaded = await page.goto(`${sys.apiUrl}/codec`);
      expect(loaded?.status()).toBe(200);
      await expect(page.title()).resolves.toContain('Codec');
      await expect(page.locator('label[for=apiKey]').innerText()).resolves.toContain('Khóa API vận hành');
      await expect(page.locator('label[for=apiKey]').innerText()).resolves.toContain('Operator API key');
      await expect(page.locator('#endpoint').innerText()).resolves.toBe(`${sys.apiUrl}/codec`);

      // A desk key is refused and says so.
      await page.fill('#apiKey', sys.keys.desk[OFFICE]!);
      await page.click('button[type=submit]');
      await page.waitForSelector('#status.err');
      await expect(page.locator('#status').innerText()).resolves.toContain('not an operator key');

      await page.fill('#apiKey', sys.keys.operator);
      await page.click('button[type=submit]');
      await page.waitForSelector('#status.ok');
      await expect(page.locator('#status').innerText()).resolves.toContain('Session open until');
      await expect(page.locator('#apiKey').inputValue()).resolves.toBe('');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'codec-signed-in.png'), fullPage: true });

      const cookie = (await context.cookies(`${sys.apiUrl}/codec`)).find((c) => c.name === 'ltk_codec_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/codec' });
      await expect(page.evaluate(() => document.cookie)).resolves.not.toContain('ltk_codec_session');

      const sameOrigin = await decodeFrom(page, '/codec/decode', encrypted, 'same-origin');
      expect(sameOrigin.status).toBe(200);
      const decodedTexts: string[] = sameOrigin.body.payloads.map((p: { data: string }) => Buffer.from(p.data, 'base64').toString());
      expect(decodedTexts.some((t) => t.includes(`"caseCode":"${caseCode}"`))).toBe(true);

      const uiPage = await context.newPage();
      await uiPage.goto(`http://127.0.0.1:${ui.port}/`);
      const fromUi = await decodeFrom(uiPage, `${sys.apiUrl}/codec/decode`, encrypted, 'include');
      expect(fromUi.status).toBe(200);
      expect(fromUi.body.payloads).toHaveLength(encrypted.length);
      // Without "include credentials" the UI's call carries no session.
      expect((await decodeFrom(uiPage, `${sys.apiUrl}/codec/decode`, encrypted, 'same-origin')).status).toBe(401);
      // An origin not in CODEC_CORS_ORIGINS: the browser refuses the preflight, the call never happens.
      await uiPage.goto(`http://localhost:${ui.port}/`);
      const other = await decodeFrom(uiPage, `${sys.apiUrl}/codec/decode`, encrypted, 'include');
      expect(other.status).toBe(0);
      expect(other.error).toContain('Failed to fetch');

      await page.click('#signout');
      await page.waitForSelector('#signout', { state: 'hidden' });
      expect((await decodeFrom(page, '/codec/decode', encrypted, 'same-origin')).status).toBe(401);
      // No script error and no Content-Security-Policy violation: only the refusals the test asked for.
      expect(problems.filter((p) => !/status of 40[13] /.test(p))).toEqual([]);
      await context.close();
    });

    test('When the page is opened on a phone-sized screen, then it lays out without overflowing', async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${sys.apiUrl}/codec`);
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'codec-phone.png'), fullPage: true });
      await context.close();
    });
  });

  describe('the Temporal Web UI decoding through the codec server', () => {
    let temporal: RunningTemporal;
    let sys: TestSystem;
    let browser: Browser;
    let uiPort: number;

    beforeAll(async () => {
      // The dev server's own Web UI (the version npm start runs), over a system of its own.
      uiPort = await freePort();
      temporal = await startTemporalDevServer({ port: await freePort(), uiPort });
      sys = await startTestSystem({ mode: 'auto', delayMs: 10, temporalAddress: temporal.address, codecCorsOrigins: [`http://127.0.0.1:${uiPort}`] });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      mkdirSync(SCREENSHOTS, { recursive: true });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await sys?.stop();
      await temporal?.stop();
    }, 120_000);

    test('When an operator signs in on /codec and turns on "Include cross-origin credentials" in the UI’s codec settings, then the UI shows the case’s decoded input', async () => {
      const { caseCode } = await sys.openCase(birthRequest(), sys.keys.desk[OFFICE]);
      await sys.waitForCase(caseCode, ['COMPLETED']);
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const decodes: number[] = [];
      page.on('response', (r) => r.url().includes('/codec/decode') && decodes.push(r.status()));
      await signIn(page, sys.apiUrl, sys.keys.operator);

      await page.goto(`http://127.0.0.1:${uiPort}/namespaces/default/workflows/${encodeURIComponent(caseCode)}`);
      await page.click('[data-testid^="data-encoder-status"]');
      await page.getByText('Use my browser setting and ignore Cluster-level setting.').click();
      await page.fill('#data-encoder-endpoint-input', `${sys.apiUrl}/codec`);
      await page.getByText('Include cross-origin credentials').click();
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.reload();
      // Input and result both decoded: the start input's fields and the CaseView's, no ciphertext left on the page.
      await page.waitForFunction(
        (code) => {
          const text = document.body.innerText;
          return text.includes('"receivingOffice"') && text.includes('"pendingAgencies"') && text.includes(code) && !text.includes('YmluYXJ5L2VuY3J5cHRlZA==');
        },
        caseCode,
        { timeout: 45_000 },
      );
      expect(decodes.length).toBeGreaterThan(0);
      expect(decodes.every((status) => status === 200)).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'temporal-ui-decoded.png') });
      await context.close();
    }, 90_000);
  });
}
