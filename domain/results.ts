import { z } from 'zod';
import { isIsoDate } from './calendar/local-time';
import { once } from './memo';
import { codeText, lineText, multilineText } from './text';

// What agencies and desks send about a step. Built once per process (domain/memo.ts): every case
// workflow validates against these, and building zod schemas is far costlier than using them.
const schemas = once('domain/results', () => {
  const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').meta({ format: 'date' });
  const documentNumber = lineText({ min: 1, max: 40 });
  return {
    /** Result payloads agencies send when they complete a step, by the procedure's `resultKind`. */
    results: {
      // Trích lục khai tử: register numbers restart at 01 each year per register book.
      'death-extract': z.strictObject({
        extractNumber: documentNumber,
        extractDate: isoDate,
        registerBook: lineText({ min: 1, max: 40 }).optional(),
      }),
      'residence-deregistration': z.strictObject({
        deregisteredOn: isoDate,
        referenceNumber: documentNumber.optional(),
      }),
      'birth-certificate': z.strictObject({
        personalId: z.string().regex(/^\d{12}$/, 'must be the 12-digit personal ID assigned at registration'),
        registrationNumber: documentNumber,
        registrationDate: isoDate,
      }),
      'residence-registration': z.strictObject({
        registeredOn: isoDate,
        referenceNumber: documentNumber.optional(),
      }),
      'health-insurance-card': z.strictObject({
        cardNumber: z.string().regex(/^[A-Z]{2}\d{13}$|^\d{10,12}$/, 'must be a health-insurance card number'),
        validFrom: isoDate,
        validTo: isoDate.optional(),
      }),
      // Thẻ căn cước: the card number is the child's 12-digit personal ID (Law on Identification 2023 Art 18).
      'identity-card': z.strictObject({
        cardNumber: z.string().regex(/^\d{12}$/, 'must be the 12-digit number on the identity card'),
        issuedOn: isoDate,
        validTo: isoDate.optional(),
      }),
      'benefit-decision': z.strictObject({
        decisionNumber: documentNumber,
        decisionDate: isoDate,
        amountVnd: z.number().int().positive().max(10_000_000_000),
        paymentMethod: z.enum(['bank-transfer', 'cash', 'post-office']).optional(),
      }),
    },
    rejection: z.strictObject({
      reasonCode: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be an upper-case code such as NOT_COMPETENT'),
      reason: multilineText({ min: 5, max: 2000 }),
    }),
    supplementRequest: z.strictObject({
      items: z
        .array(
          z.strictObject({
            code: z.string().regex(/^[a-z0-9-]{2,40}$/, 'must be a lower-case code'),
            description: multilineText({ min: 3, max: 500 }),
          }),
        )
        .min(1, 'list every missing item at once')
        .max(50)
        .refine((items) => new Set(items.map((i) => i.code)).size === items.length, 'item codes must be unique'),
      note: multilineText({ max: 2000 }).optional(),
    }),
    supplementSubmission: z.strictObject({
      stepId: codeText(60),
      documents: z.array(z.strictObject({ item: codeText(40), reference: lineText({ min: 1, max: 200 }) })).min(1),
      note: multilineText({ max: 2000 }).optional(),
    }),
    withdrawal: z.strictObject({
      reason: multilineText({ min: 3, max: 2000 }),
    }),
  };
});

/** Result payloads agencies send when they complete a step, by the procedure's `resultKind`. */
export const RESULT_SCHEMAS = schemas.results;

/** Result dates that record something already done (not a card's validity, which may start later). */
const DONE_ON_FIELDS = ['extractDate', 'deregisteredOn', 'registrationDate', 'registeredOn', 'issuedOn', 'decisionDate'] as const;

/**
 * Result dates outside the case's span: after `today` (Vietnam date, YYYY-MM-DD) — an extract or a
 * decision cannot be dated ahead — or, given `receivedOn`, before the day the case was received:
 * what it records was done in answer to this case.
 */
export function resultDatesOutside(result: Readonly<Record<string, unknown>>, span: { today: string; receivedOn?: string }): { path: string; message: string }[] {
  return DONE_ON_FIELDS.flatMap((f) => {
    const v = result[f];
    if (typeof v !== 'string' || !isIsoDate(v)) return [];
    if (v > span.today) return [{ path: `result.${f}`, message: `must not be after today (${span.today})` }];
    if (span.receivedOn && v < span.receivedOn) return [{ path: `result.${f}`, message: `must not be before the case was received (${span.receivedOn})` }];
    return [];
  });
}
export type ResultKind = keyof typeof RESULT_SCHEMAS;

/**
 * Result fields that identify a person, by result kind: the child's personal ID assigned at birth
 * registration, the health-insurance card number. The desk that received the case sees them (it
 * hands the results to the family); an agency sees only its own steps' results anyway; operators
 * — the API and the codec server that decodes Temporal payloads for them — see
 * HIDDEN_PERSONAL_VALUE instead. Register numbers, dates and amounts identify documents, not people.
 */
export const PERSONAL_RESULT_FIELDS = {
  'birth-certificate': ['personalId'],
  'health-insurance-card': ['cardNumber'],
  'identity-card': ['cardNumber'],
} as const satisfies Partial<Record<ResultKind, readonly string[]>>;

/** What operators see in place of a personal result field. */
export const HIDDEN_PERSONAL_VALUE = '[hidden]';

const PERSONAL_FIELD_NAMES: ReadonlySet<string> = new Set(Object.values(PERSONAL_RESULT_FIELDS).flat());

/** Whether a result field (by name, whatever the kind) holds personal data. */
export const isPersonalResultField = (field: string): boolean => PERSONAL_FIELD_NAMES.has(field);

export function resultSchemaFor(kind: string): z.ZodType<Record<string, unknown>> {
  const schema = (RESULT_SCHEMAS as Record<string, z.ZodType<Record<string, unknown>>>)[kind];
  if (!schema) throw new RangeError(`no result schema for ${kind}`);
  return schema;
}

export const rejectionSchema = schemas.rejection;
export type Rejection = z.infer<typeof rejectionSchema>;

export const supplementRequestSchema = schemas.supplementRequest;
export type SupplementRequest = z.infer<typeof supplementRequestSchema>;

export const supplementSubmissionSchema = schemas.supplementSubmission;
export type SupplementSubmission = z.infer<typeof supplementSubmissionSchema>;

export const withdrawalSchema = schemas.withdrawal;
export type Withdrawal = z.infer<typeof withdrawalSchema>;
