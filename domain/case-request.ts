import { z } from 'zod';
import { localDateOf, isIsoDate } from './calendar/local-time';
import { OFFICE_CODE_PATTERN } from './case-code';
import { Catalogue, findGroup, findOffice, findProcedure, isAllowedCombination, Procedure, routeProcedure } from './catalogue';
import { FieldIssue, zodIssues } from './errors';
import { hasKnownPlaceCode, personalIdMismatches, PERSONAL_ID_PATTERN, UNKNOWN_PLACE_CODE } from './personal-id';
import { codeText, nameText } from './text';

const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').meta({ format: 'date' });
// Names and addresses are stored in NFC with whitespace collapsed; invisible and bidirectional
// characters are refused (domain/text.ts), so equal-looking names are equal strings.
const name = nameText({ min: 2, max: 100 });
const address = nameText({ min: 5, max: 300 });
// Every personal ID (applicant, deceased, parents) must carry a known place code; the deceased's
// century and year digits are checked against the birth date by deceasedIssues.
const personalId = z.string().regex(PERSONAL_ID_PATTERN, 'must be exactly 12 digits').refine(hasKnownPlaceCode, UNKNOWN_PLACE_CODE);

export const BENEFIT_STATUSES = ['social-insurance', 'pensioner', 'social-assistance', 'merit', 'emergency-assistance', 'none'] as const;
const OTHER_BENEFIT_STATUSES = BENEFIT_STATUSES.filter((s) => s !== 'none') as [Exclude<(typeof BENEFIT_STATUSES)[number], 'none'>, ...Exclude<(typeof BENEFIT_STATUSES)[number], 'none'>[]];
export const CHANNELS = ['desk', 'online', 'postal'] as const;
export const RESULT_DELIVERIES = ['desk', 'postal', 'online'] as const;

export const applicantSchema = z.strictObject({
  fullName: name,
  personalId,
  phone: z.string().regex(/^(0|\+84)\d{9,10}$/, 'must be a Vietnamese phone number such as 0912345678'),
  email: z.email().max(200).optional(),
  relationship: nameText({ min: 2, max: 60 }),
  address,
});

export const deceasedSchema = z.strictObject({
  fullName: name,
  personalId,
  dateOfBirth: isoDate,
  sex: z.enum(['male', 'female']),
  dateOfDeath: isoDate,
  placeOfDeath: address,
  residenceAddress: address,
  benefitStatus: z.enum(BENEFIT_STATUSES),
  /** Other regimes the deceased also belonged to: only one funeral benefit is paid (the priority rule). */
  otherBenefitStatuses: z
    .array(z.enum(OTHER_BENEFIT_STATUSES))
    .max(OTHER_BENEFIT_STATUSES.length)
    .refine((a) => new Set(a).size === a.length, 'a status is listed twice')
    .optional(),
});

const parentSchema = z.strictObject({ fullName: name, personalId });

/** A child under 6 at birth registration: no personal ID yet (it is assigned by the registration). */
export const childSchema = z.strictObject({
  fullName: name,
  dateOfBirth: isoDate,
  sex: z.enum(['male', 'female']),
  placeOfBirth: address,
  residenceAddress: address,
  mother: parentSchema,
  father: parentSchema.optional(),
});

/** Subject schemas by a group's `subjectField`; a new group with a new kind of subject adds one here. */
const SUBJECT_SCHEMAS = { deceased: deceasedSchema.optional(), child: childSchema.optional() } as const;

export const caseRequestSchema = z.strictObject({
  group: codeText(40),
  procedures: z.array(codeText(60)).min(2).max(10),
  receivingOffice: z.string().regex(OFFICE_CODE_PATTERN, 'must be an office code such as 001.01.01.H26'),
  channel: z.enum(CHANNELS),
  resultDelivery: z.enum(RESULT_DELIVERIES),
  applicant: applicantSchema,
  ...SUBJECT_SCHEMAS,
});

export type CaseRequest = z.infer<typeof caseRequestSchema>;
export type Applicant = z.infer<typeof applicantSchema>;
export type Deceased = z.infer<typeof deceasedSchema>;
export type Child = z.infer<typeof childSchema>;


