import { useEffect, useMemo, useState } from 'preact/hooks';
import { OPEN_CASE_STATUSES } from '../../../domain/status';
import { api, issuesOf, submissionKeys, type CaseSummary, type FieldIssue, type Schemas } from '../server';
import { formatDate, formatDateTime, todayVn } from '../format';
import { fieldLabel, getLang, label, t } from '../i18n';
import { BASE } from '../router';
import { temporalLink, useSession } from '../session';
import { ErrorSummary, issuesByPath, Link, Loading, Notice, Page, ProblemBox, Select, TextInput } from '../ui';
import { useCatalogue } from '../catalogue';
import { CaseTable } from './desk';

type Incidents = Schemas['Incidents'];
type StepIncident = Incidents['needsAttention'][number];

/** Incidents and overdue cases, each with its workflow in the Temporal Web UI. */
export function Operations(): preact.JSX.Element {
  const { user, config } = useSession();
  const [incidents, setIncidents] = useState<Incidents | undefined>();
  const [overdue, setOverdue] = useState<CaseSummary[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>();
  const keys = useMemo(submissionKeys, []);
  const load = () => {
    api<Incidents>('GET', '/v1/incidents').then(setIncidents, setError);
    api<{ items: CaseSummary[] }>('GET', '/v1/cases', { query: { overdue: 'true', status: OPEN_CASE_STATUSES.join(','), limit: 200 } }).then((r) => setOverdue(r.items), setError);
  };
  useEffect(load, []);
  const temporal = (code: string) => (
    <a href={temporalLink(config, code)} target="_blank" rel="noopener" class="temporal">
      {t('ops.temporal')}
    </a>
  );
  const { catalogue } = useCatalogue();
  /** Agencies of the same role as the step's (the API refuses another role). */
  const sameRole = (code: string) => {
    const role = catalogue?.agencies.find((a) => a.code === code)?.role;
    return (catalogue?.agencies ?? []).filter((a) => a.role === role && a.code !== code);
  };
  const [targets, setTargets] = useState<Record<string, string>>({});
  const reassign = async (s: StepIncident) => {
    const agencyCode = targets[`${s.caseCode}/${s.stepId}`];
    if (!agencyCode) return;
    const body = { agencyCode };
    try {
      keys.settled(await api('POST', `/v1/cases/${s.caseCode}/steps/${s.stepId}/reassign`, { body, idempotencyKey: keys.keyFor({ s: s.caseCode, step: s.stepId, to: agencyCode, at: s.updatedAt }) }));
      setDone(`${t('ops.reassigned')} ${s.caseCode} · ${s.stepId} → ${agencyCode}`);
      load();
    } catch (err) {
      keys.settled(err);
      setError(err);
    }
  };
  const retry = async (s: StepIncident) => {
    const body = {};
    try {
      keys.settled(await api('POST', `/v1/cases/${s.caseCode}/steps/${s.stepId}/retry`, { body, idempotencyKey: keys.keyFor({ s: s.caseCode, step: s.stepId, at: s.updatedAt }) }));
      setDone(`${t('ops.retried')} ${s.caseCode} · ${s.stepId}`);
      load();
    } catch (err) {
      keys.settled(err);
      setError(err);
    }
  };
  const stepRows = (rows: StepIncident[], canRetry: boolean) =>
    rows.length === 0 ? (
      <p class="muted">{t('ops.none')}</p>
    ) : (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('case.code')}</th>
              <th scope="col">{t('step.procedure')}</th>
              <th scope="col">{t('step.agency')}</th>
              <th scope="col">{t('ops.why')}</th>
              <th scope="col">{t('step.due')}</th>
              <th scope="col">{t('common.links')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={`${s.caseCode}/${s.stepId}`}>
                <td data-label={t('case.code')}>
                  <Link href={`${BASE}/cases/${s.caseCode}`} class="code">
                    {s.caseCode}
                  </Link>
                </td>
                <td data-label={t('step.procedure')}>{label('procedure', s.procedure)}</td>
                <td data-label={t('step.agency')} class="code">
                  {s.agencyCode}
                </td>
                <td data-label={t('ops.why')}>
                  {s.attention ? label('attention', s.attention.reason) : s.dispatchError ? label('attention', s.dispatchError) : '—'}
                  {s.dispatchAttempts ? ` (${s.dispatchAttempts} ${t('ops.attempts')})` : ''}
                </td>
                <td data-label={t('step.due')}>{formatDateTime(s.dueAt)}</td>
                <td data-label={t('common.links')}>
                  {temporal(s.caseCode)}
                  {canRetry && user.role === 'operator' ? (
                    <div class="row tight">
                      <button type="button" class="small secondary" onClick={() => void retry(s)}>
                        {t('ops.retry')}
                      </button>
                      <select
                        aria-label={`${t('ops.reassignTo')} ${s.caseCode} ${s.stepId}`}
                        value={targets[`${s.caseCode}/${s.stepId}`] ?? ''}
                        onChange={(e) => setTargets({ ...targets, [`${s.caseCode}/${s.stepId}`]: e.currentTarget.value })}
                      >
                        <option value="">{t('ops.reassignTo')}…</option>
                        {sameRole(s.agencyCode).map((a) => (
                          <option key={a.code} value={a.code}>
                            {a.code}
                          </option>
                        ))}
                      </select>
                      <button type="button" class="small secondary" onClick={() => void reassign(s)} disabled={!targets[`${s.caseCode}/${s.stepId}`]}>
                        {t('ops.reassign')}
                      </button>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  return (
    <Page
      title={t('ops.title')}
      actions={
        <button type="button" class="secondary" onClick={load}>
          {t('common.refresh')}
        </button>
      }
    >
      {done ? <Notice>{done}</Notice> : null}
      <ProblemBox error={error} />
      <section class="card" aria-labelledby="attention-title">
        <h2 id="attention-title">{t('ops.needsAttention')}</h2>
        {incidents ? stepRows(incidents.needsAttention, true) : <Loading />}
      </section>
      <section class="card" aria-labelledby="retrying-title">
        <h2 id="retrying-title">{t('ops.retrying')}</h2>
        {incidents ? stepRows(incidents.retrying, false) : <Loading />}
      </section>
      <section class="card" aria-labelledby="flagged-title">
        <h2 id="flagged-title">{t('ops.flagged')}</h2>
        {!incidents ? (
          <Loading />
        ) : incidents.cases.length === 0 ? (
          <p class="muted">{t('ops.none')}</p>
        ) : (
          <ul class="plain">
            {incidents.cases.map((c) => (
              <li key={c.caseCode}>
                <Link href={`${BASE}/cases/${c.caseCode}`} class="code">
                  {c.caseCode}
                </Link>{' '}
                {label('status', c.status)} · {c.attention.reason} · {formatDateTime(c.attention.at)} · {temporal(c.caseCode)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="overdue-title">
        <h2 id="overdue-title">{t('ops.overdue')}</h2>
        {overdue ? <CaseTable items={overdue} extra={(c) => temporal(c.caseCode)} /> : <Loading />}
      </section>
    </Page>
  );
}

interface CalendarYear {
  year: number;
  nonWorkingDays: { date: string; kind: string; name?: { vi: string; en: string }; source?: string; officeCode?: string }[];
  overrides: { date: string; kind: 'day-off' | 'working-day'; officeCode?: string; reason: string; source: string }[];
}

/** What a calendar decision would move (PUT or DELETE /v1/calendar/overrides?dryRun=true). */
interface DryRun {
  scannedCases: number;
  capped: boolean;
  moves: { caseCode: string; stepId: string | null; storedAt: string; currentAt: string; newAt: string }[];
}
type Override = CalendarYear['overrides'][number];
/** A previewed change: the decision to save, or the one to remove, with what it would move. */
type Preview = { action: 'put'; body: Override; result: DryRun } | { action: 'delete'; override: Override; result: DryRun };

const overrideKey = (o: { date: string; officeCode?: string }) => `${o.date}/${o.officeCode ?? ''}`;

/** The open cases whose dates the change would move, then the button that makes the change. */
function PreviewPanel({ preview, onConfirm, onCancel, busy }: { preview: Preview; onConfirm: () => void; onCancel: () => void; busy: boolean }): preact.JSX.Element {
  const { moves, scannedCases, capped } = preview.result;
  return (
    <div class="preview" id="calendar-preview" role="region" aria-labelledby="preview-title">
      <h3 id="preview-title">{preview.action === 'put' ? t('calendar.previewPut') : t('calendar.previewDelete')}</h3>
      <p id="preview-summary">
        {moves.length === 0 ? t('calendar.movesNone') : `${t('calendar.movesSome')}: ${moves.length} (${new Set(moves.map((m) => m.caseCode)).size} ${t('calendar.cases')})`} · {t('calendar.scanned')}: {scannedCases}
        {capped ? ` · ${t('calendar.capped')}` : ''}
      </p>
      {moves.length > 0 ? (
        <div class="table-wrap">
          <table class="cases" id="preview-table">
            <thead>
              <tr>
                <th scope="col">{t('case.code')}</th>
                <th scope="col">{t('step.procedure')}</th>
                <th scope="col">{t('calendar.storedAt')}</th>
                <th scope="col">{t('calendar.newAt')}</th>
              </tr>
            </thead>
            <tbody>
              {moves.map((m) => (
                <tr key={`${m.caseCode}/${m.stepId ?? ''}`}>
                  <td data-label={t('case.code')}>
                    <Link href={`${BASE}/cases/${m.caseCode}`}>{m.caseCode}</Link>
                  </td>
                  <td data-label={t('step.procedure')}>{m.stepId === null ? t('case.appointment') : label('procedure', m.stepId)}</td>
                  <td data-label={t('calendar.storedAt')}>{formatDateTime(m.storedAt)}</td>
                  <td data-label={t('calendar.newAt')}>
                    <strong>{formatDateTime(m.newAt)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div class="row">
        <button type="button" id="calendar-confirm" class={preview.action === 'delete' ? 'danger' : undefined} disabled={busy} onClick={onConfirm}>
          {preview.action === 'put' ? t('calendar.confirmSave') : t('calendar.confirmRemove')}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

/**
 * The year's days off with their reasons, and the calendar decisions (overrides) an operator keeps.
 * A decision is previewed before it is saved or removed: the API's dry run lists the open cases
 * whose due dates or appointment the deadline function would give differently.
 */
export function Calendar(): preact.JSX.Element {
  const { user } = useSession();
  const [year, setYear] = useState(Number(todayVn().slice(0, 4)));
  const [cal, setCal] = useState<CalendarYear | undefined>();
  const [error, setError] = useState<unknown>();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [done, setDone] = useState<string | undefined>();
  const [form, setFormState] = useState({ date: '', kind: 'day-off', officeCode: '', reason: '', source: '' });
  const [preview, setPreview] = useState<Preview | undefined>();
  const { catalogue } = useCatalogue();
  const [busy, setBusy] = useState(false);
  const load = () => api<CalendarYear>('GET', '/v1/calendar', { query: { year } }).then(setCal, setError);
  useEffect(() => void load(), [year]);
  const canEdit = user.role === 'operator';
  const byPath = issuesByPath(issues);
  // A changed form is a different decision: its preview no longer holds.
  const setForm = (next: typeof form) => {
    setFormState(next);
    if (preview?.action === 'put') setPreview(undefined);
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await work();
    } catch (err) {
      setIssues(issuesOf(err));
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const previewAdd = (e: Event) => {
    e.preventDefault();
    const body: Override = { date: form.date, kind: form.kind as Override['kind'], reason: form.reason, source: form.source, ...(form.officeCode.trim() ? { officeCode: form.officeCode.trim() } : {}) };
    setPreview(undefined);
    void run(async () => {
      const result = await api<DryRun>('PUT', '/v1/calendar/overrides', { body, query: { dryRun: 'true' } });
      setIssues([]);
      setPreview({ action: 'put', body, result });
    });
  };
  const previewRemove = (o: Override) => {
    setPreview(undefined);
    setIssues([]);
    void run(async () => {
      const result = await api<DryRun>('DELETE', '/v1/calendar/overrides', { query: { date: o.date, office: o.officeCode, dryRun: 'true' } });
      setPreview({ action: 'delete', override: o, result });
    });
  };
  const confirm = () => {
    if (!preview) return;
    void run(async () => {
      if (preview.action === 'put') {
        await api('PUT', '/v1/calendar/overrides', { body: preview.body });
        setDone(`${t('calendar.saved')} ${formatDate(preview.body.date)}`);
      } else {
        await api('DELETE', '/v1/calendar/overrides', { query: { date: preview.override.date, office: preview.override.officeCode } });
        setDone(`${t('calendar.removed')} ${formatDate(preview.override.date)}`);
      }
      setIssues([]);
      setPreview(undefined);
      void load();
    });
  };
  const panel = preview ? <PreviewPanel preview={preview} busy={busy} onConfirm={confirm} onCancel={() => setPreview(undefined)} /> : null;
  const lang = getLang();
  return (
    <Page title={t('calendar.title')}>
      <div class="row">
        <button type="button" class="secondary" onClick={() => setYear(year - 1)} aria-label={t('calendar.previous')}>
          ←
        </button>
        <strong aria-live="polite">{year}</strong>
        <button type="button" class="secondary" onClick={() => setYear(year + 1)} aria-label={t('calendar.next')}>
          →
        </button>
      </div>
      {done ? <Notice>{done}</Notice> : null}
      {error && !issues.length ? <ProblemBox error={error} /> : null}
      {!cal ? (
        <Loading />
      ) : (
        <>
          <section class="card" aria-labelledby="overrides-title">
            <h2 id="overrides-title">{t('calendar.overrides')}</h2>
            {cal.overrides.length === 0 ? (
              <p class="muted">{t('calendar.noOverrides')}</p>
            ) : (
              <ul class="plain">
                {cal.overrides.map((o) => (
                  <li key={overrideKey(o)}>
                    <strong>{formatDate(o.date)}</strong> · {label('overrideKind', o.kind)}
                    {o.officeCode ? ` · ${o.officeCode}` : ''} · {o.reason} <span class="muted">({o.source})</span>{' '}
                    {canEdit ? (
                      <button type="button" class="small secondary" disabled={busy} onClick={() => previewRemove(o)} aria-label={`${t('calendar.remove')} ${formatDate(o.date)}${o.officeCode ? ` (${o.officeCode})` : ''}`}>
                        {t('calendar.remove')}
                      </button>
                    ) : null}
                    {preview?.action === 'delete' && overrideKey(preview.override) === overrideKey(o) ? panel : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {canEdit ? (
            <form class="card calendar-add" onSubmit={previewAdd} noValidate aria-labelledby="add-title">
              <h2 id="add-title">{t('calendar.add')}</h2>
              <ErrorSummary issues={issues} labelOf={fieldLabel} known={(p) => ['date', 'kind', 'officeCode', 'reason', 'source'].includes(p)} />
              <div class="grid">
                <TextInput path="date" label={fieldLabel('date')} type="date" value={form.date} onValue={(v) => setForm({ ...form, date: v })} error={byPath.date} required />
                <Select
                  path="kind"
                  label={fieldLabel('kind')}
                  value={form.kind}
                  onValue={(v) => setForm({ ...form, kind: v })}
                  options={['day-off', 'working-day'].map((k) => ({ value: k, label: label('overrideKind', k) }))}
                  error={byPath.kind}
                />
                <Select
                  path="officeCode"
                  label={t('case.office')}
                  hint={t('calendar.officeHint')}
                  value={form.officeCode}
                  onValue={(v) => setForm({ ...form, officeCode: v })}
                  options={[{ value: '', label: t('calendar.everyOffice') }, ...(catalogue?.offices ?? []).map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))]}
                  error={byPath.officeCode}
                />
                <TextInput path="reason" label={fieldLabel('reason')} value={form.reason} onValue={(v) => setForm({ ...form, reason: v })} error={byPath.reason} required />
                <TextInput path="source" label={fieldLabel('source')} hint={t('calendar.sourceHint')} value={form.source} onValue={(v) => setForm({ ...form, source: v })} error={byPath.source} required />
              </div>
              {preview?.action === 'put' ? (
                panel
              ) : (
                <button type="submit" disabled={busy}>
                  {t('calendar.preview')}
                </button>
              )}
            </form>
          ) : null}
          <section class="card" aria-labelledby="days-title">
            <h2 id="days-title">{t('calendar.daysOff')}</h2>
            <ul class="plain columns">
              {cal.nonWorkingDays
                .filter((d) => d.kind !== 'weekend')
                .map((d) => (
                  <li key={d.date}>
                    <strong>{formatDate(d.date)}</strong> · {d.name ? (lang === 'vi' ? d.name.vi : d.name.en) : label('dayKind', d.kind)}
                  </li>
                ))}
            </ul>
          </section>
        </>
      )}
    </Page>
  );
}
