import { Request, Response, Router } from 'express';
import { z } from 'zod';
import { addDays, instantAt, isIsoDate, localDateOf } from '../../domain';
import { buildCaseForm, buildTrackingBook, CASE_FORM_KEYS, CaseFormKey, renderCaseFormPdf, renderTrackingBookPdf } from '../../forms';
import { getCaseDetail, loadDossier } from '../../prisma/cases-read';
import { countOfficeCases, trackingBookCases } from '../../prisma/forms-read';
import { requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { Problem } from '../problem';

// The forms of Circular 01/2018/TT-VPCP Art 9, as JSON or printable PDF. They show the applicant's
// name and contacts, so only the desk of the receiving office reads them (operators too get 403).

export const TRACKING_BOOK_MAX_DAYS = 366;
export const TRACKING_BOOK_MAX_ROWS = 5000;

const format = z.enum(['json', 'pdf']).optional();
const caseFormQuery = z.strictObject({ format });
const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const bookQuery = z.strictObject({ from: date.optional(), to: date.optional(), format });

const NOT_ISSUED: Partial<Record<CaseFormKey, string>> = {
  'supplement-request': 'No step of this case requested a supplement.',
  refusal: 'No step of this case was refused.',
  apology: 'No apology (APOLOGY_ISSUED) is recorded for this case.',
};

/** `?format=` decides; without it, an Accept that prefers PDF over JSON gets the PDF. */
function wantsPdf(req: Request, requested: 'json' | 'pdf' | undefined): boolean {
  if (requested) return requested === 'pdf';
  return req.accepts(['application/json', 'application/pdf']) === 'application/pdf';
}

async function send(res: Response, pdf: boolean, json: unknown, render: () => Promise<Buffer>, filename: string): Promise<void> {
  // Personal data: no shared caches; the answer depends on Accept.
  res.set({ 'Cache-Control': 'no-store', Vary: 'Accept' });
  if (!pdf) {
    res.json(json);
    return;
  }
  const bytes = await render();
  res.type('application/pdf').set('Content-Disposition', `inline; filename="${filename}"`).send(bytes);
}

export function formsRouter(deps: ApiDeps): Router {
  const r = Router();

  r.get('/v1/cases/:caseCode/forms/:form', async (req, res) => {
    const p = requireRole(req, 'desk');
    const parsed = caseFormQuery.safeParse(req.query);
    if (!parsed.success) throw Problem.fromZod(parsed.error);
    const key = req.params.form as CaseFormKey;
    if (!CASE_FORM_KEYS.includes(key)) {
      throw new Problem(404, 'Unknown form', `No form ${req.params.form}; the forms are ${CASE_FORM_KEYS.join(', ')}.`, [], undefined, { knownForms: CASE_FORM_KEYS });
    }
    const code = req.params.caseCode;
    const detail = await getCaseDetail(deps.db, code);
    // Another office's case looks like no case, as everywhere: case codes are not to be probed.
    if (!detail || detail.receivingOffice !== p.officeCode) throw new Problem(404, 'Case not found', `No case ${code} visible to this key.`);
    const dossier = await loadDossier(deps.db, code);
    const form = buildCaseForm(key, detail, dossier);
    if (!form) throw new Problem(404, 'Form not issued', NOT_ISSUED[key]);
    await send(res, wantsPdf(req, parsed.data.format), form, () => renderCaseFormPdf(form), `${code}-${key}.pdf`);
  });

  r.get('/v1/offices/:officeCode/tracking-book', async (req, res) => {
    const p = requireRole(req, 'desk');
    const officeCode = req.params.officeCode;
    if (officeCode !== p.officeCode) throw new Problem(403, 'Forbidden', "A desk reads only its own office's tracking book.");
    const parsed = bookQuery.safeParse(req.query);
    if (!parsed.success) throw Problem.fromZod(parsed.error);
    const today = localDateOf(deps.now());
    const from = parsed.data.from ?? parsed.data.to ?? today;
    const to = parsed.data.to ?? (parsed.data.from ? from : today);
    if (from > to) throw Problem.validation([{ path: 'to', message: 'must not be before from' }]);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (days > TRACKING_BOOK_MAX_DAYS) throw Problem.validation([{ path: 'to', message: `the range may span at most ${TRACKING_BOOK_MAX_DAYS} days` }]);

    const start = instantAt(from, '00:00');
    const before = instantAt(addDays(to, 1), '00:00');
    const count = await countOfficeCases(deps.db, officeCode, start, before);
    if (count > TRACKING_BOOK_MAX_ROWS) {
      throw new Problem(
        422,
        'Tracking book too large',
        `The office received ${count} cases from ${from} to ${to}; a tracking book holds at most ${TRACKING_BOOK_MAX_ROWS}. Ask for a shorter range.`,
        [{ path: 'from', message: `the range holds more than ${TRACKING_BOOK_MAX_ROWS} cases` }],
        undefined,
        { count, maxRows: TRACKING_BOOK_MAX_ROWS },
      );
    }
    const cases = await trackingBookCases(deps.db, officeCode, start, before, TRACKING_BOOK_MAX_ROWS);
    const book = buildTrackingBook(officeCode, from, to, cases);
    await send(res, wantsPdf(req, parsed.data.format), book, () => renderTrackingBookPdf(book), `so-theo-doi-ho-so-${officeCode}-${from}-${to}.pdf`);
  });

  return r;
}
