import { z } from 'zod';
import {
  ADMINISTRATIVE_LEVELS,
  AGENCY_ROLES,
  calendarYearsSupported,
  CASE_CODE_PATTERN,
  caseRequestSchema,
  CASE_STATUSES,
  CHANNELS,
  codeText,
  EVENT_TYPES,
  HIDDEN_PERSONAL_VALUE,
  LEDGER_STEP_STATUSES,
  OFFICE_CODE_PATTERN,
  PERSONAL_RESULT_FIELDS,
  REFUSAL_CODES,
  RESULT_DELIVERIES,
  RESULT_SCHEMAS,
  rejectionSchema,
  STEP_STATUSES,
  supplementRequestSchema,
  supplementSubmissionSchema,
  withdrawalSchema,
  HANDOVER_METHODS,
  handoverSchema,
  isIsoDate,
  localDateOf,
  unstorableTexts,
} from '../domain';

// The shapes the API answers with, declared once with zod: the OpenAPI document is generated from
// them (api/http/openapi.ts) and, in tests, every answer is checked against them (api/http/route.ts).
// `.meta({ id })` makes a schema a named component of the document.

export const caseCodeSchema = z
  .string()
  .regex(CASE_CODE_PATTERN, 'must be a case code such as 001.01.01.H26-241125-0001')
  .meta({ id: 'CaseCode', description: 'Mã hồ sơ: office code, receipt date YYMMDD, daily sequence (Circular 01/2018/TT-VPCP Art 19).', examples: ['001.01.01.H26-240715-0001'] });
export const officeCodeSchema = z.string().regex(OFFICE_CODE_PATTERN, 'must be an office code such as 001.01.01.H26').meta({ examples: ['001.01.01.H26'] });
export const stepIdSchema = codeText(60).meta({ description: "The step's id: its procedure code, e.g. `death-registration`.", examples: ['death-registration'] });
export const agencyCodeSchema = codeText(60).meta({ description: 'An agency code, e.g. `VSS-HA-NOI`.', examples: ['VSS-HA-NOI'] });
export const instant = z.iso.datetime({ offset: true });

const { from: firstYear, to: lastYear } = calendarYearsSupported;
/**
 * Whether a date's year — an instant's as the day it is in Vietnam — is one the legal calendar
 * covers: a period outside them means nothing here, and year 0 is not even a PostgreSQL timestamp.
 */
export function inSupportedYears(s: string): boolean {
  const at = isIsoDate(s) ? undefined : new Date(s);
  if (at && Number.isNaN(at.getTime())) return false;
  const year = Number((at ? localDateOf(at) : s).slice(0, 4));
  return year >= firstYear && year <= lastYear;
}
/** A date a query filters by (Vietnam time). */
export const queryDate = z
  .string()
  .refine((s) => isIsoDate(s) && inSupportedYears(s), `must be a date YYYY-MM-DD within ${firstYear}–${lastYear}`)
  .meta({ format: 'date' });
const localized = z.object({ vi: z.string(), en: z.string() });

export const fieldIssueSchema = z.object({ path: z.string().meta({ examples: ['deceased.personalId'] }), message: z.string() }).meta({ id: 'FieldIssue' });

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'Identifies the kind of problem.' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    errors: z.array(fieldIssueSchema).optional().meta({ description: 'Every invalid field at once (422), or the field a refusal is about.' }),
    code: z.enum(REFUSAL_CODES).optional().meta({ description: 'Why an action on a case was refused.' }),
    existingCaseCode: caseCodeSchema.optional().meta({ description: 'The still-open case for the same person at this office (409 on receipt).' }),
    openAtOffice: z
      .object({ officeCode: z.string(), name: z.string() })
      .optional()
      .meta({ description: 'The office where the same person has an open case, when it is another office (409 on receipt): contact it; its case code is not given.' }),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (`application/problem+json`); every error the API returns is one.' });

/** A problem with fields of its own (e.g. `knownForms`), as a named component. */
export const problemSchemaWith = (extra: z.ZodRawShape, id: string) => problemSchema.extend(extra).meta({ id });

export const caseStatusSchema = z.enum(CASE_STATUSES).meta({ id: 'CaseStatus' });
export const stepStatusSchema = z.enum(STEP_STATUSES).meta({ id: 'StepStatus', description: "A step's status in the workflow." });
export const ledgerStepStatusSchema = z
  .enum(LEDGER_STEP_STATUSES)
  .meta({ id: 'LedgerStepStatus', description: "A step's status in the ledger: the workflow's, plus `SENDING` while the engine hands the step over and its agency has not acknowledged it." });

