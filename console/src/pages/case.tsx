import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { z } from 'zod';
import { APPLICANT_RECIPIENT, HANDOVER_METHODS, handoverSchema, type HandoverMethod } from '../../../domain/handover';
import { isOpenCase } from '../../../domain/status';
import { rejectionSchema, RESULT_SCHEMAS, supplementRequestSchema, supplementSubmissionSchema, withdrawalSchema } from '../../../domain/results';
import { api, ApiError, issuesOf, submissionKeys, type CaseResource, type FieldIssue, type StepRecord } from '../server';
import { formatDate, formatDateTime, formatNumber } from '../format';
import { fieldLabel, getLang, label, qualifiedLabel, t } from '../i18n';
import { readsLikeOperator, temporalLink, useSession } from '../session';
import { bodyOf, check, itemsOf, paths, SchemaFields, type Values } from '../schema-form';
import { ErrorSummary, issuesByPath, Loading, Notice, Page, ProblemBox, StatusBadge, TextArea, TextInput } from '../ui';
import { useCatalogue } from '../catalogue';

const FORMS = ['receipt', 'supplement-request', 'refusal', 'apology', 'process-control'] as const;
const WAITING_ON_AGENCY = ['DISPATCHED', 'SENDING'];

/**
 * What a form does when the case moved on under it (409: another officer acted, the case closed):
 * the page reloads the case and says why, above it — the form itself may no longer be shown.
 */
const CaseMovedOn = createContext<(err: unknown) => void>(() => undefined);

export function CasePage({ code, stepId }: { code: string; stepId?: string }): preact.JSX.Element {
  const { user, config } = useSession();
  const [c, setCase] = useState<CaseResource | undefined>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>();
  const load = () =>
    // An agency officer asks for the dossier (whose death, whose birth); a status read of its system does not.
    api<CaseResource>('GET', `/v1/cases/${encodeURIComponent(code)}`, user.role === 'agency' ? { query: { include: 'dossier' } } : {}).then(
      (x) => {
        setCase(x);
        setError(undefined);
      },
      (err: unknown) => setError(err),
    );
  useEffect(() => void load(), [code]);
  // Only the agency's step actions read the catalogue (their procedure's result form).
  const { catalogue } = useCatalogue(c && user.role === 'agency' ? c.catalogueVersion : null);

  if (error && !c) return <Page title={`${t('case.title')} ${code}`}><ProblemBox error={error} /></Page>;
  if (!c) return <Loading />;

  const after = (message: string) => {
    setDone(message);
    void load();
  };
  const movedOn = (err: unknown) => {
    setDone(undefined);
    void load().then(() => setError(err));
  };
  const isDesk = user.role === 'desk';
  const open = isOpenCase(c.status);
  const procedureOf = (s: StepRecord) => catalogue?.groups.flatMap((g) => g.procedures).find((p) => p.code === s.procedure);
  const mySteps = user.role === 'agency' ? c.steps.filter((s) => s.agencyCode === user.agencyCode && (!stepId || s.stepId === stepId)) : [];

  return (
    <CaseMovedOn.Provider value={movedOn}>
    <Page
      title={`${t('case.title')} ${c.caseCode}`}
      actions={
        readsLikeOperator(user.role) ? (
          <a class="button secondary" href={temporalLink(config, c.caseCode)} target="_blank" rel="noopener" id="temporal-link">
            {t('ops.temporal')}
          </a>
        ) : undefined
      }
    >
      {done ? <Notice>{done}</Notice> : null}
      <ProblemBox error={error} />
      <CaseSummaryCard c={c} />
      {/* An agency officer works on the person its step is about: the dossier its dispatch carried. */}
      {user.role === 'agency' && c.dossier ? <DossierCard dossier={c.dossier} /> : null}

      {mySteps.map((s) =>
        WAITING_ON_AGENCY.includes(s.status) ? (
          <StepActions key={s.stepId} c={c} step={s} resultKind={procedureOf(s)?.resultKind} requiredDocuments={procedureOf(s)?.requiredDocuments ?? []} onDone={after} />
        ) : null,
      )}

      <StepsTable c={c} highlight={stepId} />

      {isDesk ? (
        <>
          {c.steps
            .filter((s) => s.status === 'AWAITING_SUPPLEMENT' && s.supplementRequest)
            .map((s) => (
              <SupplementForm key={s.stepId} c={c} step={s} onDone={after} />
            ))}
          {c.resultReturn.state === 'awaiting-return' ? <HandoverForm c={c} onDone={after} /> : null}
          <FormsCard c={c} />
          {c.dossier ? <DossierCard dossier={c.dossier} /> : null}
          {open ? <WithdrawForm c={c} onDone={after} /> : null}
        </>
      ) : null}
      <Timeline c={c} />
    </Page>
    </CaseMovedOn.Provider>
  );
}

