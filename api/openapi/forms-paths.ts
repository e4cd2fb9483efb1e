import { CASE_FORM_KEYS } from '../../forms';
import { operation, pathParam, queryParam } from './operations';
import { JsonSchema, ref } from './request-schemas';
import { caseCode } from './response-schemas';

// The forms of Circular 01/2018/TT-VPCP Art 9 (api/routes/forms.ts). Schemas are inline: the form
// shapes are TypeScript types of forms/types.ts, summarised here.

const str = (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) });
const instant = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });
const office = { type: 'object', properties: { code: str(), name: str(), province: str() }, required: ['code', 'name', 'province'] };

const formatParam = queryParam('format', '`json` (default) or `pdf`. Without it, `Accept: application/pdf` selects the PDF.', { type: 'string', enum: ['json', 'pdf'], default: 'json' });

const caseForm: JsonSchema = {
  type: 'object',
  description: [
    'Common fields, then per form:',
    '`receipt` (Mẫu số 01): applicant, subject, request, procedures with time limits, documents, dossierSets, receivedAt, appointmentAt (the first appointment), channel, resultDelivery.',
    '`supplement-request` (Mẫu số 02): applicant, requests — one per step that asked, with items, note, requestedAt, submittedAt.',
    '`refusal` (Mẫu số 03): applicant, refusals — one per refused step, with reasonCode, reason, refusedAt — and otherProcedures with their status.',
    '`apology` (Mẫu số 04): applicant, previousAppointmentAt, newAppointmentAt, lateSteps, reason (from the APOLOGY_ISSUED event).',
    '`process-control` (Mẫu số 05): procedures, handOvers — every timeline event with from/to, at, dueAt, timeliness (`early`, `on-time`, `late`: trước/đúng/quá hạn), onTime, note.',
  ].join('\n'),
  properties: {
    form: { type: 'string', enum: [...CASE_FORM_KEYS] },
    formNumber: str('e.g. `Mẫu số 01`.'),
    title: str('The Vietnamese title of the form.'),
    legalBasis: str(),
    caseCode,
    office,
    issuedAt: instant("The form's own date (the PDF's creation date): receipt, latest request or refusal, the apology, the last hand-over."),
    procedureGroup: { type: 'object', properties: { code: str(), name: str() }, required: ['code', 'name'] },
    applicant: { type: 'object', description: 'Personal data: name, address, phone, email, relationship.' },
  },
  required: ['form', 'formNumber', 'title', 'legalBasis', 'caseCode', 'office', 'issuedAt', 'procedureGroup'],
  additionalProperties: true,
};

const trackingBook: JsonSchema = {
  type: 'object',
  properties: {
    form: { const: 'tracking-book' },
    formNumber: str(),
    title: str(),
    legalBasis: str(),
    office,
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    issuedAt: instant('The latest activity the book shows (the start of the range when empty).'),
    count: { type: 'integer', minimum: 0 },
    rows: {
      type: 'array',
      description:
        'Oldest first: no, caseCode, receivedAt, applicant (name, address, phone), procedures with agency and status, firstDispatchedAt, appointmentAt, closedAt, status, timeliness of a finished case, notes (supplements, refusals, new appointments).',
      items: { type: 'object' },
    },
  },
  required: ['form', 'formNumber', 'title', 'legalBasis', 'office', 'from', 'to', 'issuedAt', 'count', 'rows'],
};

/** The 200 answer is JSON or, on request, the PDF: operation() knows JSON only, so the PDF is added here. */
function withPdf(op: JsonSchema, pdfDescription: string): JsonSchema {
  const responses = op.responses as Record<string, { content: Record<string, JsonSchema> }>;
  responses['200']!.content['application/pdf'] = { schema: { type: 'string', contentMediaType: 'application/pdf', description: pdfDescription } };
  return op;
}

const deskOnly =
  'Only the desk of the office that received the case: the forms show the applicant’s name, address and phone (personal data), which operators and agencies do not get — they receive 403.';

export function formsPaths(): Record<string, Record<string, JsonSchema>> {
  return {
    '/v1/cases/{caseCode}/forms/{form}': {
      get: withPdf(
        operation({
          operationId: 'getCaseForm',
          tag: 'Cases',
          summary: 'A form of Circular 01/2018/TT-VPCP for a case (giấy tiếp nhận, phiếu yêu cầu bổ sung, từ chối, xin lỗi, kiểm soát quá trình)',
          description:
            'Built from the ledger each time. `supplement-request`, `refusal` and `apology` exist only once the case has such an event (otherwise 404). The PDF is an A5 slip in Vietnamese with the national heading, the office, the case code as text and as a QR code (encoding the case code only) and dates as dd/mm/yyyy in Vietnam time; the same ledger gives the same bytes.',
          access: ['desk'],
          roleNote: deskOnly,
          parameters: [pathParam('caseCode', 'Mã hồ sơ of the case.', caseCode), pathParam('form', 'The form.', { type: 'string', enum: [...CASE_FORM_KEYS] }), formatParam],
          ok: { status: 200, description: 'The form as JSON, or as `application/pdf`.', schema: caseForm },
          problems: {
            403: 'Not a desk key (operators and agencies included: the forms carry personal data).',
            404: {
              description: 'No such case or not visible to this key; an unknown form (`knownForms` lists them); or a form the case has no ground for (no supplement requested, no refusal, no apology).',
              schema: { allOf: [ref('Problem'), { properties: { knownForms: { type: 'array', items: str() } } }] },
            },
            422: 'Unknown query parameter or `format`.',
          },
        }),
        'The A5 slip (PDF).',
      ),
    },
    '/v1/offices/{officeCode}/tracking-book': {
      get: withPdf(
        operation({
          operationId: 'getTrackingBook',
          tag: 'Cases',
          summary: 'Sổ theo dõi hồ sơ: the dossier tracking book of an office (Mẫu số 06)',
          description: `Every case the office received from \`from\` to \`to\` inclusive (dates in Vietnam time; default today; at most 366 days), oldest first, at most 5000 rows — a range holding more is refused with 422 (\`count\`, \`maxRows\`). The PDF is an A4 landscape book.`,
          access: ['desk'],
          roleNote: 'Only the desk of that office: the book shows applicants’ names and contacts (personal data); operators and agencies receive 403.',
          parameters: [
            pathParam('officeCode', 'The office code, e.g. `001.01.01.H29`.', { type: 'string', examples: ['001.01.01.H29'] }),
            queryParam('from', 'First receipt date (Vietnam time); default `to`, or today.', { type: 'string', format: 'date' }),
            queryParam('to', 'Last receipt date, inclusive; default `from`, or today.', { type: 'string', format: 'date' }),
            formatParam,
          ],
          ok: { status: 200, description: 'The book as JSON, or as `application/pdf`.', schema: trackingBook },
          problems: {
            403: 'Not a desk key, or another office’s book.',
            422: {
              description: 'Invalid dates, `to` before `from`, a range over 366 days, or more than 5000 cases in the range (`count`, `maxRows`).',
              schema: { allOf: [ref('Problem'), { properties: { count: { type: 'integer' }, maxRows: { type: 'integer' } } }] },
            },
          },
        }),
        'The A4 landscape book (PDF).',
      ),
    },
  };
}
