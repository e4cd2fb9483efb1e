import { calendarOverrideSchema } from '../routes/calendar';
import { z } from 'zod';
import {
  CATALOGUE_VERSIONS,
  caseRequestSchema,
  isIsoDate,
  rejectionSchema,
  RESULT_SCHEMAS,
  supplementRequestSchema,
  supplementSubmissionSchema,
  withdrawalSchema,
} from '../../domain';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = Record<string, unknown>;

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/**
 * The request bodies are derived from the zod schemas the routes validate with, so the document
 * cannot drift from validation. Refinements are not representable and are left out (the API
 * still enforces them, answering 422); the one refinement worth showing, `isIsoDate`, is
 * recognised and shown as `format: date`.
 */
export function fromZod(schema: z.ZodType, description?: string): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    override: (ctx) => {
      const checks = ctx.zodSchema._zod.def.checks ?? [];
      if (checks.some((c) => (c._zod.def as { fn?: unknown }).fn === isIsoDate)) ctx.jsonSchema.format = 'date';
    },
  }) as JsonSchema;
  delete json.$schema; // OpenAPI 3.1's default schema dialect already is JSON Schema 2020-12
  return description ? { description, ...json } : json;
}

const pascal = (kind: string) => kind.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
/** Component name of a result kind's schema, e.g. `death-extract` → `DeathExtractResult`. */
export const resultComponent = (kind: string) => `${pascal(kind)}Result`;

/** Which procedures (in any catalogue version) report a result of this kind. */
function proceduresUsing(kind: string): string[] {
  const names = new Set<string>();
  for (const catalogue of CATALOGUE_VERSIONS) {
    for (const group of catalogue.groups) {
      for (const p of group.procedures) if (p.resultKind === kind) names.add(`\`${p.code}\` (${p.name.vi})`);
    }
  }
  return [...names];
}

function resultSchemas(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [kind, schema] of Object.entries(RESULT_SCHEMAS)) {
    const used = proceduresUsing(kind);
    out[resultComponent(kind)] = {
      title: kind,
      ...fromZod(schema, `Result kind \`${kind}\`, used by ${used.length ? used.join(', ') : 'no procedure of the current catalogue'}.`),
    };
  }
  return out;
}

function stepResultSchema(): JsonSchema {
  const lines = Object.keys(RESULT_SCHEMAS).map((kind) => `- \`${kind}\` (${resultComponent(kind)}): ${proceduresUsing(kind).join(', ') || '—'}`);
  return {
    description: [
      "A step's result (kết quả giải quyết). Its shape is the `resultKind` of the step's procedure in the catalogue version the case pinned:",
      ...lines,
      'A result of another kind than the procedure\'s is refused with 422.',
    ].join('\n'),
    oneOf: Object.keys(RESULT_SCHEMAS).map((kind) => ref(resultComponent(kind))),
  };
}

/** The record of a supplement request as stored on a step: the request plus when it was made. */
function supplementRequestRecord(request: JsonSchema): JsonSchema {
  return {
    ...request,
    description: 'What the agency asked the applicant to supplement (yêu cầu bổ sung hồ sơ), and when.',
    properties: { ...(request.properties as JsonSchema), requestedAt: { type: 'string', format: 'date-time' } },
    required: [...(request.required as string[]), 'requestedAt'],
  };
}

/** The subject of a dossier per group (e.g. `deceased` for group `death`), taken from the request schema. */
function subjectSchema(caseRequest: JsonSchema): JsonSchema {
  const fields = [...new Set(CATALOGUE_VERSIONS.flatMap((c) => c.groups.map((g) => g.subjectField)))];
  const props = caseRequest.properties as Record<string, JsonSchema>;
  const schemas = fields.map((f) => props[f]).filter((s): s is JsonSchema => s !== undefined);
  const description = `The person the case is about: ${fields.map((f) => `\`${f}\``).join(', ')}, by the group's subjectField.`;
  return schemas.length === 1 ? { description, ...schemas[0] } : { description, oneOf: schemas };
}

export function requestSchemas(): Record<string, JsonSchema> {
  const caseRequest = fromZod(
    caseRequestSchema,
    'A linked-procedure dossier received at a one-stop desk (bộ phận một cửa). Besides the shape, the API checks against the catalogue in force: the group and office exist, the procedures form an allowed combination, the subject field the group names (e.g. `deceased`) is present, and the personal ID agrees with the date of birth and sex.',
  );
  const supplementRequest = fromZod(supplementRequestSchema, 'Item codes must be unique; list every missing item at once.');
  const props = caseRequest.properties as Record<string, JsonSchema>;
  return {
    CaseRequest: caseRequest,
    Applicant: props.applicant ?? {},
    Subject: subjectSchema(caseRequest),
    ...resultSchemas(),
    StepResult: stepResultSchema(),
    StepCompletion: {
      type: 'object',
      description: 'Hand-written: the route validates `{ result: record }` first, then `result` against the schema of the procedure\'s resultKind (chosen at run time, so no single zod schema exists).',
      properties: { result: ref('StepResult') },
      required: ['result'],
      additionalProperties: false,
    },
    Rejection: fromZod(rejectionSchema, 'Refusal of a step (từ chối giải quyết), with a machine-readable reason code.'),
    SupplementRequest: supplementRequest,
    SupplementRequestRecord: supplementRequestRecord(supplementRequest),
    SupplementSubmission: fromZod(supplementSubmissionSchema, 'Documents the applicant brought for a step awaiting a supplement; must answer every requested item.'),
    Withdrawal: fromZod(withdrawalSchema, 'The applicant withdraws the dossier (rút hồ sơ).'),
    CalendarOverride: fromZod(calendarOverrideSchema, 'A dated decision on the working calendar: an extra day off, a swapped working Saturday, or (with officeCode) a desk that receives on a Saturday.'),
  };
}
