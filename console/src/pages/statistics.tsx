import { useEffect, useState } from 'preact/hooks';
import { calendarYearsSupported } from '../../../domain/calendar/holidays';
import { CHANNELS } from '../../../domain/case-request';
import { STATISTICS_GROUPINGS } from '../../../domain/statistics';
import { api, ApiError, issuesOf, withQuery, type Catalogue, type Schemas } from '../server';
import { BarChart } from '../chart';
import { formatDate, formatNumber, formatPercent, todayVn } from '../format';
import { fieldLabel, getLang, label, t } from '../i18n';
import { BASE, navigate } from '../router';
import { useSession } from '../session';
import { issuesByPath, Loading, Page, ProblemBox, Select, TextInput } from '../ui';
import { useCatalogue } from '../catalogue';

// Statistics (the statistics helper's routes): received, finished early / on time / late, pending
// in time / overdue, withdrawn, refused, on-time rate and working days to result, by a grouping;
// the quarterly report table; the citizens' ratings. Each as a chart with its numbers beside it and
// CSV / XLSX downloads of the same query.

interface SummaryRow {
  key: string;
  label: string;
  received: number;
  finishedEarly: number;
  finishedOnTime: number;
  finishedLate: number;
  pendingInTime: number;
  pendingOverdue: number;
  withdrawn: number;
  refused: number;
  onTimeRate: number | null;
  avgWorkingDays: number | null;
  p90WorkingDays: number | null;
  ratingCount?: number;
  ratingAverage?: number | null;
}
interface Summary {
  rows: SummaryRow[];
  total?: SummaryRow;
}
interface QuarterlyRow {
  key: string;
  label: string;
  level?: string;
  receivedInPeriod: number;
  carriedOver: number;
  total: number;
  finishedEarly: number;
  finishedOnTime: number;
  finishedLate: number;
  refused?: number;
  withdrawn?: number;
  pendingInTime: number;
  pendingOverdue: number;
  onTimeRate: number | null;
}
type Ratings = Schemas['RatingSummary'];

const MEASURES = ['received', 'finishedEarly', 'finishedOnTime', 'finishedLate', 'pendingInTime', 'pendingOverdue', 'withdrawn', 'refused'] as const;

function useLoad<T>(path: string, query: Record<string, string | undefined>, on = true): { data?: T; error?: unknown } {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const key = withQuery(path, query);
  useEffect(() => {
    if (!on) return;
    setState({});
    api<T>('GET', path, { query }).then(
      (data) => setState({ data }),
      (error: unknown) => setState({ error }),
    );
  }, [key, on]);
  return state;
}

type Option = { value: string; label: string };
type Person = ReturnType<typeof useSession>['user'];

/**
 * The filters' choices from the catalogue in force (the one the users form reads), limited to what
 * the person may see: a desk's own office and an agency's own agency are fixed (the API scopes them
 * anyway); an agency picks among the procedures its role can be asked for.
 */
export function filterChoices(catalogue: Catalogue | undefined, user: Pick<Person, 'role' | 'officeCode' | 'agencyCode'>, lang: 'vi' | 'en'): { offices: Option[]; agencies: Option[]; procedures: Option[]; fixedOffice?: string; fixedAgency?: string } {
  const name = (n: { vi: string; en: string }) => (lang === 'vi' ? n.vi : n.en);
  const offices = (catalogue?.offices ?? []).map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }));
  const agencies = (catalogue?.agencies ?? []).map((a) => ({ value: a.code, label: `${name(a.name)} (${a.code})` }));
  const role = user.role === 'agency' ? catalogue?.agencies.find((a) => a.code === user.agencyCode)?.role : undefined;
  const seen = new Set<string>();
  const procedures: Option[] = [];
  for (const g of catalogue?.groups ?? []) {
    for (const p of g.procedures) {
      if (seen.has(p.code)) continue;
      const roles = p.routing.kind === 'fixed' ? [p.routing.role] : Object.values(p.routing.routes);
      if (user.role === 'agency' && role && !roles.includes(role)) continue;
      seen.add(p.code);
      procedures.push({ value: p.code, label: name(p.name) });
    }
  }
  const known = (list: Option[], code: string | undefined) => (code ? (list.find((o) => o.value === code) ?? { value: code, label: code }) : undefined);
  const fixedOffice = user.role === 'desk' ? known(offices, user.officeCode) : undefined;
  const fixedAgency = user.role === 'agency' ? known(agencies, user.agencyCode) : undefined;
  return {
    offices: fixedOffice ? [fixedOffice] : offices,
    agencies: fixedAgency ? [fixedAgency] : agencies,
    procedures,
    fixedOffice: fixedOffice?.value,
    fixedAgency: fixedAgency?.value,
  };
}

