import { buildProcessControl } from './build/process-control';
import { buildApology, buildReceipt, buildRefusal, buildSupplementRequest } from './build/slips';
import type { CaseForm, CaseFormKey, DossierRecord, FormOptions, LedgerCase } from './types';

// The forms of Circular 01/2018/TT-VPCP Art 9, built from the ledger: pure builders (ledger records
// → form JSON with Vietnamese wording) and PDF renderers. No database, no HTTP: the API feeds them.

export * from './types';
export { LedgerDataError } from './build/common';
export { buildTrackingBook } from './build/tracking-book';
export { buildApology, buildReceipt, buildRefusal, buildSupplementRequest, buildProcessControl };
// The renderers themselves (pdfkit, fontkit, qrcode: about 30 MiB) load only in the render threads;
// the API reaches them through the pool. In-thread rendering: forms/pdf/slips.ts, tracking-book.ts.
export { createPdfRenderer, type PdfRenderer, type PdfRendererOptions } from './pdf/pool';

const BUILDERS: Record<CaseFormKey, (c: LedgerCase, dossier: DossierRecord | undefined, options: FormOptions) => CaseForm | undefined> = {
  receipt: buildReceipt,
  'supplement-request': buildSupplementRequest,
  refusal: buildRefusal,
  apology: buildApology,
  'process-control': (c, dossier) => buildProcessControl(c, dossier),
};

/** The form, or undefined when the case has no ground for it (no supplement asked, no refusal, no apology). */
export function buildCaseForm(key: CaseFormKey, c: LedgerCase, dossier: DossierRecord | undefined, options: FormOptions = {}): CaseForm | undefined {
  const form = BUILDERS[key](c, dossier, options);
  return form && options.tracking ? { ...form, trackingUrl: options.tracking.url } : form;
}
