import { z } from 'zod';
import { type FieldIssue, zodIssues } from '../../domain/errors';

// Forms generated from the API's own zod schemas (domain/): the fields, their kinds (text, date,
// number, choice) and whether they are required come from the schema the API validates with, and
// the same schema checks the form before it is sent — the API then adds the rules that need the
// catalogue, and its 422 errors land beside the same fields by their path. (No JSX here: the unit
// tests run it in Node.)

export type Item =
  | { type: 'field'; path: string; kind: 'text' | 'date' | 'number' | 'select' | 'multi' | 'textarea'; options?: string[]; optional: boolean; inputType?: 'text' | 'tel' | 'email' | 'number' | 'date' }
  | { type: 'group'; path: string; optional: boolean; items: Item[] };

export type Values = Record<string, string | string[]>;

/** Free text that may span lines (domain/text.ts multilineText) is known by the field's name. */
const MULTILINE = new Set(['reason', 'description', 'note']);
const INPUT_TYPES: Record<string, 'tel' | 'email' | 'text'> = { phone: 'tel', email: 'email', personalId: 'text' };

function unwrap(s: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let schema = s;
  let optional = false;
  for (;;) {
    if (schema instanceof z.ZodOptional) {
      optional = true;
      schema = schema.unwrap() as z.ZodType;
    } else if (schema instanceof z.ZodDefault) {
      optional = true;
      schema = schema.unwrap() as z.ZodType;
    } else return { schema, optional };
  }
}

const isDate = (s: z.ZodType): boolean => (z.globalRegistry.get(s) as { format?: string } | undefined)?.format === 'date';

/** The form items of an object schema (nested objects become groups), minus the fields in `skip`. */
export function itemsOf(object: z.ZodType, prefix = '', skip: readonly string[] = []): Item[] {
  const { schema } = unwrap(object);
  const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
  const items: Item[] = [];
  for (const [name, raw] of Object.entries(shape)) {
    if (skip.includes(name)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const { schema: s, optional } = unwrap(raw);
    if (s instanceof z.ZodObject) items.push({ type: 'group', path, optional, items: itemsOf(s, path) });
    else if (s instanceof z.ZodEnum) items.push({ type: 'field', path, kind: 'select', options: s.options.map(String), optional });
    else if (s instanceof z.ZodArray && s.element instanceof z.ZodEnum) items.push({ type: 'field', path, kind: 'multi', options: (s.element as z.ZodEnum).options.map(String), optional });
    else if (s instanceof z.ZodNumber) items.push({ type: 'field', path, kind: 'number', optional, inputType: 'number' });
    else if (isDate(s)) items.push({ type: 'field', path, kind: 'date', optional, inputType: 'date' });
    else items.push({ type: 'field', path, kind: MULTILINE.has(name) ? 'textarea' : 'text', optional, inputType: INPUT_TYPES[name] ?? 'text' });
  }
  return items;
}

const isEmpty = (v: string | string[] | undefined) => v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '');

/**
 * The body the items describe: empty optional fields left out, an optional group left out when all
 * its fields are empty, numbers as numbers (what is not a number is sent as typed, for the schema to name).
 */
export function bodyOf(items: Item[], values: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const name = item.path.split('.').pop()!;
    if (item.type === 'group') {
      const inner = bodyOf(item.items, values);
      if (item.optional && Object.keys(inner).length === 0) continue;
      out[name] = inner;
      continue;
    }
    const v = values[item.path];
    if (isEmpty(v)) {
      if (!item.optional) out[name] = item.kind === 'multi' ? [] : undefined;
      continue;
    }
    if (item.kind === 'multi') out[name] = v;
    else if (item.kind === 'number') out[name] = /^-?\d+(\.\d+)?$/.test(String(v).trim()) ? Number(v) : v;
    else out[name] = v;
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** The schema's verdict on a body, as the API would name the fields. */
export function check(schema: z.ZodType, body: unknown, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  const r = schema.safeParse(body);
  return r.success ? [] : zodIssues(r.error, prefix);
}

export function paths(items: Item[]): string[] {
  return items.flatMap((i) => (i.type === 'group' ? [i.path, ...paths(i.items)] : [i.path]));
}