/** A value from the address bar that the catalogue in force does not list (an older code) stays choosable. */
const withUnknown = (list: Option[], value: string): Option[] => (value && !list.some((o) => o.value === value) ? [...list, { value, label: value }] : list);

const firstOfYear = (d: string) => `${d.slice(0, 4)}-01-01`;

export function Statistics({ query }: { query: URLSearchParams }): preact.JSX.Element {
  const { user } = useSession();
  const today = todayVn();
  const q = {
    from: query.get('from') ?? firstOfYear(today),
    to: query.get('to') ?? today,
    groupBy: query.get('groupBy') ?? (user.role === 'agency' ? 'procedure' : user.role === 'desk' ? 'procedure' : 'office'),
    office: query.get('office') ?? undefined,
    agency: query.get('agency') ?? undefined,
    procedure: query.get('procedure') ?? undefined,
    channel: query.get('channel') ?? undefined,
  };
  const [form, setForm] = useState({ ...q, office: q.office ?? '', agency: q.agency ?? '', procedure: q.procedure ?? '', channel: q.channel ?? '' });
  const summary = useLoad<Summary>('/v1/statistics/summary', q);
  // A link's year or quarter the report cannot give (before the calendar's first year, ahead of
  // this one, not 1–4) falls back to today's, rather than a refusal with no field to mark.
  const thisYear = Number(today.slice(0, 4));
  const linkYear = Number(query.get('year'));
  const year = Number.isInteger(linkYear) && linkYear >= calendarYearsSupported.from && linkYear <= thisYear ? linkYear : thisYear;
  const linkQuarter = Number(query.get('quarter'));
  const quarter = [1, 2, 3, 4].includes(linkQuarter) ? linkQuarter : Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const quarterlyQuery = { year: String(year), quarter: String(quarter), office: q.office };
  const quarterly = useLoad<{ rows: QuarterlyRow[]; total?: QuarterlyRow }>('/v1/statistics/quarterly', quarterlyQuery);
  const ratings = useLoad<Ratings>('/v1/statistics/ratings', { from: q.from, to: q.to, office: q.office }, user.role !== 'agency');
  const byPath = issuesByPath(issuesOf(summary.error));
  const { catalogue } = useCatalogue();
  const choices = filterChoices(catalogue, user, getLang());

  const apply = (e: Event) => {
    e.preventDefault();
    navigate(withQuery(`${BASE}/statistics`, { ...form, year: String(year), quarter: String(quarter) }));
  };
  const rows = summary.data?.rows ?? [];
  // Ratings are joined per case (not per step): the column is there when the rows count cases.
  const withRatings = rows.some((r) => r.ratingCount !== undefined);
  const bars = rows.map((r) => ({
    key: r.key,
    label: r.label,
    rate: r.onTimeRate,
    segments: [
      { kind: 'on-time' as const, value: r.finishedEarly + r.finishedOnTime },
      { kind: 'late' as const, value: r.finishedLate },
      { kind: 'pending' as const, value: r.pendingInTime },
      { kind: 'overdue' as const, value: r.pendingOverdue },
    ],
  }));

  return (
    <Page title={t('stats.title')}>
      <form class="filters card" onSubmit={apply} aria-label={t('stats.filters')}>
        <div class="grid">
          <TextInput path="from" label={t('cases.from')} type="date" value={form.from} onValue={(v) => setForm({ ...form, from: v })} error={byPath.from} />
          <TextInput path="to" label={t('cases.to')} type="date" value={form.to} onValue={(v) => setForm({ ...form, to: v })} error={byPath.to} />
          <Select path="groupBy" label={t('stats.groupBy')} value={form.groupBy} onValue={(v) => setForm({ ...form, groupBy: v })} options={STATISTICS_GROUPINGS.map((g) => ({ value: g, label: t(`stats.by.${g}` as Parameters<typeof t>[0]) }))} error={byPath.groupBy} />
          <Select path="channel" label={fieldLabel('channel')} value={form.channel} onValue={(v) => setForm({ ...form, channel: v })} options={[{ value: '', label: t('stats.anyChannel') }, ...CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))]} />
          <Select
            path="office"
            label={t('stats.by.office')}
            value={choices.fixedOffice ?? form.office}
            disabled={!!choices.fixedOffice}
            onValue={(v) => setForm({ ...form, office: v })}
            options={choices.fixedOffice ? choices.offices : [{ value: '', label: t('stats.anyOffice') }, ...withUnknown(choices.offices, form.office)]}
            error={byPath.office}
          />
          <Select
            path="agency"
            label={t('step.agency')}
            value={choices.fixedAgency ?? form.agency}
            disabled={!!choices.fixedAgency}
            onValue={(v) => setForm({ ...form, agency: v })}
            options={choices.fixedAgency ? choices.agencies : [{ value: '', label: t('stats.anyAgency') }, ...withUnknown(choices.agencies, form.agency)]}
            error={byPath.agency}
          />
          <Select
            path="procedure"
            label={t('step.procedure')}
            value={form.procedure}
            onValue={(v) => setForm({ ...form, procedure: v })}
            options={[{ value: '', label: t('stats.anyProcedure') }, ...withUnknown(choices.procedures, form.procedure)]}
            error={byPath.procedure}
          />
        </div>
        <div class="row">
          <button type="submit">{t('stats.show')}</button>
        </div>
      </form>

      <section class="card" aria-labelledby="summary-title">
        <div class="card-head">
          <h2 id="summary-title">
            {t('stats.summary')} · {formatDate(q.from)} – {formatDate(q.to)}
          </h2>
          <Downloads path="/v1/statistics/summary" query={q} />
        </div>
        {summary.error && !(summary.error instanceof ApiError && summary.error.status === 422 && Object.keys(byPath).length) ? <ProblemBox error={summary.error} /> : null}
        {!summary.data ? (
          summary.error ? null : <Loading />
        ) : rows.length === 0 ? (
          <p class="muted">{t('stats.empty')}</p>
        ) : (
          <div class="stack">
            <BarChart id="summary-chart" title={`${t('stats.summary')} (${t(`stats.by.${q.groupBy}` as Parameters<typeof t>[0])})`} bars={bars} />
            <div class="table-wrap">
              <table class="numbers" id="summary-table">
                <caption>{t('stats.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`stats.by.${q.groupBy}` as Parameters<typeof t>[0])}</th>
                    {MEASURES.map((m) => (
                      <th scope="col" key={m}>
                        {t(`stats.m.${m}` as Parameters<typeof t>[0])}
                      </th>
                    ))}
                    <th scope="col">{t('stats.onTimeRate')}</th>
                    <th scope="col">{t('stats.avgDays')}</th>
                    <th scope="col">{t('stats.p90Days')}</th>
                    {withRatings ? <th scope="col">{t('stats.ratingColumn')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {[...rows, ...(summary.data.total ? [{ ...summary.data.total, label: t('stats.total') }] : [])].map((r, i) => (
                    <tr key={`${r.key}-${i}`} class={i === rows.length ? 'total' : ''}>
                      <th scope="row">{r.label}</th>
                      {MEASURES.map((m) => (
                        <td key={m}>{formatNumber(r[m])}</td>
                      ))}
                      <td>{formatPercent(r.onTimeRate)}</td>
                      <td>{formatNumber(r.avgWorkingDays, 1)}</td>
                      <td>{formatNumber(r.p90WorkingDays)}</td>
                      {withRatings ? <td>{r.ratingCount ? `${formatNumber(r.ratingAverage, 2)} (${formatNumber(r.ratingCount)})` : '—'}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="quarter-title">
        <div class="card-head">
          <h2 id="quarter-title">
            {t('stats.quarterly')} {quarter}/{year}
          </h2>
          <Downloads path="/v1/statistics/quarterly" query={quarterlyQuery} />
        </div>
        <div class="row">
          {[1, 2, 3, 4].map((n) => (
            <button key={n} type="button" class={n === quarter ? 'small' : 'small secondary'} aria-pressed={n === quarter} onClick={() => navigate(withQuery(`${BASE}/statistics`, { ...Object.fromEntries(query), year: String(year), quarter: String(n) }))}>
              {t('stats.quarter')} {n}
            </button>
          ))}
          {year > calendarYearsSupported.from ? (
            <button type="button" class="small secondary" onClick={() => navigate(withQuery(`${BASE}/statistics`, { ...Object.fromEntries(query), year: String(year - 1), quarter: String(quarter) }))}>
              {year - 1}
            </button>
          ) : null}
        </div>
        <ProblemBox error={quarterly.error} />
        {quarterly.data ? <QuarterlyTable rows={[...quarterly.data.rows, ...(quarterly.data.total ? [{ ...quarterly.data.total, label: t('stats.total') }] : [])]} /> : quarterly.error ? null : <Loading />}
      </section>

      {user.role !== 'agency' ? (
        <section class="card" aria-labelledby="ratings-title" id="ratings">
          <h2 id="ratings-title">{t('stats.ratings')}</h2>
          <ProblemBox error={ratings.error} />
          {ratings.data ? <RatingsView r={ratings.data} /> : ratings.error ? null : <Loading />}
        </section>
      ) : null}
    </Page>
  );
}

function Downloads({ path, query }: { path: string; query: Record<string, string | undefined> }): preact.JSX.Element {
  return (
    <div class="downloads">
      <a class="button small secondary" href={withQuery(path, { ...query, format: 'csv' })} download>
        {t('stats.csv')}
      </a>
      <a class="button small secondary" href={withQuery(path, { ...query, format: 'xlsx' })} download>
        {t('stats.xlsx')}
      </a>
    </div>
  );
}

function QuarterlyTable({ rows }: { rows: QuarterlyRow[] }): preact.JSX.Element {
  const cols = ['receivedInPeriod', 'carriedOver', 'total', 'finishedEarly', 'finishedOnTime', 'finishedLate', 'pendingInTime', 'pendingOverdue'] as const;
  if (rows.length === 0) return <p class="muted">{t('stats.empty')}</p>;
  return (
    <div class="table-wrap">
      <table class="numbers" id="quarterly-table">
        <caption class="sr-only">{t('stats.quarterly')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('step.procedure')}</th>
            {cols.map((c) => (
              <th scope="col" key={c}>
                {t(`stats.q.${c}` as Parameters<typeof t>[0])}
              </th>
            ))}
            <th scope="col">{t('stats.onTimeRate')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.key}-${i}`} class={r.level === 'procedure' ? 'sub' : ''}>
              <th scope="row">{r.label}</th>
              {cols.map((c) => (
                <td key={c}>{formatNumber(r[c])}</td>
              ))}
              <td>{formatPercent(r.onTimeRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RatingsView({ r }: { r: Ratings }): preact.JSX.Element {
  const max = Math.max(1, ...Object.values(r.distribution));
  return (
    <div class="split">
      <div>
        <p class="big" id="rating-average">
          {r.average === null ? '—' : formatNumber(r.average, 2)} / 5
        </p>
        <p class="muted" id="rating-count">
          {t('stats.ratingCount')}: {formatNumber(r.count)}
        </p>
        <table class="numbers">
          <caption class="sr-only">{t('stats.ratingDistribution')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.stars')}</th>
              <th scope="col">{t('stats.ratingCount')}</th>
              <th scope="col">
                <span class="sr-only">{t('stats.ratingDistribution')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {([5, 4, 3, 2, 1] as const).map((s) => {
              const n = r.distribution[s];
              return (
                <tr key={s}>
                  <th scope="row">{'★'.repeat(s)}</th>
                  <td>{formatNumber(n)}</td>
                  <td>
                    <svg viewBox="0 0 100 10" class="mini" aria-hidden="true">
                      <rect x="0" y="1" width={(n / max) * 100} height="8" class="bar on-time" />
                    </svg>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {r.comments && r.comments.length ? (
        <div>
          <h3>{t('stats.comments')}</h3>
          <ul class="plain comments">
            {r.comments.map((c, i) => (
              <li key={i}>
                <strong>{'★'.repeat(c.score)}</strong> <span class="muted">{formatDate(c.ratedAt)}</span>
                <p>{c.comment}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
