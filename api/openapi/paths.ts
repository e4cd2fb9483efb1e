import { CASE_STATUSES, CATALOGUE_VERSIONS } from '../../domain';
import { calendarPaths } from './calendar-paths';
import { formsPaths } from './forms-paths';
import { operation, pathParam, queryParam } from './operations';
import { JsonSchema, ref } from './request-schemas';
import { caseCode } from './response-schemas';

const caseCodeParam = pathParam('caseCode', 'Mã hồ sơ of the case.', caseCode);
const stepIdParam = pathParam('stepId', "The step's id: its procedure code, e.g. `death-registration`.", { type: 'string', examples: ['death-registration'] });
const caseNotFound = 'No such case, or not visible to this key (the two look the same so case codes cannot be probed).';
const closedOrWrongState = '`CASE_CLOSED`: the case is no longer open; `WRONG_STATE`: the step is not in a state that allows this action.';
const invalid = 'Validation failed: every invalid field is listed in `errors` (`code: INVALID_PAYLOAD` when the workflow refused the payload).';

// Hand-written: the list query's zod schema is private to api/routes/cases.ts and uses transforms
// (comma split, number coercion), so its input form would not describe the query string.
const listParameters: JsonSchema[] = [
  queryParam('status', 'Case statuses, comma-separated (e.g. `RECEIVED,IN_PROGRESS`).', { type: 'array', items: ref('CaseStatus'), examples: [[CASE_STATUSES[0], CASE_STATUSES[1]]] }, { style: 'form', explode: false }),
  queryParam('overdue', '`true`: cases that missed their (new) appointment (quá hạn); `false`: the others.', { type: 'string', enum: ['true', 'false'] }),
  queryParam('agency', 'Cases with a step for this agency code. An agency key always sees only its own; another value is 403.', { type: 'string', minLength: 1, maxLength: 60 }),
  queryParam('procedure', 'Cases with a step for this procedure code.', { type: 'string', minLength: 1, maxLength: 60 }),
  queryParam('office', 'Cases received by this office. A desk key always sees only its own office; another value is 403.', { type: 'string', minLength: 1, maxLength: 40 }),
  queryParam('receivedFrom', 'Received on or after this date (Vietnam time).', { type: 'string', format: 'date' }),
  queryParam('receivedTo', 'Received on or before this date (Vietnam time), inclusive.', { type: 'string', format: 'date' }),
  queryParam('limit', 'Page size.', { type: 'integer', minimum: 1, maximum: 200, default: 50 }),
  queryParam('cursor', '`nextCursor` of the previous page.', { type: 'string', maxLength: 200 }),
];

const v1Cases = {
  post: operation({
    operationId: 'receiveCase',
    tag: 'Cases',
    summary: 'Receive a linked-procedure dossier (tiếp nhận hồ sơ liên thông), e.g. đăng ký khai tử with xóa đăng ký thường trú and trợ cấp mai táng',
    description:
      'Validates the dossier against the catalogue in force, refuses a second open case for the same person, plans the steps and the appointment date (ngày hẹn trả kết quả), stores the case and starts its workflow. With an `Idempotency-Key`, repeating the same request returns the same case (`Idempotent-Replayed: true`).',
    access: ['desk'],
    roleNote: '`receivingOffice` must be the office of the key.',
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Makes retries safe: the same key with the same body replays the first answer; with another body it is 422. Scoped to the office.',
        schema: { type: 'string', pattern: '^[!-~]{8,128}$', description: '8–128 visible ASCII characters.' },
      },
    ],
    body: 'CaseRequest',
    ok: {
      status: 201,
      description: 'The case was received (or replayed by its Idempotency-Key).',
      schema: ref('Case'),
      headers: {
        Location: { description: 'The case resource.', schema: { type: 'string', format: 'uri-reference' } },
        'Idempotent-Replayed': { description: '`true` when this answer replays an earlier request with the same Idempotency-Key.', schema: { const: 'true' } },
      },
    },
    problems: {
      403: 'Not a desk key, or `receivingOffice` is not the office of this key.',
      409: {
        description: 'An open case for the same person in this group exists; `existingCaseCode` names it.',
        schema: { allOf: [ref('Problem'), { required: ['existingCaseCode'] }] },
      },
      422: 'Validation failed (every invalid field in `errors`), a malformed Idempotency-Key, or an Idempotency-Key reused with another body.',
    },
  }),
  get: operation({
    operationId: 'listCases',
    tag: 'Cases',
    summary: 'List cases (sổ theo dõi hồ sơ), newest first',
    description: 'Filters combine with AND. Unknown query parameters and repeated ones are refused with 422. Pages with `limit` and `cursor`.',
    access: ['desk', 'agency', 'operator'],
    roleNote: 'A desk sees its office’s cases, an agency the cases it has a step in, an operator all.',
    parameters: listParameters,
    ok: { status: 200, description: 'One page of cases.', schema: ref('CaseList') },
    problems: { 403: 'A desk filtered by another office, or an agency by another agency.', 422: 'Invalid query parameters or cursor.' },
  }),
};

const v1Case = {
  get: operation({
    operationId: 'getCase',
    tag: 'Cases',
    summary: 'Get a case with its steps and timeline (phiếu kiểm soát quá trình giải quyết hồ sơ)',
    description: 'Step names come from the catalogue version the case pinned.',
    access: ['desk', 'agency', 'operator'],
    roleNote: 'A desk reads its office’s cases and gets the `dossier` (personal data); an agency reads cases it has a step in; an operator reads all.',
    parameters: [caseCodeParam],
    ok: { status: 200, description: 'The case.', schema: ref('Case') },
    problems: { 404: caseNotFound },
  }),
};

