import type { Request } from 'express';
import { z } from 'zod';
import { addDays, instantAt, localDateOf, nameText } from '../../domain';
import { buildCaseForm, buildTrackingBook, CASE_FORM_KEYS, CaseFormKey } from '../../forms';
import { recordDossierAccess } from '../../prisma/access-log';
import { getCaseDetail, loadDossier } from '../../prisma/cases-read';
import { countOfficeCases, countOfficeCasesBefore, trackingBookCases } from '../../prisma/forms-read';
import { caseNotFound } from '../case-resource';
import type { ApiDeps } from '../deps';
import { Reply, Route, route } from '../http/route';
import { Problem } from '../problem';
import { ratingCodeOf, trackingUrlOf } from '../tracking/rating-code';
import { caseCodeSchema, officeCodeSchema, problemSchemaWith, queryDate as date } from '../schemas';

// The forms of Circular 01/2018/TT-VPCP Art 9, as JSON or printable PDF. They show the applicant's
// name and contacts, so only the desk of the receiving office reads them (operators too get 403).
// PDFs render in a worker thread (forms/pdf/pool.ts), off the API's event loop.

export const TRACKING_BOOK_MAX_DAYS = 366;
export const TRACKING_BOOK_MAX_ROWS = 5000;

const format = z.enum(['json', 'pdf']).optional().meta({ description: '`json` (default) or `pdf`. Without it, `Accept: application/pdf` selects the PDF.' });
const office = z.object({ code: z.string(), name: z.string(), province: z.string() });

const caseFormSchema = z
  .object({
    form: z.enum(CASE_FORM_KEYS),
    formNumber: z.string().meta({ description: 'e.g. `Mẫu số 01`.' }),
    title: z.string().meta({ description: 'The Vietnamese title of the form.' }),
    legalBasis: z.string(),
    caseCode: caseCodeSchema,
    office,
    issuedAt: z.string().meta({ description: "The form's own date (the PDF's creation date): receipt, latest request or refusal, the apology, the last hand-over." }),
    procedureGroup: z.object({ code: z.string(), name: z.string() }),
    trackingUrl: z.string().nullable().meta({ description: 'What the QR code encodes: the applicant’s tracking page `${PUBLIC_BASE_URL}/tra-cuu?ma=<case code>` (on the receipt with `&k=<rating code>`).' }),
  })
  .catchall(z.unknown())
  .meta({
    id: 'CaseForm',
    description: [
      'Common fields, then per form:',
      '`receipt` (Mẫu số 01): receiptNumber (Số: the case code), bookVolume (Quyển số: the receipt year, one book per office and year), bookLine (Số thứ tự in that book), officer (người tiếp nhận, from `officerName`), ratingCode (mã đánh giá: lets the holder of the slip rate the service on the tracking page once the result is returned), applicant, subject, request, procedures with time limits, documents, dossierSets, receivedAt, appointmentAt (the first appointment), channel, resultDelivery.',
      '`supplement-request` (Mẫu số 02): applicant, reason (lý do), guidingOfficer (người hướng dẫn: `officerName`, `officerPhone`), requests — one per step that asked, with items, note, requestedAt, submittedAt.',
      '`refusal` (not Mẫu số 03, which is the desk’s refusal at receipt the engine never issues): the competent agency’s notice refusing the dossier after appraisal, titled THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ, issued in the name of `issuers` (the agencies that refused); applicant, refusals — one per refused step, with reasonCode, reason, refusedAt — and otherProcedures with their status.',
      '`apology` (Mẫu số 04): issued in the name of `issuers`, the agencies whose steps were late (Decree 61/2018 Art 19(4) as amended by Decree 107/2021); applicant, previousAppointmentAt, newAppointmentAt, lateSteps, reason (from the APOLOGY_ISSUED event).',
      '`process-control` (Mẫu số 05): applicant (kèm theo hồ sơ của), leadAgency (cơ quan chủ trì) and coordinatingAgencies (phối hợp), procedures, handOvers — every timeline event with from/to, at, dueAt, timeliness (`early`, `on-time`, `late`: trước/đúng/quá hạn), onTime, note; the last is RESULT_RETURNED (trả kết quả cho tổ chức, cá nhân), measured against the appointment — and resultReturn (state, returnedAt, method, timeliness, recipientLabel).',
      'The applicant and subject are personal data.',
    ].join('\n'),
  });

