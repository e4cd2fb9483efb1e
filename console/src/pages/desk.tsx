import { useEffect, useMemo, useState } from 'preact/hooks';
import type { z } from 'zod';
import { applicantSchema, childSchema, CHANNELS, deceasedSchema, RESULT_DELIVERIES, validateCaseRequest } from '../../../domain/case-request';
import type { Catalogue as DomainCatalogue } from '../../../domain/catalogue/types';
import { CASE_CODE_PATTERN } from '../../../domain/case-code';
import { CASE_STATUSES, OPEN_CASE_STATUSES } from '../../../domain/status';
import { api, ApiError, issuesOf, submissionKeys, withQuery, type CaseResource, type CaseSummary, type Catalogue, type FieldIssue } from '../server';
import { formatDate, formatDateTime, todayVn } from '../format';
import { fieldLabel, getLang, label, qualifiedLabel, t } from '../i18n';
import { BASE, navigate } from '../router';
import { useCatalogue } from '../catalogue';
import { useSession } from '../session';
import { bodyOf, itemsOf, paths, SchemaFields, type Values } from '../schema-form';
import { ErrorSummary, issuesByPath, Link, Loading, Notice, Page, ProblemBox, Select, StatusBadge, TextInput } from '../ui';

/** The subject's schema by the group's `subjectField` (as domain/case-request.ts chooses it). */
const SUBJECTS: Record<string, z.ZodType> = { deceased: deceasedSchema, child: childSchema };

type Group = Catalogue['groups'][number];

const localized = (n: { vi: string; en: string }) => (getLang() === 'vi' ? n.vi : n.en);

/** The longest allowed combination: what a family most often asks for, unticked as needed. */
const fullest = (g: Group) => [...g.allowedCombinations].sort((a, b) => b.length - a.length)[0] ?? [];