function CaseSummaryCard({ c }: { c: CaseResource }): preact.JSX.Element {
  const r = c.resultReturn;
  return (
    <div class="card summary">
      <dl class="facts">
        <div>
          <dt>{t('case.status')}</dt>
          <dd>
            <StatusBadge status={c.status} overdue={c.isOverdue} />
          </dd>
        </div>
        <div>
          <dt>{t('case.group')}</dt>
          <dd>{label('group', c.group)}</dd>
        </div>
        <div>
          <dt>{t('case.received')}</dt>
          <dd>{formatDateTime(c.receivedAt)}</dd>
        </div>
        <div>
          <dt>{t('case.appointment')}</dt>
          <dd>
            {formatDateTime(c.appointmentAt)}
            {c.apologyIssuedAt ? <span class="muted"> ({t('case.apology')} {formatDate(c.apologyIssuedAt)})</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t('case.office')}</dt>
          <dd class="code">{c.receivingOffice}</dd>
        </div>
        <div>
          <dt>{t('case.return')}</dt>
          <dd id="return-state">
            {label('returnState', r.state)}
            {r.returnedAt ? ` · ${formatDateTime(r.returnedAt)} · ${label('returnMethod', r.method ?? '')}` : ''}
            {r.timeliness ? ` · ${label('timeliness', r.timeliness)}` : ''}
          </dd>
        </div>
        {c.attention ? (
          <div>
            <dt>{t('ops.attention')}</dt>
            <dd>{c.attention.reason}</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}

/** The catalogue's Vietnamese name, or the English one from the dictionary. */
const procedureName = (s: StepRecord): string => (getLang() === 'vi' && s.procedureName ? s.procedureName : label('procedure', s.procedure));

function resultText(result: Record<string, unknown>): string {
  return Object.entries(result)
    .map(([k, v]) => `${fieldLabel(`result.${k}`)}: ${typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : typeof v === 'number' ? formatNumber(v) : String(v)}`)
    .join(' · ');
}

function StepsTable({ c, highlight }: { c: CaseResource; highlight?: string }): preact.JSX.Element {
  return (
    <section class="card" aria-labelledby="steps-title">
      <h2 id="steps-title">{t('case.steps')}</h2>
      <div class="table-wrap">
        <table class="steps">
          <thead>
            <tr>
              <th scope="col">{t('step.procedure')}</th>
              <th scope="col">{t('step.agency')}</th>
              <th scope="col">{t('case.status')}</th>
              <th scope="col">{t('step.due')}</th>
              <th scope="col">{t('step.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {c.steps.map((s) => (
              <tr key={s.stepId} class={`${s.isOverdue ? 'late' : ''}${s.stepId === highlight ? ' current' : ''}`} id={`step-${s.stepId}`}>
                <td data-label={t('step.procedure')}>{procedureName(s)}</td>
                <td data-label={t('step.agency')}>
                  <span>
                    {s.agencyName ?? s.agencyCode}
                    <span class="muted code"> {s.agencyCode}</span>
                  </span>
                </td>
                <td data-label={t('case.status')}>
                  <StatusBadge status={s.status} overdue={s.isOverdue} />
                </td>
                <td data-label={t('step.due')}>{formatDateTime(s.dueAt)}</td>
                <td data-label={t('step.outcome')}>
                  <span>
                  {s.result ? resultText(s.result as Record<string, unknown>) : null}
                  {s.rejection ? `${s.rejection.reasonCode}: ${s.rejection.reason}` : null}
                  {s.supplementRequest ? (
                    <span>
                      {t('step.asked')}: {s.supplementRequest.items.map((i) => i.description).join('; ')}
                    </span>
                  ) : null}
                  {s.attention ? <span class="error"> {label('attention', s.attention.reason)}</span> : null}
                  {s.finishedAt ? <span class="muted"> ({formatDateTime(s.finishedAt)})</span> : null}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Timeline({ c }: { c: CaseResource }): preact.JSX.Element {
  return (
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('case.timeline')}</h2>
      <ol class="timeline">
        {c.timeline.map((e) => {
          const by = (e.details as { by?: { name?: string } }).by;
          return (
            <li key={e.seq}>
              <span class="when">{formatDateTime(e.at)}</span> <strong>{label('event', e.type)}</strong>
              {e.stepId ? <span> · {label('procedure', e.stepId)}</span> : null}
              <span class="muted">
                {' '}
                · {e.from} → {e.to}
                {by?.name ? ` · ${by.name}` : ''}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function DossierCard({ dossier }: { dossier: NonNullable<CaseResource['dossier']> }): preact.JSX.Element {
  // Calendar days as the desks read them (dd/mm/yyyy), like every other date of the console.
  const shown = (k: string, v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : label(k, v));
  const rows = (prefix: string, o: Record<string, unknown>): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v) ? rows(`${prefix}.${k}`, v as Record<string, unknown>) : [[fieldLabel(`${prefix}.${k}`), Array.isArray(v) ? v.map((x) => label(k, String(x))).join(', ') : shown(k, String(v))] as [string, string]],
    );
  const subjectKey = 'deceased' in dossier.subject || 'dateOfDeath' in dossier.subject ? 'deceased' : 'child';
  // The applicant and the person the case is about, each under its own heading.
  const part = (prefix: string, o: Record<string, unknown>) => (
    <>
      <h3>{fieldLabel(prefix)}</h3>
      <dl class="facts">
        {rows(prefix, o).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </>
  );
  return (
    <details class="card">
      <summary>
        <h2 class="inline">{t('case.dossier')}</h2> <span class="muted">({t('case.personal')})</span>
      </summary>
      {part('applicant', dossier.applicant as Record<string, unknown>)}
      {part(subjectKey, dossier.subject as Record<string, unknown>)}
    </details>
  );
}

function FormsCard({ c }: { c: CaseResource }): preact.JSX.Element {
  const issued = (f: (typeof FORMS)[number]) =>
    f === 'supplement-request' ? c.steps.some((s) => s.supplementRequest) : f === 'refusal' ? c.steps.some((s) => s.rejection) : f === 'apology' ? !!c.apologyIssuedAt : true;
  return (
    <section class="card" aria-labelledby="forms-title">
      <h2 id="forms-title">{t('forms.title')}</h2>
      <ul class="links">
        {FORMS.filter(issued).map((f) => (
          <li key={f}>
            <a href={`/v1/cases/${c.caseCode}/forms/${f}?format=pdf`} target="_blank" rel="noopener" id={`form-${f}`}>
              {label('form', f)} (PDF)
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A form that validates with the schema, posts once per submission and shows the API's verdict beside each field. */
function useAction(onDone: (message: string) => void) {
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const keys = useMemo(submissionKeys, []);
  const movedOn = useContext(CaseMovedOn);
  /** `validate`: the API's schema over the body (the same issues, by the same paths). */
  const run = async (validate: () => FieldIssue[], path: string, body: unknown, message: string) => {
    setError(undefined);
    const local = validate();
    setIssues(local);
    if (local.length) return;
    setBusy(true);
    try {
      keys.settled(await api('POST', path, { body, idempotencyKey: keys.keyFor({ path, body }) }));
      onDone(message);
    } catch (err) {
      keys.settled(err);
      if (err instanceof ApiError && err.status === 409) return movedOn(err);
      setIssues(issuesOf(err));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { issues, error, busy, run, byPath: issuesByPath(issues) };
}

function ActionErrors({ a, known }: { a: ReturnType<typeof useAction>; known: (p: string) => boolean }): preact.JSX.Element {
  return (
    <>
      <ErrorSummary issues={a.issues} labelOf={qualifiedLabel} known={known} />
      {a.error && !(a.error instanceof ApiError && a.error.status === 422 && a.issues.length) ? <ProblemBox error={a.error} /> : null}
    </>
  );
}

function SupplementForm({ c, step, onDone }: { c: CaseResource; step: StepRecord; onDone: (m: string) => void }): preact.JSX.Element {
  const a = useAction(onDone);
  const items = step.supplementRequest!.items;
  const [refs, setRefs] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    const body = { stepId: step.stepId, documents: items.map((i) => ({ item: i.code, reference: refs[i.code] ?? '' })), ...(note.trim() ? { note } : {}) };
    void a.run(() => check(supplementSubmissionSchema, body), `/v1/cases/${c.caseCode}/supplements`, body, t('supplement.done'));
  };
  return (
    <form class="card action" onSubmit={submit} noValidate aria-labelledby={`sup-${step.stepId}`}>
      <h2 id={`sup-${step.stepId}`}>
        {t('supplement.title')}: {procedureName(step)}
      </h2>
      <ActionErrors a={a} known={(p) => /^documents\[\d+\]\.reference$/.test(p) || p === 'note'} />
      {items.map((i, n) => (
        <TextInput
          key={i.code}
          path={`documents[${n}].reference`}
          label={`${i.description} (${i.code})`}
          hint={t('supplement.referenceHint')}
          value={refs[i.code] ?? ''}
          onValue={(v) => setRefs({ ...refs, [i.code]: v })}
          error={a.byPath[`documents[${n}].reference`] ?? a.byPath[`documents[${n}]`]}
          required
        />
      ))}
      <TextArea path="note" label={fieldLabel('note')} value={note} onValue={setNote} error={a.byPath.note} />
      <button type="submit" disabled={a.busy}>
        {t('supplement.submit')}
      </button>
    </form>
  );
}

function WithdrawForm({ c, onDone }: { c: CaseResource; onDone: (m: string) => void }): preact.JSX.Element {
  const a = useAction(onDone);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) {
    return (
      <div class="row">
        <button type="button" class="danger secondary" onClick={() => setOpen(true)} id="withdraw-open">
          {t('withdraw.open')}
        </button>
      </div>
    );
  }
  return (
    <form
      class="card action danger-zone"
      noValidate
      aria-labelledby="withdraw-title"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(() => check(withdrawalSchema, { reason }), `/v1/cases/${c.caseCode}/withdraw`, { reason }, t('withdraw.done'));
      }}
    >
      <h2 id="withdraw-title">{t('withdraw.title')}</h2>
      <p class="muted">{t('withdraw.explain')}</p>
      <ActionErrors a={a} known={(p) => p === 'reason'} />
      <TextArea path="reason" label={fieldLabel('reason')} value={reason} onValue={setReason} error={a.byPath.reason} required />
      <div class="row">
        <button type="submit" class="danger" disabled={a.busy}>
          {t('withdraw.submit')}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

const branchOf = (method: string) => handoverSchema.options.find((o) => (o.shape.method as z.ZodLiteral).value === method)!;

function HandoverForm({ c, onDone }: { c: CaseResource; onDone: (m: string) => void }): preact.JSX.Element {
  const a = useAction(onDone);
  const [method, setMethod] = useState<HandoverMethod>('desk');
  // Most often the applicant collects the result: one tick says so (relationship `applicant`);
  // otherwise the recipient's fields of the schema are shown.
  const [byApplicant, setByApplicant] = useState(true);
  const [values, setValues] = useState<Values>({});
  const all = useMemo(() => itemsOf(branchOf(method), '', ['method', 'at']), [method]);
  const items = method === 'desk' && byApplicant ? all.filter((i) => i.path !== 'recipient') : all;
  const known = new Set(paths(items));
  const submit = (e: Event) => {
    e.preventDefault();
    const body = { method, ...bodyOf(items, values), ...(method === 'desk' && byApplicant ? { recipient: { relationship: APPLICANT_RECIPIENT } } : {}) };
    void a.run(() => check(handoverSchema, body), `/v1/cases/${c.caseCode}/handover`, body, t('handover.done'));
  };
  return (
    <form class="card action" onSubmit={submit} noValidate aria-labelledby="handover-title" id="handover-form">
      <h2 id="handover-title">{t('handover.title')}</h2>
      <p class="muted">{t('handover.explain')}</p>
      <ActionErrors a={a} known={(p) => known.has(p)} />
      <fieldset class="field">
        <legend>{fieldLabel('method')}</legend>
        <div class="choices">
          {HANDOVER_METHODS.map((m) => (
            <label key={m} class="choice">
              <input type="radio" name="method" value={m} checked={m === method} onChange={() => setMethod(m)} /> {label('returnMethod', m)}
            </label>
          ))}
        </div>
      </fieldset>
      {method === 'desk' ? (
        <label class="check">
          <input type="checkbox" id="handover-by-applicant" checked={byApplicant} onChange={(e) => setByApplicant(e.currentTarget.checked)} /> {t('handover.byApplicant')}
        </label>
      ) : null}
      <div class="grid">
        <SchemaFields items={items} values={values} set={(p, v) => setValues({ ...values, [p]: v })} errors={a.byPath} />
      </div>
      <button type="submit" disabled={a.busy} id="handover-submit">
        {t('handover.submit')}
      </button>
    </form>
  );
}

type Tab = 'complete' | 'reject' | 'request-supplement';

function StepActions({ c, step, resultKind, requiredDocuments, onDone }: { c: CaseResource; step: StepRecord; resultKind?: string; requiredDocuments: { code: string; name: { vi: string; en: string } }[]; onDone: (m: string) => void }): preact.JSX.Element {
  const [tab, setTab] = useState<Tab>('complete');
  const a = useAction(onDone);
  const resultSchema = resultKind ? (RESULT_SCHEMAS as Record<string, z.ZodType>)[resultKind] : undefined;
  const resultItems = useMemo(() => (resultSchema ? itemsOf(resultSchema, 'result') : []), [resultKind]);
  const [values, setValues] = useState<Values>({});
  const [reasonCode, setReasonCode] = useState('');
  const [reason, setReason] = useState('');
  const [requests, setRequests] = useState<{ code: string; description: string }[]>([{ code: '', description: '' }]);
  const [note, setNote] = useState('');
  const base = `/v1/cases/${c.caseCode}/steps/${step.stepId}`;
  const name = procedureName(step);

  const submit = (e: Event) => {
    e.preventDefault();
    if (tab === 'complete') {
      if (!resultSchema) return;
      const body = { result: bodyOf(resultItems, values) };
      void a.run(() => check(resultSchema, body.result, ['result']), `${base}/complete`, body, t('step.completed'));
    } else if (tab === 'reject') {
      const body = { reasonCode: reasonCode.trim(), reason };
      void a.run(() => check(rejectionSchema, body), `${base}/reject`, body, t('step.rejected'));
    } else {
      const body = { items: requests.filter((r) => r.code || r.description), ...(note.trim() ? { note } : {}) };
      void a.run(() => check(supplementRequestSchema, body), `${base}/request-supplement`, body, t('step.askedDone'));
    }
  };
  const lang = getLang();
  return (
    <section class="card action" aria-labelledby={`act-${step.stepId}`} id={`actions-${step.stepId}`}>
      <h2 id={`act-${step.stepId}`}>
        {t('step.act')}: {name}
      </h2>
      <p class="muted">
        {t('step.due')}: {formatDateTime(step.dueAt)} {step.isOverdue ? <span class="badge overdue">{t('case.overdue')}</span> : null}
      </p>
      <div class="tabs" role="tablist" aria-label={t('step.act')}>
        {(['complete', 'reject', 'request-supplement'] as Tab[]).map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} class={tab === x ? 'tab active' : 'tab'} onClick={() => setTab(x)} id={`tab-${x}`}>
            {t(`step.tab.${x}` as Parameters<typeof t>[0])}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
      <form onSubmit={submit} noValidate>
        <ActionErrors a={a} known={(p) => paths(resultItems).includes(p) || ['reasonCode', 'reason', 'note'].includes(p) || /^items\[\d+\]\.(code|description)$/.test(p)} />
        {tab === 'complete' ? (
          resultSchema ? (
            <div class="grid">
              <SchemaFields items={resultItems} values={values} set={(p, v) => setValues({ ...values, [p]: v })} errors={a.byPath} />
            </div>
          ) : (
            <Loading />
          )
        ) : tab === 'reject' ? (
          <>
            <TextInput path="reasonCode" label={fieldLabel('reasonCode')} hint={t('step.reasonCodeHint')} value={reasonCode} onValue={setReasonCode} error={a.byPath.reasonCode} list="reason-codes" required />
            <datalist id="reason-codes">
              {['NOT_ELIGIBLE', 'NOT_COMPETENT', 'INCOMPLETE_DOSSIER', 'DUPLICATE'].map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
            <TextArea path="reason" label={fieldLabel('reason')} value={reason} onValue={setReason} error={a.byPath.reason} required />
          </>
        ) : (
          <>
            {a.byPath.items ? <p class="error">{a.byPath.items.join('; ')}</p> : null}
            {requests.map((r, n) => (
              <div class="grid request" key={n}>
                <TextInput path={`items[${n}].code`} label={`${fieldLabel('items.code')} ${n + 1}`} value={r.code} onValue={(v) => setRequests(requests.map((x, i) => (i === n ? { ...x, code: v } : x)))} error={a.byPath[`items[${n}].code`]} list="doc-codes" />
                <TextInput path={`items[${n}].description`} label={`${fieldLabel('items.description')} ${n + 1}`} value={r.description} onValue={(v) => setRequests(requests.map((x, i) => (i === n ? { ...x, description: v } : x)))} error={a.byPath[`items[${n}].description`]} />
              </div>
            ))}
            <datalist id="doc-codes">
              {requiredDocuments.map((d) => (
                <option key={d.code} value={d.code}>
                  {lang === 'vi' ? d.name.vi : d.name.en}
                </option>
              ))}
            </datalist>
            <div class="row">
              <button type="button" class="secondary" onClick={() => setRequests([...requests, { code: '', description: '' }])}>
                {t('step.addItem')}
              </button>
            </div>
            <TextArea path="note" label={fieldLabel('note')} value={note} onValue={setNote} error={a.byPath.note} />
          </>
        )}
        <div class="row">
          <button type="submit" disabled={a.busy} id={`submit-${tab}`} class={tab === 'reject' ? 'danger' : ''}>
            {t(`step.submit.${tab}` as Parameters<typeof t>[0])}
          </button>
        </div>
      </form>
      </div>
    </section>
  );
}
