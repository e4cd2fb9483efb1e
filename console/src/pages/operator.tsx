import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, issuesOf, submissionKeys, type CaseSummary, type FieldIssue, type Schemas } from '../server';
import { formatDate, formatDateTime, todayVn } from '../format';
import { fieldLabel, getLang, label, t } from '../i18n';
import { BASE } from '../router';
import { temporalLink, useSession } from '../session';
import { ErrorSummary, issuesByPath, Link, Loading, Notice, Page, ProblemBox, Select, TextInput } from '../ui';
import { CaseTable, useCatalogue } from './desk';

type Incidents = Schemas['Incidents'];
type StepIncident = Incidents['needsAttention'][number];

/** Incidents and overdue cases, each with its workflow in the Temporal Web UI. */
export function Operations(): preact.JSX.Element {
  const { user, config } = useSession();
  const [incidents, setIncidents] = useState<Incidents | undefined>();
  const [overdue, setOverdue] = useState<CaseSummary[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>();
  const keyFor = useMemo(submissionKeys, []);
  const load = () => {
    api<Incidents>('GET', '/v1/incidents').then(setIncidents, setError);
    api<{ items: CaseSummary[] }>('GET', '/v1/cases', { query: { overdue: 'true', status: 'RECEIVED,IN_PROGRESS,AWAITING_SUPPLEMENT', limit: 200 } }).then((r) => setOverdue(r.items), setError);
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
      await api('POST', `/v1/cases/${s.caseCode}/steps/${s.stepId}/reassign`, { body, idempotencyKey: keyFor({ s: s.caseCode, step: s.stepId, to: agencyCode, at: s.updatedAt }) });
      setDone(`${t('ops.reassigned')} ${s.caseCode} · ${s.stepId} → ${agencyCode}`);
      load();
    } catch (err) {
      setError(err);
    }
  };
  const retry = async (s: StepIncident) => {
    const body = {};
    try {
      await api('POST', `/v1/cases/${s.caseCode}/steps/${s.stepId}/retry`, { body, idempotencyKey: keyFor({ s: s.caseCode, step: s.stepId, at: s.updatedAt }) });
      setDone(`${t('ops.retried')} ${s.caseCode} · ${s.stepId}`);
      load();
    } catch (err) {
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

/** The year's days off with their reasons, and the calendar decisions (overrides) an operator keeps. */
export function Calendar(): preact.JSX.Element {
  const { user } = useSession();
  const [year, setYear] = useState(Number(todayVn().slice(0, 4)));
  const [cal, setCal] = useState<CalendarYear | undefined>();
  const [error, setError] = useState<unknown>();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [done, setDone] = useState<string | undefined>();
  const [form, setForm] = useState({ date: '', kind: 'day-off', officeCode: '', reason: '', source: '' });
  const load = () => api<CalendarYear>('GET', '/v1/calendar', { query: { year } }).then(setCal, setError);
  useEffect(() => void load(), [year]);
  const canEdit = user.role === 'operator';
  const byPath = issuesByPath(issues);

  const add = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const body = { date: form.date, kind: form.kind, reason: form.reason, source: form.source, ...(form.officeCode.trim() ? { officeCode: form.officeCode.trim() } : {}) };
    try {
      await api('PUT', '/v1/calendar/overrides', { body });
      setIssues([]);
      setDone(`${t('calendar.saved')} ${formatDate(form.date)}`);
      void load();
    } catch (err) {
      setIssues(issuesOf(err));
      setError(err);
    }
  };
  const remove = async (o: CalendarYear['overrides'][number]) => {
    try {
      await api('DELETE', '/v1/calendar/overrides', { query: { date: o.date, office: o.officeCode } });
      setDone(`${t('calendar.removed')} ${formatDate(o.date)}`);
      void load();
    } catch (err) {
      setError(err);
    }
  };
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
                  <li key={`${o.date}/${o.officeCode ?? ''}`}>
                    <strong>{formatDate(o.date)}</strong> · {label('overrideKind', o.kind)}
                    {o.officeCode ? ` · ${o.officeCode}` : ''} · {o.reason} <span class="muted">({o.source})</span>{' '}
                    {canEdit ? (
                      <button type="button" class="small secondary" onClick={() => void remove(o)}>
                        {t('calendar.remove')}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {canEdit ? (
            <form class="card" onSubmit={(e) => void add(e)} noValidate aria-labelledby="add-title">
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
                <TextInput path="officeCode" label={fieldLabel('officeCode')} hint={t('calendar.officeHint')} value={form.officeCode} onValue={(v) => setForm({ ...form, officeCode: v })} error={byPath.officeCode} />
                <TextInput path="reason" label={fieldLabel('reason')} value={form.reason} onValue={(v) => setForm({ ...form, reason: v })} error={byPath.reason} required />
                <TextInput path="source" label={fieldLabel('source')} hint={t('calendar.sourceHint')} value={form.source} onValue={(v) => setForm({ ...form, source: v })} error={byPath.source} required />
              </div>
              <button type="submit">{t('calendar.save')}</button>
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