const trackingBookSchema = z
  .object({
    form: z.literal('tracking-book'),
    formNumber: z.string(),
    title: z.string(),
    legalBasis: z.string(),
    office,
    from: z.iso.date(),
    to: z.iso.date(),
    issuedAt: z.string().meta({ description: 'The latest activity the book shows (the start of the range when empty).' }),
    count: z.number().int().min(0),
    rows: z.array(z.record(z.string(), z.unknown())).meta({
      description:
        'Oldest first: no, caseCode, receivedAt, applicant (name, address, phone), dossierSets (số lượng hồ sơ, bộ), procedures with agency and status, firstDispatchedAt, appointmentAt, closedAt, resultReceivedAt (nhận kết quả từ cơ quan giải quyết), returnedAt, returnMethod (trả kết quả cho tổ chức, cá nhân), signature (ký nhận: on paper, null in JSON), status, timeliness measured at the return of the result, notes (supplements, refusals, new appointments, not yet returned).',
    }),
  })
  .meta({ id: 'TrackingBook' });

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

async function answer(pdf: boolean, json: unknown, render: () => Promise<Buffer>, filename: string): Promise<Reply> {
  // The answer depends on Accept.
  const headers = { Vary: 'Accept' };
  return pdf ? { status: 200, pdf: await render(), filename, headers } : { status: 200, json, headers };
}

async function bookLineOf(deps: ApiDeps, officeCode: string, caseCode: string, receivedAt: Date): Promise<number> {
  const year = localDateOf(receivedAt).slice(0, 4);
  return (await countOfficeCasesBefore(deps.db, officeCode, instantAt(`${year}-01-01`, '00:00'), { receivedAt, caseCode })) + 1;
}

/** The name of the console user who received the case (its RECEIVED event's `details.by`), if a person did. */
function receivingPerson(timeline: readonly { type: string; details: unknown }[]): string | undefined {
  const by = (timeline.find((e) => e.type === 'RECEIVED')?.details as { by?: { name?: unknown } } | undefined)?.by;
  return typeof by?.name === 'string' && by.name ? by.name : undefined;
}

