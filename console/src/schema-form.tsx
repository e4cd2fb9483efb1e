import { fieldLabel, label, t } from './i18n';
import type { Item, Values } from './schema';
import { Field, fieldId, inputAttributes } from './ui';

// The fields of a schema's form items (console/src/schema.ts), each labelled, with its errors beside it.
export { bodyOf, check, itemsOf, paths, type Item, type Values } from './schema';

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
