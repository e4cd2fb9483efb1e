import { buildReceipt, buildTrackingBook, createPdfRenderer, PdfRenderer, ReceiptForm } from '../../forms';
import { renderCaseFormPdf } from '../../forms/pdf/slips';
import { renderTrackingBookPdf } from '../../forms/pdf/tracking-book';
import { dossier, ledgerCase, OFFICE } from '../helpers/forms-ledger';
import { readPdf } from '../helpers/pdf-text';

// The pool runs the same renderers in worker threads. Under jest the thread gets no swc transform,
// so these tests also prove that render-thread.js loads the TypeScript renderers by itself (tsx).

const receipt = () => buildReceipt(ledgerCase(), dossier);

function trackingBook() {
  const cases = Array.from({ length: 12 }, (_, i) => ({ ...ledgerCase(), caseCode: `${OFFICE}-261125-${String(i + 1).padStart(4, '0')}`, applicant: dossier.applicant }));
  return buildTrackingBook(OFFICE, '2026-11-25', '2026-11-25', cases);
}

/** Watches a 10 ms interval timer; stop() gives the largest lateness seen, including the gap up to now. */
function watchEventLoop(intervalMs = 10): () => number {
  let last = performance.now();
  let max = 0;
  const tick = () => {
    const now = performance.now();
    max = Math.max(max, now - last - intervalMs);
    last = now;
  };
  const timer = setInterval(tick, intervalMs);
  return () => {
    clearInterval(timer);
    tick();
    return max;
  };
}

async function elapsed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

describe('PDF rendering in worker threads', () => {
  let pdf: PdfRenderer;
  beforeAll(() => {
    pdf = createPdfRenderer();
  });
  afterAll(() => pdf.close());

  test('When a receipt is rendered in the pool, then it is the same PDF the in-thread renderer makes', async () => {
    const form = receipt();
    const pooled = await pdf.renderCaseForm(form);
    expect(Buffer.isBuffer(pooled)).toBe(true);
    expect(pooled.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const inThread = await renderCaseFormPdf(form);
    expect(readPdf(pooled)).toEqual(readPdf(inThread));
    expect(readPdf(pooled)[0]!.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    // The form's own date fixes the bytes, so the clone sent to the thread changes nothing.
    expect(pooled.equals(inThread)).toBe(true);
  });

  test('When a tracking book is rendered in the pool, then it has the pages and text of the in-thread one', async () => {
    const book = trackingBook();
    const pooled = await pdf.renderTrackingBook(book);
    expect(pooled.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = readPdf(pooled);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages).toEqual(readPdf(await renderTrackingBookPdf(book)));
    expect(pages[0]!.text).toContain('SỔ THEO DÕI HỒ SƠ');
  });

  test('When a renderer throws, then the render rejects with its message and the pool renders the next one', async () => {
    const broken = { ...receipt(), documents: null } as unknown as ReceiptForm;
    const inThread = await renderCaseFormPdf(broken).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(inThread?.message).toBeTruthy();
    await expect(pdf.renderCaseForm(broken)).rejects.toMatchObject({ name: inThread!.name, message: inThread!.message });
    const next = await pdf.renderCaseForm(receipt());
    expect(next.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('When 16 receipts are rendered at once, then the main thread keeps answering timers', async () => {
    const form = receipt();
    await pdf.renderCaseForm(form); // a warm thread: its start is not what this test measures
    const oneInThread = await elapsed(() => renderCaseFormPdf(form));

    // Pooled first, so the garbage of the in-thread renders is not collected on the pooled clock.
    let stop = watchEventLoop();
    const pooled = await Promise.all(Array.from({ length: 16 }, () => pdf.renderCaseForm(form)));
    const blockedPooled = stop();

    stop = watchEventLoop();
    await Promise.all(Array.from({ length: 16 }, () => renderCaseFormPdf(form)));
    const blockedInThread = stop();

    expect(pooled.every((b) => b.equals(pooled[0]!))).toBe(true);
    // In-thread, pdfkit's synchronous layout holds the loop for about the sum of the renders (0.4 s
    // under tsx, 0.9–1.8 s under jest on a 2-core machine), at least one whole render; pooled, the
    // loop only posts messages (5–15 ms; up to ~90 ms seen when the machine was loaded, so a bound of
    // one render would be flaky). A quarter of the in-thread figure scales with the machine's load
    // and still fails if rendering came back to the main thread.
    expect(blockedInThread).toBeGreaterThanOrEqual(oneInThread * 0.8);
    expect(blockedPooled).toBeLessThan(blockedInThread / 4);
  });
});

describe('the pool’s threads', () => {
  test('When the renderer is created, then no thread starts until the first render', async () => {
    const pdf = createPdfRenderer();
    expect(pdf.threads).toBe(0);
    await pdf.close();
  });

  test('When a thread stays idle past idleTimeoutMs, then it exits', async () => {
    const pdf = createPdfRenderer({ idleTimeoutMs: 100 });
    try {
      await pdf.renderCaseForm(receipt());
      expect(pdf.threads).toBe(1);
      const deadline = Date.now() + 5_000;
      while (pdf.threads > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(pdf.threads).toBe(0);
    } finally {
      await pdf.close();
    }
  });

  test('When the renderer is closed, then renders already asked for finish, the threads end and later renders are refused', async () => {
    const pdf = createPdfRenderer({ maxThreads: 2 });
    const asked = Array.from({ length: 4 }, () => pdf.renderCaseForm(receipt()));
    await pdf.close();
    for (const bytes of await Promise.all(asked)) expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.threads).toBe(0);
    await expect(pdf.renderCaseForm(receipt())).rejects.toThrow('The PDF renderer is closed.');
    await expect(pdf.close()).resolves.toBeUndefined();
  });
});
