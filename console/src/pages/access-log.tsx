import { useEffect, useState } from 'preact/hooks';
import { api, issuesOf, withQuery, type Schemas } from '../server';
import { formatDateTime } from '../format';
import { label, t } from '../i18n';
import { BASE, navigate } from '../router';
import { issuesByPath, Link, Loading, Page, ProblemBox, TextInput } from '../ui';

type Entry = Schemas['DossierAccess'];

/** Who read which dossier, form or tracking book (the people's access log), newest first. */
export function AccessLog({ query }: { query: URLSearchParams }): preact.JSX.Element {
  const [caseCode, setCaseCode] = useState(query.get('caseCode') ?? '');
  const [from, setFrom] = useState(query.get('from') ?? '');
  const [to, setTo] = useState(query.get('to') ?? '');
  const [items, setItems] = useState<Entry[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const search = query.toString();
  const load = async (cursor?: string) => {
    setError(undefined);
    try {
      const page = await api<Schemas['DossierAccessList']>('GET', '/v1/access-log', { query: { caseCode: query.get('caseCode'), from: query.get('from'), to: query.get('to'), cursor, limit: 100 } });
      setItems((old) => (cursor ? [...(old ?? []), ...page.items] : page.items));
      setNext(page.nextCursor);
    } catch (err) {
      setError(err);
      setItems([]);
    }
  };
  useEffect(() => void load(), [search]);
  const byPath = issuesByPath(issuesOf(error));
  return (
    <Page title={t('access.title')}>
      <p class="muted">{t('access.intro')}</p>
      <form
        class="filters card"
        role="search"
        aria-label={t('access.title')}
        onSubmit={(e) => {
          e.preventDefault();
          navigate(withQuery(`${BASE}/access-log`, { caseCode: caseCode.trim(), from, to }));
        }}
      >
        <div class="grid">
          <TextInput path="caseCode" label={t('case.code')} value={caseCode} onValue={setCaseCode} error={byPath.caseCode} />
          <TextInput path="from" label={t('cases.from')} type="date" value={from} onValue={setFrom} error={byPath.from} />
          <TextInput path="to" label={t('cases.to')} type="date" value={to} onValue={setTo} error={byPath.to} />
        </div>
        <button type="submit">{t('cases.search')}</button>
      </form>
      {Object.keys(byPath).length ? null : <ProblemBox error={error} />}
      {!items ? (
        <Loading />
      ) : items.length === 0 ? (
        <p class="muted">{t('access.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="cases" id="access-table">
            <caption class="sr-only">{t('access.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('access.at')}</th>
                <th scope="col">{t('access.who')}</th>
                <th scope="col">{t('access.what')}</th>
                <th scope="col">{t('case.code')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td data-label={t('access.at')}>{formatDateTime(e.at)}</td>
                  <td data-label={t('access.who')}>
                    <span>
                      {e.actorName} <span class="muted code">{e.actor.startsWith('user:') ? '' : e.actor}</span>
                    </span>
                  </td>
                  <td data-label={t('access.what')}>{e.what.startsWith('form:') ? label('form', e.what.slice(5)) : label('accessWhat', e.what)}</td>
                  <td data-label={t('case.code')}>
                    <Link href={`${BASE}/cases/${e.caseCode}`} class="code">
                      {e.caseCode}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <div class="row">
          <button type="button" class="secondary" onClick={() => void load(next)}>
            {t('cases.more')}
          </button>
        </div>
      ) : null}
    </Page>
  );
}