export const caseSummarySchema = z
  .object({
    caseCode: caseCodeSchema,
    group: z.string().meta({ description: 'Procedure group code, e.g. `death`.' }),
    catalogueVersion: z.string().meta({ description: 'The catalogue version the case pinned at receipt.' }),
    receivingOffice: officeCodeSchema,
    channel: z.enum(CHANNELS),
    resultDelivery: z.enum(RESULT_DELIVERIES),
    status: caseStatusSchema,
    receivedAt: instant,
    appointmentAt: instant.meta({ description: 'Ngày hẹn trả kết quả: when the results are promised.' }),
    closedAt: instant.nullable(),
    apologyIssuedAt: instant.nullable().meta({ description: 'When the one apology with a new appointment was issued.' }),
    isOverdue: z.boolean().meta({ description: 'The case is late, or a step is open past its due date (quá hạn).' }),
    returnedAt: instant.nullable().meta({ description: 'Trả kết quả: when the desk returned the result to the applicant (the fourth step); null until then.' }),
    returnMethod: z.enum(HANDOVER_METHODS).nullable().meta({ description: '`desk` (tại Bộ phận Một cửa), `post` (qua dịch vụ bưu chính), `online` (trực tuyến).' }),
    attention: z
      .object({ reason: z.string(), temporalStatus: z.string().optional(), at: instant })
      .nullable()
      .meta({ id: 'CaseAttention', description: 'Set by the reconciler when the workflow failed, timed out, went missing or was terminated outside the engine.' }),
  })
  .meta({ id: 'CaseSummary' });

const resultComponent = (kind: string) => `${kind.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}Result`;
/** A result as shown: its personal fields (domain/results.ts) may read HIDDEN_PERSONAL_VALUE for an operator. */
function shownResult(kind: string, schema: z.ZodObject): z.ZodObject {
  const personal: readonly string[] = PERSONAL_RESULT_FIELDS[kind as keyof typeof PERSONAL_RESULT_FIELDS] ?? [];
  if (personal.length === 0) return schema;
  const hidden = z.literal(HIDDEN_PERSONAL_VALUE).meta({ description: 'Personal data, hidden from operator keys; the receiving desk sees the value.' });
  return schema.extend(Object.fromEntries(personal.map((f) => [f, z.union([schema.shape[f] as z.ZodType, hidden])])));
}
/** A step's result: one of the result kinds (domain/results.ts), named components in the document. */
export const stepResultSchema = z
  .union(Object.entries(RESULT_SCHEMAS).map(([kind, schema]) => shownResult(kind, schema as z.ZodObject).meta({ id: resultComponent(kind), title: kind })) as unknown as [z.ZodType, z.ZodType])
  .meta({ id: 'StepResult', description: "A step's result (kết quả giải quyết); its shape is the `resultKind` of the step's procedure in the catalogue version the case pinned." });

/** Shared by the reject request and the step record. */
export const rejectionBody = rejectionSchema.meta({ id: 'Rejection', description: 'Refusal of a step (từ chối giải quyết), with a machine-readable reason code.' });

export const supplementRequestRecordSchema = supplementRequestSchema
  .extend({ requestedAt: instant })
  .meta({ id: 'SupplementRequestRecord', description: 'What the agency asked the applicant to supplement (yêu cầu bổ sung hồ sơ), and when.' });

