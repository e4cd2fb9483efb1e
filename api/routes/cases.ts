import { z } from 'zod';
import { addDays, CASE_CODE_PATTERN, CASE_STATUSES, codeText, instantAt, OPEN_LEDGER_STEP_STATUSES } from '../../domain';
import { recordDossierAccess } from '../../prisma/access-log';
import { getCaseWithDossier, listCases } from '../../prisma/cases-read';
import { submitSupplementUpdate, withdrawUpdate } from '../../workflows/messages';
import { sendAction } from '../actions';
import { agencyView, caseResource, operatorView, readableCase, visibleCase } from '../case-resource';
import type { ApiDeps } from '../deps';
import { keysetCursor } from '../http/cursor';
import { Route, route } from '../http/route';
import { Problem } from '../problem';
import {
  caseCodeParams,
  caseListSchema,
  caseRequestBody,
  caseResourceSchema,
  caseViewSchema,
  idempotencyHeaders,
  officeCodeSchema,
  queryDate as date,
  stepViewSchema,
  supplementSubmissionBody,
  withdrawalBody,
} from '../schemas';
import { startCase } from '../start-case';
import { handoverRoutes } from './handover';

const CASE_NOT_FOUND = 'No such case, or not visible to this key (the two look the same, so case codes cannot be probed).';

const listQuery = z.strictObject({
  status: z
    .string()
    .max(200)
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(CASE_STATUSES)))
    .optional()
    .meta({ description: 'Case statuses, comma-separated (e.g. `RECEIVED,IN_PROGRESS`).' }),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: '`true`: cases that are late or have a step open past its due date (quá hạn); `false`: the others.' }),
  agency: codeText(60).optional().meta({ description: 'Cases with a step for this agency code. An agency key always sees only its own; another value is 403.' }),
  procedure: codeText(60).optional().meta({ description: 'Cases with a step for this procedure code.' }),
  office: officeCodeSchema.optional().meta({ description: 'Cases received by this office. A desk key always sees only its own office; another value is 403.' }),
  receivedFrom: date.optional().meta({ description: 'Received on or after this date (Vietnam time).' }),
  receivedTo: date.optional().meta({ description: 'Received on or before this date (Vietnam time), inclusive.' }),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number 1–200')
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional()
    .meta({ description: 'Page size, 1–200 (default 50).' }),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'not a cursor returned by this API').optional().meta({ description: '`nextCursor` of the previous page.' }),
});

const cursor = keysetCursor(z.string().regex(CASE_CODE_PATTERN));

