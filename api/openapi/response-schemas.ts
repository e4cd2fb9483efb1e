import { AGENCY_ROLES, CASE_CODE_PATTERN, CASE_STATUSES, CHANNELS, EVENT_TYPES, OFFICE_CODE_PATTERN, REFUSAL_CODES, RESULT_DELIVERIES, STEP_STATUSES } from '../../domain';
import { JsonSchema, ref } from './request-schemas';

// Hand-written: responses are TypeScript shapes (prisma/cases-read.ts, api/case-resource.ts,
// workflows/messages.ts, domain/catalogue/types.ts), not zod schemas.

const str = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });
const int = (extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', ...extra });
const instant = (description?: string): JsonSchema => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const array = (items: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', items, ...extra });

/** An object whose listed properties are all required unless named in `optional`. */
function obj(properties: Record<string, JsonSchema>, optional: string[] = [], extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties).filter((k) => !optional.includes(k)), ...extra };
}

export const caseCode = str({ pattern: CASE_CODE_PATTERN.source, description: 'Mã hồ sơ: office code, receipt date YYMMDD, daily sequence (Circular 01/2018/TT-VPCP Art 19).', examples: ['001.01.01.H29-240715-0001'] });
const officeCode = str({ pattern: OFFICE_CODE_PATTERN.source, examples: ['001.01.01.H29'] });
const localized = obj({ vi: str(), en: str() });

const problem = obj(
  {
    type: str({ format: 'uri', description: 'Identifies the kind of problem.' }),
    title: str(),
    status: int({ minimum: 400, maximum: 599 }),
    detail: str(),
    errors: array(ref('FieldIssue'), { description: 'Every invalid field at once (422), or the field a refusal is about.' }),
    code: str({ enum: [...REFUSAL_CODES], description: "Why an action on a case was refused (the workflow's refusal or the route's own check)." }),
    existingCaseCode: { ...caseCode, description: 'The still-open case for the same person (409 on receipt).' },
  },
  ['detail', 'errors', 'code', 'existingCaseCode'],
  { description: 'RFC 9457 problem details (`application/problem+json`); every error the API returns is one.' },
);

const caseSummary = obj({
  caseCode,
  group: str({ description: 'Procedure group code, e.g. `death`.' }),
  catalogueVersion: str({ description: 'The catalogue version the case pinned at receipt.' }),
  receivingOffice: officeCode,
  channel: str({ enum: [...CHANNELS] }),
  resultDelivery: str({ enum: [...RESULT_DELIVERIES] }),
  status: ref('CaseStatus'),
  receivedAt: instant(),
  appointmentAt: instant('Ngày hẹn trả kết quả: when the results are promised.'),
  closedAt: nullable(instant()),
});

const stepRecord = obj(
  {
    stepId: str({ description: 'The procedure code, unique within a case.' }),
    procedure: str(),
    agencyCode: str(),
    status: ref('StepStatus'),
    dependsOn: array(str()),
    timeLimitWorkingDays: int({ minimum: 0 }),
    dispatchedAt: nullable(instant()),
    dueAt: nullable(instant()),
    finishedAt: nullable(instant()),
    result: nullable(ref('StepResult')),
    rejection: nullable(ref('Rejection')),
    supplementRequest: nullable(ref('SupplementRequestRecord')),
    procedureName: str({ description: 'Vietnamese name from the pinned catalogue.' }),
    agencyName: str({ description: 'Vietnamese name from the pinned catalogue.' }),
  },
  ['procedureName', 'agencyName'],
);

const timelineEvent = obj({
  seq: int({ minimum: 0 }),
  type: str({ enum: [...EVENT_TYPES] }),
  stepId: nullable(str()),
  actor: str({ description: 'A party: `applicant`, `engine`, `desk:<office code>` or `agency:<agency code>`.' }),
  from: str(),
  to: str(),
  at: instant(),
  details: { type: 'object' },
});