export type CaseRequestResult = { ok: true; request: CaseRequest; subject: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

/**
 * Validates a case request against the shape and the catalogue, reporting every bad field at
 * once: each field is checked on its own, then the cross-field rules run on the fields that are
 * individually valid.
 */
export function validateCaseRequest(input: unknown, catalogue: Catalogue, now: Date): CaseRequestResult {
  const parsed = caseRequestSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : zodIssues(parsed.error);
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const valid = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
    const r = schema.safeParse(value);
    return r.success ? r.data : undefined;
  };
  const shape = caseRequestSchema.shape;
  const groupCode = valid(shape.group, raw.group);
  const procedures = valid(shape.procedures, raw.procedures);
  const officeCode = valid(shape.receivingOffice, raw.receivingOffice);

  const group = groupCode === undefined ? undefined : findGroup(catalogue, groupCode);
  if (groupCode !== undefined && !group) {
    issues.push({ path: 'group', message: `unknown group; known: ${catalogue.groups.map((g) => g.code).join(', ')}` });
  }
  if (officeCode !== undefined && !findOffice(catalogue, officeCode)) {
    issues.push({ path: 'receivingOffice', message: 'unknown office code' });
  }

  let subject: Record<string, unknown> | undefined;
  // The subject's fields that are valid on their own: cross-field rules run on these even when
  // another field of the subject is bad, so every problem is reported at once.
  let fields: Record<string, unknown> = {};
  if (group) {
    const subjectSchema = (SUBJECT_SCHEMAS as Record<string, z.ZodType | undefined>)[group.subjectField];
    if (!subjectSchema) throw new RangeError(`no subject schema for ${group.subjectField}`);
    // Shape problems of the subject were reported by the main parse; here only presence and use.
    if (raw[group.subjectField] === undefined) issues.push({ path: group.subjectField, message: `required for group ${group.code}` });
    subject = valid(subjectSchema, raw[group.subjectField]) as Record<string, unknown> | undefined;
    fields = validFields(subjectSchema, raw[group.subjectField]);
    for (const other of Object.keys(SUBJECT_SCHEMAS)) {
      if (other !== group.subjectField && raw[other] !== undefined) issues.push({ path: other, message: `not used by group ${group.code}` });
    }
  }

  if (group && procedures) {
    procedures.forEach((code, i) => {
      const procedure = findProcedure(group, code);
      if (!procedure) {
        issues.push({ path: `procedures[${i}]`, message: `unknown procedure for group ${group.code}` });
      } else if (procedure.routing.kind === 'by-subject-field' && fields[procedure.routing.field] !== undefined && !routeProcedure(procedure, fields)) {
        const field = procedure.routing.field;
        issues.push({ path: `procedures[${i}]`, message: `${code} is not available when ${group.subjectField}.${field} is '${String(fields[field])}'` });
      } else if (procedure.routing.kind === 'by-subject-field' && procedure.routing.priority) {
        const issue = priorityIssue(procedure.routing.field, procedure.routing.priority, fields);
        if (issue) issues.push({ path: `${group.subjectField}.${procedure.routing.field}`, message: issue });
      }
    });
    if (new Set(procedures).size !== procedures.length) {
      issues.push({ path: 'procedures', message: 'a procedure is listed twice' });
    } else if (procedures.every((p) => findProcedure(group, p)) && !isAllowedCombination(group, procedures)) {
      issues.push({
        path: 'procedures',
        message: `not an allowed combination; allowed: ${group.allowedCombinations.map((c) => c.join('+')).join(' | ')}`,
      });
    }
  }

  if (group?.subjectField === 'deceased') issues.push(...deceasedIssues(fields as Partial<Deceased>, now));
  if (group?.subjectField === 'child') issues.push(...childIssues(fields as Partial<Child>, now));

  if (issues.length > 0 || !parsed.success || !subject) return { ok: false, issues };
  return { ok: true, request: parsed.data, subject };
}

/**
 * Only one benefit of a kind is paid, by the first regime in the rule's order the subject belongs
 * to: the recorded status must be that one. Returns the message naming the rule, or undefined.
 */
function priorityIssue(field: string, priority: NonNullable<Extract<Procedure['routing'], { kind: 'by-subject-field' }>['priority']>, fields: Record<string, unknown>): string | undefined {
  const status = fields[field];
  const others = fields[priority.otherField];
  if (typeof status !== 'string' || !Array.isArray(others)) return undefined;
  const held = new Set<unknown>([status, ...others]);
  const paying = priority.order.find((s) => held.has(s));
  if (paying === undefined || paying === status) return undefined;
  return `${priority.rule}: only one benefit is paid, by the first of ${priority.order.join(' > ')} the person belonged to; record '${paying}' here (and '${status}' among ${priority.otherField}) — ${priority.source}`;
}

function validFields(schema: z.ZodType, value: unknown): Record<string, unknown> {
  const shape = (schema instanceof z.ZodOptional ? schema.unwrap() : schema) as z.ZodType & { shape?: Record<string, z.ZodType> };
  if (!shape.shape || typeof value !== 'object' || value === null) return {};
  const out: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(shape.shape)) {
    const r = fieldSchema.safeParse((value as Record<string, unknown>)[key]);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  return out;
}

/** The linked birth group is for children under 6 (Decree 63/2024 Art 5); the parents' IDs must fit their sex. */
function childIssues(c: Partial<Child>, now: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const today = localDateOf(now);
  if (c.dateOfBirth && c.dateOfBirth > today) issues.push({ path: 'child.dateOfBirth', message: 'must not be in the future' });
  const sixth = c.dateOfBirth && `${Number(c.dateOfBirth.slice(0, 4)) + 6}${c.dateOfBirth.slice(4)}`;
  if (sixth && sixth <= today) issues.push({ path: 'child.dateOfBirth', message: 'the linked birth procedures are for children under 6' });
  // The 4th digit is odd for women and even for men (Decree 137/2015 Art 13).
  if (c.mother && Number(c.mother.personalId[3]) % 2 !== 1) issues.push({ path: 'child.mother.personalId', message: "the 4th digit does not match a woman's ID" });
  if (c.father && Number(c.father.personalId[3]) % 2 !== 0) issues.push({ path: 'child.father.personalId', message: "the 4th digit does not match a man's ID" });
  return issues;
}

/** Cross-field rules of the deceased; each runs when the fields it needs are valid. */
function deceasedIssues(d: Partial<Deceased>, now: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (d.personalId && d.dateOfBirth && d.sex) {
    for (const message of personalIdMismatches(d.personalId, d.dateOfBirth, d.sex)) issues.push({ path: 'deceased.personalId', message });
  }
  if (d.dateOfDeath && d.dateOfDeath > localDateOf(now)) issues.push({ path: 'deceased.dateOfDeath', message: 'must not be in the future' });
  if (d.dateOfDeath && d.dateOfBirth && d.dateOfDeath < d.dateOfBirth) issues.push({ path: 'deceased.dateOfDeath', message: 'must not be before the date of birth' });
  if (d.dateOfBirth && d.dateOfBirth < '1900-01-01') issues.push({ path: 'deceased.dateOfBirth', message: 'must be on or after 1900-01-01' });
  return issues;
}
