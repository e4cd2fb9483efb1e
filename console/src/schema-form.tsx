import { z } from 'zod';
import { zodIssues } from '../../domain/errors';
import type { FieldIssue } from './server';
import { fieldLabel, label, t } from './i18n';
import { Field, fieldId, inputAttributes } from './ui';

// Forms generated from the API's own zod schemas (domain/): the fields, their kinds (text, date,
// number, choice) and whether they are required come from the schema the API validates with, and
// the same schema checks the form before it is sent — the API then adds the rules that need the
// catalogue, and its 422 errors land beside the same fields by their path.

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

interface FieldsProps {
  items: Item[];
  values: Values;
  set: (path: string, v: string | string[]) => void;
  errors: Record<string, string[]>;
}

export function SchemaFields({ items, values, set, errors }: FieldsProps): preact.JSX.Element {
  return (
    <>
      {items.map((item) =>
        item.type === 'group' ? (
          <fieldset key={item.path} class="group" id={fieldId(item.path)}>
            <legend>
              {fieldLabel(item.path)}
              {item.optional ? <span class="muted"> ({t('common.optional')})</span> : null}
            </legend>
            {errors[item.path] ? <p class="error">{errors[item.path]!.join('; ')}</p> : null}
            <div class="grid">
              <SchemaFields items={item.items} values={values} set={set} errors={errors} />
            </div>
          </fieldset>
        ) : (
          <SchemaField key={item.path} item={item} values={values} set={set} errors={errors} />
        ),
      )}
    </>
  );
}

function SchemaField({ item, values, set, errors }: { item: Extract<Item, { type: 'field' }> } & Omit<FieldsProps, 'items'>): preact.JSX.Element {
  const name = item.path.split('.').pop()!;
  const v = values[item.path] ?? (item.kind === 'multi' ? [] : '');
  const error = errors[item.path];
  const required = !item.optional;
  if (item.kind === 'multi') {
    const chosen = v as string[];
    return (
      <fieldset class={`field checks${error ? ' invalid' : ''}`} id={fieldId(item.path)}>
        <legend>{fieldLabel(item.path)}</legend>
        {item.options!.map((o) => (
          <label key={o} class="check">
            <input type="checkbox" checked={chosen.includes(o)} onChange={(e) => set(item.path, e.currentTarget.checked ? [...chosen, o] : chosen.filter((c) => c !== o))} /> {label(name, o)}
          </label>
        ))}
        {error ? <p class="error">{error.join('; ')}</p> : null}
      </fieldset>
    );
  }
  return (
    <Field path={item.path} label={fieldLabel(item.path)} error={error} required={required}>
      {(a) =>
        item.kind === 'select' ? (
          <select id={a.id} name={item.path} value={v as string} aria-invalid={a.invalid} aria-describedby={a.describedBy} required={required} onChange={(e) => set(item.path, e.currentTarget.value)}>
            <option value="">{t('common.choose')}</option>
            {item.options!.map((o) => (
              <option key={o} value={o}>
                {label(name, o)}
              </option>
            ))}
          </select>
        ) : item.kind === 'textarea' ? (
          <textarea id={a.id} name={item.path} rows={3} value={v as string} aria-invalid={a.invalid} aria-describedby={a.describedBy} required={required} onInput={(e) => set(item.path, e.currentTarget.value)} />
        ) : (
          <input
            {...inputAttributes({ id: a.id, name: item.path, type: item.inputType, inputMode: item.kind === 'number' ? 'numeric' : undefined, value: v, required, 'aria-invalid': a.invalid, 'aria-describedby': a.describedBy })}
            onInput={(e) => set(item.path, e.currentTarget.value)}
          />
        )
      }
    </Field>
  );
}