export const stepRecordSchema = z
  .object({
    stepId: z.string(),
    procedure: z.string(),
    agencyCode: z.string(),
    status: ledgerStepStatusSchema,
    dependsOn: z.array(z.string()),
    timeLimitWorkingDays: z.number().int().min(0),
    resubmission: z.number().int().min(0).meta({ description: '0 for the first dispatch, n after the n-th supplement.' }),
    dispatchedAt: instant.nullable().meta({ description: 'When the agency acknowledged the (latest) dispatch.' }),
    dueAt: instant.nullable(),
    finishedAt: instant.nullable(),
    result: stepResultSchema.nullable(),
    rejection: rejectionBody.nullable(),
    supplementRequest: supplementRequestRecordSchema.nullable(),
    remindedAt: instant.nullable(),
    isOverdue: z.boolean(),
    attention: z
      .object({ reason: z.string(), httpStatus: z.number().int().optional(), attempts: z.number().int().optional(), at: instant })
      .nullable()
      .meta({
        id: 'StepAttention',
        description:
          'Why the step needs an operator (NEEDS_ATTENTION): `AGENCY_REFUSED` (a 4xx), `CONTRACT_BROKEN`, `AGENCY_NOT_CONFIGURED`, `RETRIES_EXHAUSTED`, `ANSWER_INVALID` (an answer fetched from its system was refused).',
      }),
    dispatchAttempts: z.number().int().min(0).meta({ description: 'Attempts of the latest dispatch while the engine retries it.' }),
    dispatchError: z.string().nullable().meta({ description: 'The kind of the last failed attempt (`AGENCY_UNREACHABLE`, `AGENCY_FAILED`, …).' }),
    procedureName: z.string().optional().meta({ description: 'Vietnamese name from the pinned catalogue.' }),
    agencyName: z.string().optional().meta({ description: 'Vietnamese name from the pinned catalogue.' }),
  })
  .meta({ id: 'StepRecord' });