const caseResource = {
  ...obj(
    {
      ...(caseSummary.properties as Record<string, JsonSchema>),
      steps: array(ref('StepRecord')),
      timeline: array(ref('TimelineEvent'), { description: 'Phiếu kiểm soát quá trình giải quyết hồ sơ: every hand-over, in order.' }),
      dossier: {
        ...obj({ applicant: ref('Applicant'), subject: ref('Subject') }),
        description: 'Personal data: only for the desk that received the case.',
      },
      links: obj({ self: str({ format: 'uri-reference' }) }),
    },
    ['dossier'],
  ),
  description: 'A case (hồ sơ liên thông) with its steps and timeline.',
};

const stepView = obj(
  { caseCode, stepId: str(), procedure: str(), agencyCode: str(), status: ref('StepStatus'), dueAt: instant(), caseStatus: ref('CaseStatus') },
  ['dueAt'],
  { description: "The step's new state after the action." },
);

const caseView = obj(
  {
    caseCode,
    status: ref('CaseStatus'),
    revision: int({ minimum: 1 }),
    pendingAgencies: array(str()),
    steps: array(obj({ stepId: str(), agencyCode: str(), status: ref('StepStatus'), dueAt: instant() }, ['dueAt'])),
  },
  [],
  { description: "The case's new state after the action." },
);

const procedure = obj({
  code: str(),
  name: localized,
  routing: {
    oneOf: [
      obj({ kind: { const: 'fixed' }, role: ref('AgencyRole') }),
      obj({ kind: { const: 'by-subject-field' }, field: str(), routes: { type: 'object', additionalProperties: ref('AgencyRole') }, source: str() }),
    ],
  },
  dependsOn: array(str()),
  timeLimit: obj({ workingDays: int({ minimum: 0 }), source: str(), confirmed: { type: 'boolean', description: 'false: a documented default no official text confirmed.' } }),
  requiredDocuments: array(obj({ code: str(), name: localized })),
  resultKind: str({ description: 'Names the result schema (see StepResult).' }),
  forwards: array(str()),
  essential: { type: 'boolean', description: 'Refusing this procedure refuses the whole case.' },
  source: str(),
});

const catalogue = obj(
  {
    version: str(),
    effectiveFrom: str({ format: 'date' }),
    groups: array(obj({ code: str(), name: localized, portalCode: str(), subjectField: str(), procedures: array(procedure), allowedCombinations: array(array(str())), source: str() })),
    agencies: array(obj({ code: str(), role: ref('AgencyRole'), name: localized })),
    offices: array(obj({ code: officeCode, name: str(), province: str(), cutoff: str(), closesAt: str(), agencies: { type: 'object', additionalProperties: str() } })),
    versions: array(obj({ version: str(), effectiveFrom: str({ format: 'date' }) }), { description: 'Every catalogue version, oldest first.' }),
  },
  [],
  { description: 'Danh mục thủ tục: procedure groups, agencies and offices of one catalogue version.' },
);

const agencyTask = obj({ caseCode, stepId: str(), procedure: str(), status: ref('StepStatus'), dispatchedAt: nullable(instant()), dueAt: nullable(instant()) });

export function responseSchemas(): Record<string, JsonSchema> {
  return {
    Problem: problem,
    FieldIssue: obj({ path: str({ examples: ['deceased.personalId'] }), message: str() }),
    CaseStatus: str({ enum: [...CASE_STATUSES] }),
    StepStatus: str({ enum: [...STEP_STATUSES] }),
    AgencyRole: str({ enum: [...AGENCY_ROLES] }),
    CaseSummary: caseSummary,
    CaseList: obj({ items: array(ref('CaseSummary')), nextCursor: nullable(str({ description: 'Pass as `cursor` for the next page; null on the last page.' })) }),
    StepRecord: stepRecord,
    TimelineEvent: timelineEvent,
    Case: caseResource,
    StepView: stepView,
    CaseView: caseView,
    Catalogue: catalogue,
    AgencyTask: agencyTask,
    AgencyTasks: obj({ agencyCode: str(), items: array(ref('AgencyTask'), { description: 'Steps dispatched to the agency or awaiting a supplement, earliest due first (at most 500).' }) }),
    Health: obj({ status: { const: 'ok' } }),
  };
}