export function formRoutes(deps: ApiDeps): Route[] {
  return [
    route(
      {
        method: 'get',
        path: '/v1/cases/{caseCode}/forms/{form}',
        operationId: 'getCaseForm',
        tag: 'Cases',
        summary: 'A form of Circular 01/2018/TT-VPCP for a case (giấy tiếp nhận, phiếu yêu cầu bổ sung, từ chối, xin lỗi, kiểm soát quá trình)',
        description:
          'Built from the ledger each time. `supplement-request`, `refusal` and `apology` exist only once the case has such an event (otherwise 404). The PDF is an A5 slip in Vietnamese with the national heading, the office, the case code as text and a QR code encoding the address of the applicant’s tracking page (`trackingUrl`) and dates as dd/mm/yyyy in Vietnam time; the same ledger gives the same bytes.',
        access: ['desk'],
        roleNote:
          'Only the desk of the office that received the case: the forms show the applicant’s name, address and phone (personal data), which operators and agencies do not get — they receive 403.',
        needs: ['database'],
        params: z.object({ caseCode: caseCodeSchema, form: z.string().regex(/^[a-z-]{1,40}$/, 'must be a form name such as receipt').meta({ description: `The form: ${CASE_FORM_KEYS.join(', ')}.` }) }),
        query: z.strictObject({
          format,
          officerName: nameText({ min: 1, max: 200 }).optional().meta({ description: 'The desk officer printed on the slip (người tiếp nhận / người hướng dẫn): printed, never stored. Absent, the receipt names the person who received the case (blank when a system received it with an API key) and the other forms the signed-in officer printing them (blank with an API key): the line is then written by hand.' }),
          officerPhone: z.string().regex(/^\+?[0-9 .-]{6,20}$/, 'must be a phone number').optional().meta({ description: 'The officer’s phone, printed on the supplement request (Mẫu số 02).' }),
        }),
        responses: {
          200: { description: 'The form as JSON, or as `application/pdf`.', json: caseFormSchema, alternatives: { 'application/pdf': 'The A5 slip (PDF).' } },
          403: { description: 'Not a desk key (operators and agencies included: the forms carry personal data).' },
          404: {
            description: 'No such case or not visible to this key; an unknown form (`knownForms` lists them); or a form the case has no ground for (no supplement requested, no refusal, no apology).',
            problem: problemSchemaWith({ knownForms: z.array(z.string()).optional() }, 'ProblemWithKnownForms'),
          },
        },
      },
      async ({ principal: p, params, query, req }) => {
        const key = params.form as CaseFormKey;
        if (!CASE_FORM_KEYS.includes(key)) {
          throw new Problem(404, 'Unknown form', `No form ${params.form}; the forms are ${CASE_FORM_KEYS.join(', ')}.`, [], undefined, { knownForms: CASE_FORM_KEYS });
        }
        const detail = await getCaseDetail(deps.db, params.caseCode);
        // Another office's case looks like no case, as everywhere: case codes are not to be probed.
        if (!detail || detail.receivingOffice !== p.officeCode) throw caseNotFound(params.caseCode);
        const dossier = await loadDossier(deps.db, params.caseCode);
        // The receipt's người tiếp nhận is the person who received the dossier (a reprint by a
        // colleague names them, not the colleague); the other forms name the signed-in officer
        // printing them — unless another name is given.
        // A receipt of a case received by a system (an API key) names nobody: the line is left to be written by hand.
        const printer = key === 'receipt' ? receivingPerson(detail.timeline) : p.personName;
        const officer = { name: query.officerName ?? printer ?? null, phone: query.officerPhone ?? null };
        // Số thứ tự: the case's line in its office's book of the receipt year (counted, not stored).
        const bookLine = key === 'receipt' ? await bookLineOf(deps, detail.receivingOffice, detail.caseCode, new Date(detail.receivedAt)) : undefined;
        // The QR code opens the case's tracking page; the receipt, which the applicant keeps, also carries the rating code.
        const ratingCode = key === 'receipt' ? ratingCodeOf(deps.tracking.ratingSecret, detail.caseCode) : undefined;
        const tracking = { url: trackingUrlOf(deps.publicBaseUrl, detail.caseCode, ratingCode), ratingCode };
        const form = buildCaseForm(key, detail, dossier, { officer, bookLine, tracking });
        if (!form) throw new Problem(404, 'Form not issued', NOT_ISSUED[key]);
        await recordDossierAccess(deps.db, p, `form:${key}`, [detail.caseCode], deps.now());
        return answer(wantsPdf(req, query.format), form, () => deps.pdf.renderCaseForm(form), `${params.caseCode}-${key}.pdf`);
      },
    ),
    route(
      {
        method: 'get',
        path: '/v1/offices/{officeCode}/tracking-book',
        operationId: 'getTrackingBook',
        tag: 'Cases',
        summary: 'Sổ theo dõi hồ sơ: the dossier tracking book of an office (Mẫu số 06)',
        description: `Every case the office received from \`from\` to \`to\` inclusive (dates in Vietnam time; default today; at most ${TRACKING_BOOK_MAX_DAYS} days), oldest first, at most ${TRACKING_BOOK_MAX_ROWS} rows — a range holding more is refused with 422 (\`count\`, \`maxRows\`). The PDF is an A4 landscape book.`,
        access: ['desk'],
        roleNote: 'Only the desk of that office: the book shows applicants’ names and contacts (personal data); operators and agencies receive 403.',
        needs: ['database'],
        params: z.object({ officeCode: officeCodeSchema }),
        query: z.strictObject({
          from: date.optional().meta({ description: 'First receipt date (Vietnam time); default `to`, or today.' }),
          to: date.optional().meta({ description: 'Last receipt date, inclusive; default `from`, or today.' }),
          format,
        }),
        responses: {
          200: { description: 'The book as JSON, or as `application/pdf`.', json: trackingBookSchema, alternatives: { 'application/pdf': 'The A4 landscape book (PDF).' } },
          403: { description: 'Not a desk key, or another office’s book.' },
          422: {
            description: `Invalid dates, \`to\` before \`from\`, a range over ${TRACKING_BOOK_MAX_DAYS} days, or more than ${TRACKING_BOOK_MAX_ROWS} cases in the range (\`count\`, \`maxRows\`).`,
            problem: problemSchemaWith({ count: z.number().int().optional(), maxRows: z.number().int().optional() }, 'ProblemWithCount'),
          },
        },
      },
      async ({ principal: p, params, query, req }) => {
        const officeCode = params.officeCode;
        if (officeCode !== p.officeCode) throw new Problem(403, 'Forbidden', "A desk reads only its own office's tracking book.");
        const today = localDateOf(deps.now());
        const from = query.from ?? query.to ?? today;
        const to = query.to ?? (query.from ? from : today);
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
        // One record per case the book lists: each shows its applicant.
        await recordDossierAccess(deps.db, p, 'tracking-book', cases.map((c) => c.caseCode), deps.now());
        return answer(wantsPdf(req, query.format), book, () => deps.pdf.renderTrackingBook(book), `so-theo-doi-ho-so-${officeCode}-${from}-${to}.pdf`);
      },
    ),
  ];
}