export const timelineEventSchema = z
  .object({
    seq: z.number().int().min(0),
    type: z.enum(EVENT_TYPES),
    stepId: z.string().nullable(),
    actor: z.string().meta({ description: 'A party: `applicant`, `engine`, `operators`, `desk:<office code>`, `agency:<agency code>`, or `operator:<API key id>` for an operator.' }),
    from: z.string(),
    to: z.string(),
    at: instant,
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEvent' });

export const resultReturnSchema = z
  .object({
    state: z.enum(['returned', 'awaiting-return', 'not-ready', 'none']).meta({
      description: '`returned`; `awaiting-return`: the results are ready (every step final) and not yet returned; `not-ready`: steps still open; `none`: withdrawn or stopped.',
    }),
    returnedAt: instant.nullable(),
    method: z.enum(HANDOVER_METHODS).nullable(),
    timeliness: z.enum(['early', 'on-time', 'late']).nullable().meta({ description: 'The handover against the appointment in force (trước hạn / đúng hạn / quá hạn); null until returned.' }),
    onTime: z.boolean().nullable(),
  })
  .meta({ id: 'ResultReturn', description: 'The fourth step (trả kết quả) and the case’s on-time verdict, which runs to the handover.' });

export const handoverBody = handoverSchema.meta({
  id: 'Handover',
  description:
    'The return of the result (trả kết quả): `desk` with the recipient (`relationship` `applicant`, or the relation and full name of who came), `post` with the postal item number, `online` with the channel and the account or transaction reference. Who received it is personal data: kept with the dossier, never in the timeline, logs or workflows.',
});

export const caseResourceSchema = caseSummarySchema
  .extend({
    steps: z.array(stepRecordSchema),
    timeline: z.array(timelineEventSchema).meta({ description: 'Phiếu kiểm soát quá trình giải quyết hồ sơ: every hand-over, in order.' }),
    dossier: z
      .object({
        applicant: z.record(z.string(), z.unknown()),
        subject: z.record(z.string(), z.unknown()),
        handover: z.record(z.string(), z.unknown()).optional().meta({ description: 'Who received the result and the desk’s note, once returned (see Handover).' }),
      })
      .optional()
      .meta({ description: 'Personal data: only for the desk that received the case.' }),
    resultReturn: resultReturnSchema,
    links: z.object({ self: z.string() }),
  })
  .meta({ id: 'Case', description: 'A case (hồ sơ liên thông) with its steps and timeline.' });

export const caseListSchema = z
  .object({
    items: z.array(caseSummarySchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .meta({ id: 'CaseList' });

export const stepViewSchema = z
  .object({ caseCode: caseCodeSchema, stepId: z.string(), procedure: z.string(), agencyCode: z.string(), status: stepStatusSchema, dueAt: instant.optional(), caseStatus: caseStatusSchema })
  .meta({ id: 'StepView', description: "The step's state right after the action." });

export const caseViewSchema = z
  .object({
    caseCode: caseCodeSchema,
    status: caseStatusSchema,
    revision: z.number().int().min(0),
    pendingAgencies: z.array(z.string()),
    steps: z.array(z.object({ stepId: z.string(), agencyCode: z.string(), status: stepStatusSchema, dueAt: instant.optional() })),
  })
  .meta({ id: 'CaseView', description: "The case's state right after the action." });

const agencyRoleSchema = z.enum(AGENCY_ROLES).meta({ id: 'AgencyRole' });
const procedureSchema = z.object({
  code: z.string(),
  name: localized,
  routing: z.union([
    z.object({ kind: z.literal('fixed'), role: agencyRoleSchema }),
    z.object({ kind: z.literal('by-subject-field'), field: z.string(), routes: z.record(z.string(), agencyRoleSchema), source: z.string() }),
  ]),
  dependsOn: z.array(z.string()),
  timeLimit: z.object({ workingDays: z.number().int().min(0), source: z.string(), confirmed: z.boolean().meta({ description: 'false: a documented default no official text confirmed.' }) }).catchall(z.unknown()),
  requiredDocuments: z.array(z.object({ code: z.string(), name: localized })),
  resultKind: z.string().meta({ description: 'Names the result schema (see StepResult).' }),
  forwards: z.array(z.string()),
  essential: z.boolean().meta({ description: 'Refusing this procedure refuses the whole case.' }),
  source: z.string(),
}).catchall(z.unknown());

export const catalogueSchema = z
  .object({
    version: z.string(),
    effectiveFrom: z.iso.date(),
    localGovernment: z.enum(['three-level', 'two-level']).meta({ description: 'Province–district–commune before 01/07/2025; province–commune after.' }),
    agencyLevels: z.record(z.string(), z.array(z.enum(ADMINISTRATIVE_LEVELS))).meta({ description: 'The levels of government whose agencies may serve each role in this version.' }),
    sources: z
      .array(
        z.object({
          document: z.string(),
          article: z.string().optional(),
          date: z.string().optional(),
          effectiveFrom: z.string().optional(),
          about: z.string(),
          confidence: z.enum(['official', 'secondary', 'unconfirmed']),
          note: z.string().optional(),
        }),
      )
      .meta({ description: 'The documents the version rests on; `confidence` says whether the text itself was read (`official`), known from a copy or summary (`secondary`), or not confirmed (`unconfirmed`).' }),
    unconfirmed: z.array(z.object({ item: z.string(), searched: z.string() })).meta({ description: 'Values no text read here confirms, with what was searched.' }),
    groups: z.array(
      z.object({ code: z.string(), name: localized, portalCode: z.string(), subjectField: z.string(), procedures: z.array(procedureSchema), allowedCombinations: z.array(z.array(z.string())), source: z.string() }).catchall(z.unknown()),
    ),
    agencies: z.array(z.object({ code: z.string(), role: agencyRoleSchema, name: localized }).catchall(z.unknown())).meta({ description: 'The agencies open on the date (with `at`, or today); with `version`, every agency ever known.' }),
    offices: z.array(z.object({ code: officeCodeSchema, name: z.string(), province: z.string(), cutoff: z.string(), closesAt: z.string(), agencies: z.record(z.string(), z.string()) }).catchall(z.unknown())),
    versions: z.array(z.object({ version: z.string(), effectiveFrom: z.iso.date() })).meta({ description: 'Every catalogue version, oldest first.' }),
  })
  .meta({ id: 'Catalogue', description: 'Danh mục thủ tục: procedure groups, agencies and offices of one catalogue version.' });

export const agencyTasksSchema = z
  .object({
    agencyCode: z.string(),
    items: z
      .array(z.object({ caseCode: caseCodeSchema, stepId: z.string(), procedure: z.string(), status: ledgerStepStatusSchema, dispatchedAt: instant.nullable(), dueAt: instant.nullable() }))
      .meta({ description: 'Steps handed to the agency or awaiting a supplement, earliest due first (at most 500).' }),
  })
  .meta({ id: 'AgencyTasks' });

const dependencySchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().optional(),
  checkedAt: instant.optional(),
  error: z.string().optional().meta({ description: 'Why the last check failed (no personal data).' }),
});
export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    ready: z.boolean().meta({ description: 'false while a dependency is down: calls needing it answer 503 with Retry-After.' }),
    dependencies: z.object({ database: dependencySchema, temporal: dependencySchema }),
  })
  .meta({ id: 'Health' });

// ---- Request parts shared by several routes ----

export const caseCodeParams = z.object({ caseCode: caseCodeSchema });
export const caseStepParams = z.object({ caseCode: caseCodeSchema, stepId: stepIdSchema });

/** 8–128 visible ASCII characters; scoped to the office (receipts) or to the case (actions). */
export const idempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[\x21-\x7e]{8,128}$/, 'must be 8–128 visible ASCII characters')
    .optional()
    .meta({ description: 'Makes retries safe: the same key with the same body gets the first answer (even after the case closed); with another body it is 422.' }),
});

