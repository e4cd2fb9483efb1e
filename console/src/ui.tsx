import type { ComponentChildren, InputHTMLAttributes, JSX } from 'preact';
import { ApiError, type FieldIssue } from './server';
import { getLang, issueText, label, t } from './i18n';
import { onLinkClick } from './router';

// Small pieces every screen uses: labelled fields with their error beside them, the error summary,
// a refused call's problem, status badges, links inside the console.

export const fieldId = (path: string): string => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

export function Link(props: { href: string; class?: string; children: ComponentChildren; 'aria-current'?: 'page' }): JSX.Element {
  return (
    <a href={props.href} class={props.class} onClick={onLinkClick} aria-current={props['aria-current']}>
      {props.children}
    </a>
  );
}

interface FieldProps {
  path: string;
  label: string;
  hint?: string;
  error?: string[];
  required?: boolean;
  children: (a: { id: string; describedBy?: string; invalid: boolean }) => ComponentChildren;
}

/** A label, the control, an optional hint and the field's errors, tied together for screen readers. */
export function Field({ path, label: text, hint, error, required, children }: FieldProps): JSX.Element {
  const id = fieldId(path);
  const invalid = !!error?.length;
  const described = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${invalid ? ' invalid' : ''}`}>
      <label for={id}>
        {text}
        {required ? <span class="req" aria-hidden="true"> *</span> : null}
      </label>
      {children({ id, describedBy: described, invalid })}
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <p class="error" id={`${id}-error`}>
          {error!.join('; ')}
        </p>
      ) : null}
    </div>
  );
}

interface InputProps {
  path: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  hint?: string;
  error?: string[];
  required?: boolean;
  type?: 'text' | 'password' | 'date' | 'number' | 'tel' | 'email';
  placeholder?: string;
  readOnly?: boolean;
  autoComplete?: string;
  autoCapitalize?: string;
  spellcheck?: boolean;
  list?: string;
  inputMode?: 'numeric' | 'text';
}

/** Preact types <input> by its `type` as a union of shapes; these props fit every shape used here. */
export const inputAttributes = (a: Record<string, unknown>) => a as InputHTMLAttributes<HTMLInputElement>;

export function TextInput({ path, label: text, value, onValue, hint, error, required, ...rest }: InputProps): JSX.Element {
  return (
    <Field path={path} label={text} hint={hint} error={error} required={required}>
      {(a) => (
        <input
          {...inputAttributes({ ...rest, id: a.id, name: path, value, required, 'aria-invalid': a.invalid, 'aria-describedby': a.describedBy })}
          onInput={(e) => onValue(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export function TextArea(p: { path: string; label: string; value: string; onValue: (v: string) => void; hint?: string; error?: string[]; required?: boolean; rows?: number }): JSX.Element {
  return (
    <Field path={p.path} label={p.label} hint={p.hint} error={p.error} required={p.required}>
      {(a) => <textarea id={a.id} name={p.path} rows={p.rows ?? 3} value={p.value} aria-invalid={a.invalid} aria-describedby={a.describedBy} required={p.required} onInput={(e) => p.onValue(e.currentTarget.value)} />}
    </Field>
  );
}

export function Select(p: { path: string; label: string; value: string; onValue: (v: string) => void; options: { value: string; label: string }[]; error?: string[]; hint?: string; required?: boolean; disabled?: boolean }): JSX.Element {
  return (
    <Field path={p.path} label={p.label} error={p.error} hint={p.hint} required={p.required}>
      {(a) => (
        <select id={a.id} name={p.path} value={p.value} disabled={p.disabled} aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => p.onValue(e.currentTarget.value)}>
          {p.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Field issues grouped by path, for the fields to show their own. */
export function issuesByPath(issues: FieldIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of issues) (out[i.path] ??= []).push(issueText(i.message));
  return out;
}

/**
 * Every problem at the top of the form too (with a link to its field when the form has one), so
 * nothing is missed: issues of fields the form does not show (a rule across fields) appear here only.
 */
export function ErrorSummary({ issues, labelOf, known }: { issues: FieldIssue[]; labelOf: (path: string) => string; known: (path: string) => boolean }): JSX.Element | null {
  if (issues.length === 0) return null;
  return (
    <div class="alert error" role="alert" tabIndex={-1}>
      <p>
        <strong>{t('errors.summary')}</strong>
      </p>
      <ul>
        {issues.map((i, n) => (
          <li key={n}>
            {known(i.path) ? <a href={`#${fieldId(i.path)}`}>{labelOf(i.path)}</a> : <span>{labelOf(i.path)}</span>}: {issueText(i.message)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What a refused or failed call means, in the reader's language, with the API's own detail. */
export function problemText(err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.unexpected');
  const p = err.problem;
  if (p.status === 0) return t('errors.network');
  const known: Record<number, string> = { 401: t('errors.401'), 403: t('errors.403'), 404: t('errors.404'), 409: t('errors.409'), 422: t('errors.422'), 429: t('errors.429'), 503: t('errors.503') };
  const head = known[p.status] ?? `${t('errors.http')} ${p.status}`;
  // A refusal the console knows by its code reads in the officer's language; the API's own
  // wording (English, naming steps and states by code) is shown only to English readers.
  // (`label` gives back the code itself when the dictionaries have no `refused.<code>`.)
  const because = typeof p.code === 'string' ? label('refused', p.code) : undefined;
  if (because && because !== p.code && getLang() === 'vi') return `${head} ${because}`;
  return p.detail ? `${head} — ${p.detail}` : head;
}

export function ProblemBox({ error }: { error: unknown }): JSX.Element | null {
  // A lost session is the sign-in dialog's to say; after signing in again the screen is as it was.
  if (!error || (error instanceof ApiError && error.status === 401)) return null;
  return (
    <div class="alert error" role="alert">
      {problemText(error)}
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }): JSX.Element {
  return (
    <div class="alert ok" role="status">
      {children}
    </div>
  );
}

export function StatusBadge({ status, overdue }: { status: string; overdue?: boolean }): JSX.Element {
  return (
    <span class="badges">
      <span class={`badge s-${status.toLowerCase()}`}>{label('status', status)}</span>
      {overdue ? <span class="badge overdue">{t('case.overdue')}</span> : null}
    </span>
  );
}

export function Loading(): JSX.Element {
  return (
    <p class="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function Page({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }): JSX.Element {
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{title}</h1>
        {actions ? <div class="page-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