export function Receive(): preact.JSX.Element {
  const { user } = useSession();
  const { catalogue, error: loadError } = useCatalogue();
  const [groupCode, setGroupCode] = useState('death');
  const [procedures, setProcedures] = useState<string[]>([]);
  const [channel, setChannel] = useState<string>('desk');
  const [delivery, setDelivery] = useState<string>('desk');
  const [values, setValues] = useState<Values>({});
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [received, setReceived] = useState<CaseResource | undefined>();
  const keys = useMemo(submissionKeys, []);

  const group = catalogue?.groups.find((g) => g.code === groupCode);
  useEffect(() => {
    if (group) setProcedures(fullest(group));
  }, [group?.code]);

  const applicantItems = useMemo(() => itemsOf(applicantSchema, 'applicant'), []);
  const subjectField = group?.subjectField ?? 'deceased';
  const subjectItems = useMemo(() => itemsOf(SUBJECTS[subjectField]!, subjectField), [subjectField]);
  const shown = useMemo(() => new Set(['group', 'procedures', 'channel', 'resultDelivery', 'receivingOffice', ...paths(applicantItems), ...paths(subjectItems)]), [applicantItems, subjectItems]);

  if (loadError) return <Page title={t('receive.title')}><ProblemBox error={loadError} /></Page>;
  if (!catalogue || !group) return <Loading />;

  const set = (path: string, v: string | string[]) => setValues((old) => ({ ...old, [path]: v }));
  const byPath = issuesByPath(issues);
  const requestBody = () => ({
    group: group.code,
    procedures,
    receivingOffice: user.officeCode ?? '',
    channel,
    resultDelivery: delivery,
    applicant: bodyOf(applicantItems, values),
    [subjectField]: bodyOf(subjectItems, values),
  });

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const body = requestBody();
    // The API's own validation first (the same function, on the catalogue in force): every field it
    // would refuse — shapes and the rules across fields — is named at once, before anything is sent.
    const verdict = validateCaseRequest(body, catalogue as unknown as DomainCatalogue, new Date());
    const local = verdict.ok ? [] : verdict.issues;
    setIssues(local);
    if (local.length > 0) {
      focusSummary();
      return;
    }
    setBusy(true);
    try {
      const answer = await api<CaseResource>('POST', '/v1/cases', { body, idempotencyKey: keys.keyFor(body) });
      keys.settled(answer);
      setReceived(answer);
    } catch (err) {
      keys.settled(err);
      setIssues(issuesOf(err));
      setError(err);
      focusSummary();
    } finally {
      setBusy(false);
    }
  };

  if (received) {
    return (
      <Page title={t('receive.title')}>
        <Notice>
          <p>
            <strong>{t('receive.done')}</strong> {t('case.code')}: <span class="code" id="received-code">{received.caseCode}</span>
          </p>
          <p>
            {t('case.appointment')}: {formatDateTime(received.appointmentAt)}
          </p>
        </Notice>
        <div class="row">
          <a class="button" href={`/v1/cases/${received.caseCode}/forms/receipt?format=pdf`} target="_blank" rel="noopener">
            {t('receive.printReceipt')}
          </a>
          <Link class="button secondary" href={`${BASE}/cases/${received.caseCode}`}>
            {t('receive.openCase')}
          </Link>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setReceived(undefined);
              setValues({});
              setIssues([]);
            }}
          >
            {t('receive.another')}
          </button>
        </div>
      </Page>
    );
  }

  const existing = error instanceof ApiError && error.status === 409 ? error.problem.existingCaseCode : undefined;
  // Another office's open case: which office to contact (its case code is not this desk's to know).
  const elsewhere = error instanceof ApiError && error.status === 409 ? (error.problem.openAtOffice as { name?: string } | undefined)?.name : undefined;
  return (
    <Page title={t('receive.title')}>
      <form onSubmit={(e) => void submit(e)} noValidate aria-describedby="receive-intro">
        <p id="receive-intro" class="muted">
          {t('receive.intro')}
        </p>
        <ErrorSummary issues={issues} labelOf={qualifiedLabel} known={(p) => shown.has(p) || shown.has(p.replace(/\[\d+\]$/, ''))} />
        {error && !(error instanceof ApiError && (error.status === 422 || error.problem.existingCaseCode || error.problem.openAtOffice)) ? <ProblemBox error={error} /> : null}
        {elsewhere ? (
          <p class="alert error" id="open-elsewhere">
            {t('receive.openElsewhere')} {elsewhere}
          </p>
        ) : null}
        {existing ? (
          <p class="alert error">
            {t('receive.existing')} <Link href={`${BASE}/cases/${existing}`}>{existing}</Link>
          </p>
        ) : null}

        <fieldset class="group">
          <legend>{t('receive.procedure')}</legend>
          <div class="choices" role="radiogroup" aria-label={t('receive.groupLabel')}>
            {catalogue.groups.map((g) => (
              <label key={g.code} class="choice">
                <input type="radio" name="group" value={g.code} checked={g.code === groupCode} onChange={() => setGroupCode(g.code)} /> {localized(g.name)}
              </label>
            ))}
          </div>
          <fieldset class={`field checks${byPath.procedures ? ' invalid' : ''}`} id="f-procedures">
            <legend>{fieldLabel('procedures')}</legend>
            {group.procedures.map((p) => (
              <label key={p.code} class="check">
                <input
                  type="checkbox"
                  name="procedures"
                  value={p.code}
                  checked={procedures.includes(p.code)}
                  onChange={(e) => setProcedures(e.currentTarget.checked ? group.procedures.map((x) => x.code).filter((c) => c === p.code || procedures.includes(c)) : procedures.filter((c) => c !== p.code))}
                />{' '}
                {localized(p.name)}
                {byPath[`procedures[${procedures.indexOf(p.code)}]`] && procedures.includes(p.code) ? <span class="error"> — {byPath[`procedures[${procedures.indexOf(p.code)}]`]!.join('; ')}</span> : null}
              </label>
            ))}
            {byPath.procedures ? <p class="error">{byPath.procedures.join('; ')}</p> : null}
          </fieldset>
          <div class="grid">
            <TextInput path="receivingOffice" label={fieldLabel('receivingOffice')} value={user.officeCode ?? ''} onValue={() => undefined} readOnly error={byPath.receivingOffice} />
            <Select path="channel" label={fieldLabel('channel')} value={channel} onValue={setChannel} options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} error={byPath.channel} />
            <Select path="resultDelivery" label={fieldLabel('resultDelivery')} value={delivery} onValue={setDelivery} options={RESULT_DELIVERIES.map((c) => ({ value: c, label: label('resultDelivery', c) }))} error={byPath.resultDelivery} />
          </div>
        </fieldset>

        <fieldset class="group">
          <legend>{fieldLabel('applicant')}</legend>
          <div class="grid">
            <SchemaFields items={applicantItems} values={values} set={set} errors={byPath} />
          </div>
        </fieldset>
        <fieldset class="group">
          <legend>{fieldLabel(subjectField)}</legend>
          {byPath[subjectField] ? <p class="error">{byPath[subjectField].join('; ')}</p> : null}
          <div class="grid">
            <SchemaFields items={subjectItems} values={values} set={set} errors={byPath} />
          </div>
        </fieldset>
        <div class="row">
          <button type="submit" disabled={busy} id="receive-submit">
            {busy ? t('common.working') : t('receive.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}

function focusSummary(): void {
  requestAnimationFrame(() => (document.querySelector('.alert.error') as HTMLElement | null)?.focus());
}

const OPEN = OPEN_CASE_STATUSES.join(',');

export function CaseList({ query }: { query: URLSearchParams }): preact.JSX.Element {
  const [code, setCode] = useState(query.get('code') ?? '');
  const [status, setStatus] = useState(query.get('status') ?? '');
  const [from, setFrom] = useState(query.get('receivedFrom') ?? '');
  const [to, setTo] = useState(query.get('receivedTo') ?? '');
  const [overdue, setOverdue] = useState(query.get('overdue') === 'true');
  const [items, setItems] = useState<CaseSummary[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [codeError, setCodeError] = useState<string[] | undefined>();
  const [rangeError, setRangeError] = useState<string[] | undefined>();
  const search = query.toString();

  const load = async (cursor?: string) => {
    setError(undefined);
    // A link or a reload with the period backwards: said beside the field, as the form says it.
    const [qFrom, qTo] = [query.get('receivedFrom'), query.get('receivedTo')];
    if (qFrom && qTo && qTo < qFrom) {
      setRangeError([t('cases.toBeforeFrom')]);
      setItems([]);
      return;
    }
    try {
      const page = await api<{ items: CaseSummary[]; nextCursor: string | null }>('GET', '/v1/cases', {
        query: { status: query.get('status'), receivedFrom: query.get('receivedFrom'), receivedTo: query.get('receivedTo'), overdue: query.get('overdue'), cursor, limit: 50 },
      });
      setItems((old) => (cursor ? [...(old ?? []), ...page.items] : page.items));
      setNext(page.nextCursor);
    } catch (err) {
      setError(err);
      setItems([]);
    }
  };
  useEffect(() => void load(), [search]);

  const submit = (e: Event) => {
    e.preventDefault();
    // Typed from a slip, lower case is the same code.
    const c = code.trim().toUpperCase();
    if (c) {
      if (!CASE_CODE_PATTERN.test(c)) return setCodeError([t('cases.badCode')]);
      return navigate(`${BASE}/cases/${c}`);
    }
    setCodeError(undefined);
    if (from && to && to < from) return setRangeError([t('cases.toBeforeFrom')]);
    setRangeError(undefined);
    navigate(withQuery(`${BASE}/cases`, { status, receivedFrom: from, receivedTo: to, overdue: overdue ? 'true' : undefined }));
  };

  const listIssues = issuesByPath(issuesOf(error));
  return (
    <Page title={t('cases.title')}>
      <form class="filters card" onSubmit={submit} role="search" aria-label={t('cases.searchLabel')}>
        <div class="grid">
          <TextInput path="code" label={t('case.code')} value={code} onValue={setCode} placeholder="001.01.01.H26-261125-0001" error={codeError} hint={t('cases.codeHint')} />
          <Select
            path="status"
            label={t('case.status')}
            value={status}
            onValue={setStatus}
            options={[{ value: '', label: t('cases.anyStatus') }, { value: OPEN, label: t('cases.open') }, ...CASE_STATUSES.map((s) => ({ value: s, label: label('status', s) }))]}
          />
          <TextInput path="receivedFrom" label={t('cases.from')} type="date" value={from} onValue={setFrom} error={listIssues.receivedFrom} />
          <TextInput path="receivedTo" label={t('cases.to')} type="date" value={to} onValue={setTo} error={rangeError ?? listIssues.receivedTo} />
        </div>
        <div class="row">
          <label class="check">
            <input type="checkbox" name="overdue" checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} /> {t('cases.overdueOnly')}
          </label>
          <button type="submit">{t('cases.search')}</button>
        </div>
      </form>
      {/* The period's own refusals are said beside its fields (a link or a reload may carry a date out of range). */}
      {issuesOf(error).length && issuesOf(error).every((i) => i.path === 'receivedFrom' || i.path === 'receivedTo') ? null : <ProblemBox error={error} />}
      {items === undefined ? <Loading /> : <CaseTable items={items} />}
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

export function CaseTable({ items, extra }: { items: CaseSummary[]; extra?: (c: CaseSummary) => preact.JSX.Element }): preact.JSX.Element {
  if (items.length === 0) return <p class="muted">{t('cases.none')}</p>;
  return (
    <div class="table-wrap">
      <table class="cases">
        <caption class="sr-only">{t('cases.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('case.code')}</th>
            <th scope="col">{t('case.group')}</th>
            <th scope="col">{t('case.status')}</th>
            <th scope="col">{t('case.received')}</th>
            <th scope="col">{t('case.appointment')}</th>
            <th scope="col">{t('case.return')}</th>
            {extra ? <th scope="col">{t('common.links')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.caseCode} class={c.isOverdue ? 'late' : ''}>
              <td data-label={t('case.code')}>
                <Link href={`${BASE}/cases/${c.caseCode}`} class="code">
                  {c.caseCode}
                </Link>
              </td>
              <td data-label={t('case.group')}>{label('group', c.group)}</td>
              <td data-label={t('case.status')}>
                <StatusBadge status={c.status} overdue={c.isOverdue} />
              </td>
              <td data-label={t('case.received')}>{formatDateTime(c.receivedAt)}</td>
              <td data-label={t('case.appointment')}>{formatDate(c.appointmentAt)}</td>
              <td data-label={t('case.return')}>{c.returnedAt ? `${formatDate(c.returnedAt)} · ${label('returnMethod', c.returnMethod ?? '')}` : '—'}</td>
              {extra ? <td data-label={t('common.links')}>{extra(c)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface BookRow {
  no: number;
  caseCode: string;
  receivedAt: string;
  applicant: { fullName: string; phone: string | null };
  procedures: { procedureName: string; agencyName: string; statusLabel: string }[];
  appointmentAt: string;
  resultReceivedAt: string | null;
  returnedAt: string | null;
  returnMethodLabel: string | null;
  statusLabel: string;
  timelinessLabel: string | null;
  notes: string[];
}

export function TrackingBook({ query }: { query: URLSearchParams }): preact.JSX.Element {
  const { user } = useSession();
  const today = todayVn();
  // The book shown is the address bar's (or this month's): the date fields change it only when submitted.
  const qFrom = query.get('from') ?? `${today.slice(0, 8)}01`;
  const qTo = query.get('to') ?? today;
  const [from, setFrom] = useState(qFrom);
  const [to, setTo] = useState(qTo);
  const [book, setBook] = useState<{ count: number; rows: BookRow[]; from: string; to: string } | undefined>();
  const [error, setError] = useState<unknown>();
  const office = user.officeCode ?? '';

  useEffect(() => {
    setError(undefined);
    api<{ count: number; rows: BookRow[]; from: string; to: string }>('GET', `/v1/offices/${office}/tracking-book`, { query: { from: qFrom, to: qTo } }).then(setBook, (err: unknown) => {
      setError(err);
      setBook(undefined);
    });
  }, [qFrom, qTo]);

  const byPath = issuesByPath(issuesOf(error));
  return (
    <Page title={t('book.title')}>
      <form
        class="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(withQuery(`${BASE}/tracking-book`, { from, to }));
        }}
      >
        <div class="grid">
          <TextInput path="from" label={t('cases.from')} type="date" value={from} onValue={setFrom} error={byPath.from} />
          <TextInput path="to" label={t('cases.to')} type="date" value={to} onValue={setTo} error={byPath.to} />
        </div>
        <div class="row">
          <button type="submit">{t('book.show')}</button>
          <a class="button secondary" href={withQuery(`/v1/offices/${office}/tracking-book`, { from: qFrom, to: qTo, format: 'pdf' })} target="_blank" rel="noopener">
            {t('book.pdf')}
          </a>
        </div>
      </form>
      {error && !(error instanceof ApiError && error.status === 422) ? <ProblemBox error={error} /> : null}
      {book ? (
        <>
          <p class="muted">
            {t('book.count')}: {book.count} · {formatDate(book.from)} – {formatDate(book.to)}
          </p>
          <div class="table-wrap">
            <table class="book">
              <caption class="sr-only">{t('book.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('book.no')}</th>
                  <th scope="col">{t('case.code')}</th>
                  <th scope="col">{t('case.received')}</th>
                  <th scope="col">{fieldLabel('applicant')}</th>
                  <th scope="col">{t('case.steps')}</th>
                  <th scope="col">{t('case.appointment')}</th>
                  <th scope="col">{t('case.return')}</th>
                  <th scope="col">{t('case.status')}</th>
                </tr>
              </thead>
              <tbody>
                {book.rows.map((r) => (
                  <tr key={r.caseCode}>
                    <td data-label={t('book.no')}>{r.no}</td>
                    <td data-label={t('case.code')}>
                      <Link href={`${BASE}/cases/${r.caseCode}`} class="code">
                        {r.caseCode}
                      </Link>
                    </td>
                    <td data-label={t('case.received')}>{formatDateTime(r.receivedAt)}</td>
                    <td data-label={fieldLabel('applicant')}>{r.applicant.fullName}</td>
                    <td data-label={t('case.steps')}>
                      <ul class="plain">
                        {r.procedures.map((p) => (
                          <li key={p.procedureName}>
                            {p.procedureName}: {p.statusLabel}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td data-label={t('case.appointment')}>{formatDate(r.appointmentAt)}</td>
                    <td data-label={t('case.return')}>{r.returnedAt ? `${formatDate(r.returnedAt)} · ${r.returnMethodLabel ?? ''}` : '—'}</td>
                    <td data-label={t('case.status')}>
                      {r.statusLabel}
                      {r.timelinessLabel ? ` · ${r.timelinessLabel}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : error ? null : (
        <Loading />
      )}
    </Page>
  );
}