export const caseRequestBody = caseRequestSchema.meta({
  id: 'CaseRequest',
  description:
    'A linked-procedure dossier received at a one-stop desk (bộ phận một cửa). Besides the shape, the API checks against the catalogue in force: the group and office exist, the procedures form an allowed combination, the subject field the group names (e.g. `deceased`) is present, every personal ID starts with a known code of the province or country where the birth was registered, and the personal ID of the deceased agrees with the date of birth and sex. Names and addresses are stored in Unicode NFC with whitespace collapsed; control, invisible and bidirectional characters are refused.',
});
export const supplementRequestBody = supplementRequestSchema.meta({ id: 'SupplementRequest', description: 'Item codes must be unique; list every missing item at once.' });
export const supplementSubmissionBody = supplementSubmissionSchema.meta({ id: 'SupplementSubmission', description: 'Documents the applicant brought for a step awaiting a supplement; must answer every requested item.' });
export const withdrawalBody = withdrawalSchema.meta({ id: 'Withdrawal', description: 'The applicant withdraws the dossier (rút hồ sơ).' });
/** `result` is checked by the workflow against the result kind of the step's procedure (see StepResult). */
export const completionBody = z
  .strictObject({
    result: z.record(z.string(), z.unknown()).meta({
      override: ({ jsonSchema }) => {
        for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Record<string, unknown>)[key];
        (jsonSchema as Record<string, unknown>).$ref = '#/components/schemas/StepResult';
      },
    }),
  })
  .superRefine((body, ctx) => {
    for (const issue of unstorableTexts(body.result, ['result'])) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  })
  .meta({ id: 'StepCompletion', description: "`result` must match the schema of the procedure's resultKind (see StepResult); a result of another kind is refused with 422 naming each field." });

const dayOffSchema = z
  .object({
    date: z.iso.date(),
    kind: z.enum(['holiday', 'compensatory', 'weekend', 'day-off']).meta({ description: '`day-off`: a calendar override (a yearly decision); its reason is the name.' }),
    name: localized,
    source: z.string().meta({ description: 'The legal source, or the override’s own source.' }),
    officeCode: z.string().optional().meta({ description: 'Present when an office’s own override caused it.' }),
  })
  .meta({ id: 'DayOff' });

export const deadlineExplanationSchema = z
  .object({
    receivedAt: instant.meta({ description: 'The instant the period starts from: receipt, a step’s clock start, or a supplement.' }),
    receivedLocal: z.object({ date: z.iso.date(), time: z.string().meta({ examples: ['15:20'] }), weekday: localized }),
    receipt: z.object({
      effectiveDate: z.iso.date().meta({ description: 'The working day it counts as received on.' }),
      rule: z.enum(['same-day', 'non-working-day', 'after-cutoff']).meta({ description: 'Why that day: received in time on a working day, on a day off, or after the cut-off.' }),
      receivedOnDayOff: dayOffSchema.optional(),
      cutoff: z.object({
        time: z.string(),
        applied: z.boolean(),
        sources: z.array(z.string()),
        interpretation: localized.meta({ description: 'Applying the cut-off to multi-day limits is this engine’s documented interpretation.' }),
      }),
      skipped: z.array(dayOffSchema).meta({ description: 'Days off from the day of receipt up to the effective day.' }),
    }),
    counting: z.object({ workingDays: z.number().int(), countedDays: z.array(z.iso.date()), rule: localized, source: z.string() }),
    skipped: z.array(dayOffSchema).meta({ description: 'Every day off between the effective receipt day and the due date, with its reason and source.' }),
    limit: z.object({ workingDays: z.number().int(), source: z.string().nullable(), confirmed: z.boolean().nullable() }).meta({ description: 'The time limit and its own legal source (null when not known here).' }),
    effectiveReceiptDate: z.iso.date(),
    dueDate: z.iso.date(),
    dueAt: instant,
    sentence: localized.meta({ description: 'One sentence the desk can read to the applicant who asks "why that date".' }),
  })
  .meta({ id: 'DeadlineExplanation', description: 'Why a deadline falls where it does (the same date as the deadline function).' });
