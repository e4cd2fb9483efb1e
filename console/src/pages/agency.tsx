import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../server';
import { formatDateTime } from '../format';
import { label, t } from '../i18n';
import { BASE } from '../router';
import { useSession } from '../session';
import { Link, Loading, Page, ProblemBox, StatusBadge } from '../ui';

type Task = Schemas['AgencyTasks']['items'][number];

/** The agency's open steps, earliest due first (the API's order), late ones marked. */
export function Inbox(): preact.JSX.Element {
  const { user } = useSession();
  const [tasks, setTasks] = useState<Task[] | undefined>();
  const [error, setError] = useState<unknown>();
  const load = () =>
    api<Schemas['AgencyTasks']>('GET', `/v1/agencies/${encodeURIComponent(user.agencyCode ?? '')}/tasks`).then(
      (r) => {
        setTasks(r.items);
        setError(undefined);
      },
      (err: unknown) => setError(err),
    );
  useEffect(() => {
    void load();
    // New steps arrive as cases move: look again every half minute while the inbox is open.
    const timer = setInterval(() => void load(), 30_000);
    return () => clearInterval(timer);
  }, []);
  const now = Date.now();
  return (
    <Page
      title={t('inbox.title')}
      actions={
        <button type="button" class="secondary" onClick={() => void load()} id="inbox-refresh">
          {t('common.refresh')}
        </button>
      }
    >
      <p class="muted">{t('inbox.intro')}</p>
      <ProblemBox error={error} />
      {!tasks ? (
        error ? null : <Loading />
      ) : tasks.length === 0 ? (
        <p class="muted" id="inbox-empty">
          {t('inbox.empty')}
        </p>
      ) : (
        <div class="table-wrap">
          <table class="inbox">
            <caption class="sr-only">{t('inbox.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('case.code')}</th>
                <th scope="col">{t('step.procedure')}</th>
                <th scope="col">{t('case.status')}</th>
                <th scope="col">{t('inbox.sent')}</th>
                <th scope="col">{t('step.due')}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => {
                const late = !!task.dueAt && Date.parse(task.dueAt) < now;
                return (
                  <tr key={`${task.caseCode}/${task.stepId}`} class={late ? 'late' : ''}>
                    <td data-label={t('case.code')}>
                      <Link href={`${BASE}/cases/${task.caseCode}/steps/${task.stepId}`} class="code">
                        {task.caseCode}
                      </Link>
                    </td>
                    <td data-label={t('step.procedure')}>{label('procedure', task.procedure)}</td>
                    <td data-label={t('case.status')}>
                      <StatusBadge status={task.status} overdue={late} />
                    </td>
                    <td data-label={t('inbox.sent')}>{formatDateTime(task.dispatchedAt)}</td>
                    <td data-label={t('step.due')}>{formatDateTime(task.dueAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