export function caseRoutes(deps: ApiDeps): Route[] {

  return [
    route(
      {
        method: 'post',
        path: '/v1/cases',
        operationId: 'receiveCase',
        tag: 'Cases',
        summary: 'Receive a linked-procedure dossier (tiếp nhận hồ sơ liên thông), e.g. đăng ký khai tử with xóa đăng ký thường trú and trợ cấp mai táng',
        description:
          'Validates the dossier against the catalogue in force, refuses a second open case for the same person, plans the steps and the appointment date (ngày hẹn trả kết quả), stores the case and starts its workflow. The case is received once it is stored: if the workflow cannot be started at once, the engine starts it within seconds. With an `Idempotency-Key`, repeating the request (even one that differs only in what validation trims or normalises) returns the same case (`Idempotent-Replayed: true`).',
        access: ['desk'],
        roleNote: '`receivingOffice` must be the office of the key.',
        needs: ['database'],
        headers: idempotencyHeaders,
        body: caseRequestBody,
        bodyValidatedByHandler: true,
        responses: {
          201: {
            description: 'The case was received (or replayed by its Idempotency-Key).',
            json: caseResourceSchema,
            headers: z.object({
              Location: z.string().meta({ description: 'The case resource.' }),
              'Idempotent-Replayed': z.literal('true').optional().meta({ description: '`true` when this answer replays an earlier request with the same Idempotency-Key.' }),
            }),
          },
          403: { description: 'Not a desk key, or `receivingOffice` is not the office of this key.' },
          409: { description: 'An open case for the same person in this group exists; `existingCaseCode` names it.' },
          422: { description: 'Validation failed (every invalid field in `errors`, a field given twice included), a malformed Idempotency-Key, or an Idempotency-Key reused with another body.' },
        },
      },
      async ({ principal, body, headers }) => {
        const { resource, replayed } = await startCase(deps, principal, body, headers['Idempotency-Key']);
        return { status: 201, json: resource, headers: { Location: resource.links.self, ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}) } };
      },
    ),

    route(
      {
        method: 'get',
        path: '/v1/cases',
        operationId: 'listCases',
        tag: 'Cases',
        summary: 'List cases (sổ theo dõi hồ sơ), newest first',
        description: 'Filters combine with AND. Unknown query parameters and repeated ones are refused with 422. Pages with `limit` and `cursor`.',
        access: ['desk', 'agency', 'operator', 'admin'],
        roleNote: 'A desk sees its office’s cases, an agency the cases it has a step in, an operator all.',
        needs: ['database'],
        query: listQuery,
        responses: {
          200: { description: 'One page of cases.', json: caseListSchema },
          403: { description: 'A desk filtered by another office, or an agency by another agency.' },
        },
      },
      async ({ principal: p, query: q }) => {
        if (p.role === 'desk' && q.office && q.office !== p.officeCode) throw new Problem(403, 'Forbidden', 'A desk lists only its own office.');
        if (p.role === 'agency' && q.agency && q.agency !== p.agencyCode) throw new Problem(403, 'Forbidden', 'An agency lists only its own cases.');
        // An empty list would read as "no such cases" when the period itself is wrong.
        if (q.receivedFrom && q.receivedTo && q.receivedTo < q.receivedFrom) throw Problem.validation([{ path: 'receivedTo', message: 'must not be before receivedFrom' }]);
        const after = q.cursor ? cursor.decode(q.cursor) : undefined;
        const page = await listCases(deps.db, {
          status: q.status,
          overdue: q.overdue,
          agencyCode: p.role === 'agency' ? p.agencyCode : q.agency,
          // Need to know: an agency lists a case only once one of its steps was sent to it.
          ...(p.role === 'agency' ? { sentToAgency: p.agencyCode } : {}),
          procedure: q.procedure,
          officeCode: p.role === 'desk' ? p.officeCode : q.office,
          receivedFrom: q.receivedFrom ? instantAt(q.receivedFrom, '00:00') : undefined,
          receivedBefore: q.receivedTo ? instantAt(addDays(q.receivedTo, 1), '00:00') : undefined,
          limit: q.limit ?? 50,
          after: after && { receivedAt: after.at, caseCode: after.id },
        });
        return { status: 200, json: { items: page.items, nextCursor: page.next ? cursor.encode(page.next.receivedAt, page.next.caseCode) : null } };
      },
    ),

    route(
      {
        method: 'get',
        path: '/v1/cases/{caseCode}',
        operationId: 'getCase',
        tag: 'Cases',
        summary: 'Get a case with its steps and timeline (phiếu kiểm soát quá trình giải quyết hồ sơ)',
        description: 'Step names come from the catalogue version the case pinned.',
        access: ['desk', 'agency', 'operator', 'admin'],
        roleNote:
          'A desk reads its office’s cases and gets the `dossier` and every result in full (personal data); an agency reads cases once one of its steps was handed to it, gets the `dossier` its dispatch carried with `include=dossier` while one of its steps is open (applicant and subject, not the result’s recipient) and sees its own steps in full; an operator reads all, with the personal fields of results (the child’s personal ID, the health-insurance card number) reading `[hidden]`.',
        needs: ['database'],
        params: caseCodeParams,
        query: z.strictObject({
          include: z.enum(['dossier']).optional().meta({ description: '`dossier`: an agency also gets the dossier its dispatch carried, while one of its steps of the case is open (logged as a dossier read). A desk always gets it.' }),
        }),
        responses: { 200: { description: 'The case.', json: caseResourceSchema }, 404: { description: CASE_NOT_FOUND } },
      },
      async ({ principal: p, params, query }) => {
        // A desk's read carries the dossier, an agency's when it asks (one query); visibility is checked before anything is shown.
        const agencyAsks = p.role === 'agency' && query.include === 'dossier';
        const read = p.role === 'desk' || agencyAsks ? await getCaseWithDossier(deps.db, params.caseCode) : undefined;
        const detail = read ? visibleCase(p, read.detail, params.caseCode) : await readableCase(deps.db, p, params.caseCode);
        // Personal data goes to the desk that received the dossier, and to an agency that asks while
        // one of its steps (handed to it) is open — what its dispatch carried (applicant and subject),
        // not who received the result. A status poll carries none. Each read with it is logged.
        // (an open step: not once it is done, refused or withdrawn)
        const holdsStep = detail.steps.some((s) => s.agencyCode === p.agencyCode && (OPEN_LEDGER_STEP_STATUSES as readonly string[]).includes(s.status));
        const dossier = read?.dossier && (p.role !== 'agency' ? read.dossier : holdsStep ? { applicant: read.dossier.applicant, subject: read.dossier.subject } : undefined);
        if (dossier) {
          // Written before the dossier is answered: no read without its record naming the person (or key).
          await recordDossierAccess(deps.db, p, 'case', [detail.caseCode], deps.now());
          deps.logger.info({ caseCode: detail.caseCode, keyId: p.keyId, officeCode: p.officeCode }, 'dossier read');
        }
        const view = p.role === 'agency' ? agencyView(detail, p.agencyCode!) : p.role === 'operator' || p.role === 'admin' ? operatorView(detail) : detail;
        return { status: 200, json: caseResource(view, dossier) };
      },
    ),

    route(
      {
        method: 'post',
        path: '/v1/cases/{caseCode}/supplements',
        operationId: 'submitSupplement',
        tag: 'Cases',
        summary: 'Submit supplementary documents (bổ sung hồ sơ) for a step',
        description:
          'The step named by `stepId` must be awaiting a supplement, and the documents must answer exactly the requested items. The step is dispatched again and its time limit restarts (Decree 61/2018/NĐ-CP Art 19(2)).',
        access: ['desk'],
        roleNote: 'Only the desk of the office that received the case.',
        needs: ['database', 'temporal'],
        params: caseCodeParams,
        headers: idempotencyHeaders,
        body: supplementSubmissionBody,
        responses: {
          200: { description: 'The step after the action.', json: stepViewSchema },
          404: { description: `${CASE_NOT_FOUND} \`UNKNOWN_STEP\`: the case has no step \`stepId\`.` },
          409: { description: '`CASE_CLOSED`: the case is no longer open; `WRONG_STATE`: no supplement was requested for the step, or its time ran out.' },
          422: { description: 'Validation failed (a field given twice included; `INVALID_PAYLOAD` when the documents do not answer the request), or `IDEMPOTENCY_KEY_REUSED`.' },
        },
      },
      async ({ principal: p, params, headers, body }) => ({
        status: 200,
        json: await sendAction(deps, {
          caseCode: params.caseCode,
          action: 'submit-supplement',
          stepId: body.stepId,
          update: submitSupplementUpdate,
          args: { officeCode: p.officeCode!, submission: body },
          body,
          idempotencyKey: headers['Idempotency-Key'],
          principal: p,
        }),
      }),
    ),

    route(
      {
        method: 'post',
        path: '/v1/cases/{caseCode}/withdraw',
        operationId: 'withdrawCase',
        tag: 'Cases',
        summary: 'Withdraw the dossier (rút hồ sơ) at the applicant’s request',
        description: 'Cancels every step not yet final and closes the case as `WITHDRAWN`; what was done (e.g. the đăng ký khai tử) stands.',
        access: ['desk'],
        roleNote: 'Only the desk of the office that received the case.',
        needs: ['database', 'temporal'],
        params: caseCodeParams,
        headers: idempotencyHeaders,
        body: withdrawalBody,
        responses: {
          200: { description: 'The case after the action.', json: caseViewSchema },
          404: { description: CASE_NOT_FOUND },
          409: { description: '`CASE_CLOSED`: the case is no longer open; `WRONG_STATE`: every step is already finished.' },
          422: { description: 'Validation failed (a field given twice included), or `IDEMPOTENCY_KEY_REUSED`.' },
        },
      },
      async ({ principal: p, params, headers, body }) => ({
        status: 200,
        json: await sendAction(deps, {
          caseCode: params.caseCode,
          action: 'withdraw',
          update: withdrawUpdate,
          args: { officeCode: p.officeCode!, reason: body.reason },
          body,
          idempotencyKey: headers['Idempotency-Key'],
          principal: p,
        }),
      }),
    ),
    // The fourth step (trả kết quả) and its statistics.
    ...handoverRoutes(deps),
  ];
}