const deskAction = (operationId: string, summary: string, description: string, body: string, okSchema: string, stepLevel: boolean) => ({
  post: operation({
    operationId,
    tag: 'Cases',
    summary,
    description,
    access: ['desk'],
    roleNote: 'Only the desk of the office that received the case.',
    parameters: [caseCodeParam],
    body,
    ok: { status: 200, description: `The ${okSchema === 'StepView' ? 'step' : 'case'} after the action.`, schema: ref(okSchema) },
    problems: {
      403: 'Not a desk key, or `NOT_YOUR_CASE`: the case was received by another office.',
      404: stepLevel ? `${caseNotFound} \`UNKNOWN_STEP\`: the case has no step \`stepId\`.` : caseNotFound,
      409: stepLevel ? '`CASE_CLOSED`: the case is no longer open; `WRONG_STATE`: no supplement was requested for the step.' : '`CASE_CLOSED`: the case is no longer open.',
      422: invalid,
    },
  }),
});

const agencyAction = (operationId: string, summary: string, description: string, body: string) => ({
  post: operation({
    operationId,
    tag: 'Steps',
    summary,
    description,
    access: ['agency'],
    roleNote: 'Only the agency the step is assigned to; the step must be `DISPATCHED`.',
    parameters: [caseCodeParam, stepIdParam],
    body,
    ok: { status: 200, description: 'The step after the action.', schema: ref('StepView') },
    problems: {
      403: 'Not an agency key, or `NOT_YOUR_STEP`: the step is assigned to another agency.',
      404: `${caseNotFound} \`UNKNOWN_STEP\`: the case has no such step.`,
      409: closedOrWrongState,
      422: invalid,
    },
  }),
});

export function buildPaths(): Record<string, Record<string, JsonSchema>> {
  return {
    '/healthz': {
      get: operation({
        operationId: 'health',
        tag: 'Service',
        summary: 'Liveness and database check',
        description: 'Answers once the database answers.',
        access: 'public',
        ok: { status: 200, description: 'The API and its database are up.', schema: ref('Health') },
      }),
    },
    '/openapi.json': {
      get: operation({
        operationId: 'openApiDocument',
        tag: 'Service',
        summary: 'This OpenAPI 3.1 document',
        description: 'Describes every endpoint of the API.',
        access: 'public',
        ok: { status: 200, description: 'The OpenAPI document.', schema: { type: 'object' } },
      }),
    },
    '/v1/cases': v1Cases,
    '/v1/cases/{caseCode}': v1Case,
    '/v1/cases/{caseCode}/supplements': deskAction(
      'submitSupplement',
      'Submit supplementary documents (bổ sung hồ sơ) for a step',
      'The step named by `stepId` must be awaiting a supplement, and the documents must answer exactly the requested items. The step is dispatched again and its time limit restarts (Decree 61/2018/NĐ-CP Art 19(2)).',
      'SupplementSubmission',
      'StepView',
      true,
    ),
    '/v1/cases/{caseCode}/withdraw': deskAction(
      'withdrawCase',
      'Withdraw the dossier (rút hồ sơ) at the applicant’s request',
      'Cancels every step not yet final and closes the case as `WITHDRAWN`; what was done (e.g. the đăng ký khai tử) stands.',
      'Withdrawal',
      'CaseView',
      false,
    ),
    '/v1/cases/{caseCode}/steps/{stepId}/complete': agencyAction(
      'completeStep',
      'Complete a step with its result (trả kết quả), e.g. the trích lục khai tử',
      "`result` must match the schema of the procedure's resultKind (see StepResult); forwarded fields are handed to the dependent steps, which are then dispatched.",
      'StepCompletion',
    ),
    '/v1/cases/{caseCode}/steps/{stepId}/reject': agencyAction(
      'rejectStep',
      'Refuse a step (từ chối giải quyết) with a reason',
      'Refusing an essential step (đăng ký khai tử) refuses the whole case; other refusals leave what was done standing.',
      'Rejection',
    ),
    '/v1/cases/{caseCode}/steps/{stepId}/request-supplement': agencyAction(
      'requestSupplement',
      'Ask the applicant for missing documents (yêu cầu bổ sung hồ sơ)',
      'The step waits for the desk to submit the supplement; list every missing item at once.',
      'SupplementRequest',
    ),
    '/v1/catalogue': {
      get: operation({
        operationId: 'getCatalogue',
        tag: 'Reference',
        summary: 'The procedure catalogue (danh mục thủ tục hành chính liên thông)',
        description: 'The version in force today, or with `version` the one a case pinned; lists every version in `versions`.',
        access: ['desk', 'agency', 'operator'],
        roleNote: 'Any key.',
        parameters: [queryParam('version', 'A catalogue version; default the one in force today.', { type: 'string', enum: CATALOGUE_VERSIONS.map((c) => c.version) })],
        ok: { status: 200, description: 'The catalogue.', schema: ref('Catalogue') },
        problems: { 422: 'Unknown catalogue version.' },
      }),
    },
    '/v1/agencies/{agencyCode}/tasks': {
      get: operation({
        operationId: 'listAgencyTasks',
        tag: 'Steps',
        summary: "An agency's work queue: steps to act on or awaiting a supplement",
        description: 'Earliest due first.',
        access: ['agency', 'operator'],
        roleNote: 'An agency key reads only its own agency code.',
        parameters: [pathParam('agencyCode', 'The agency code, e.g. `VSS-HA-NOI`.', { type: 'string', examples: ['VSS-HA-NOI'] })],
        ok: { status: 200, description: 'The queue.', schema: ref('AgencyTasks') },
        problems: { 403: 'An agency key asked for another agency, or a desk key.' },
      }),
    },
    ...formsPaths(),
    ...calendarPaths(),
  };
}
