import { useEffect, useState } from 'preact/hooks';
import { api, issuesOf, type FieldIssue, type Schemas } from '../server';
import { useCatalogue } from '../catalogue';
import { formatDateTime } from '../format';
import { fieldLabel, label, t } from '../i18n';
import { ErrorSummary, issuesByPath, Loading, Notice, Page, ProblemBox, Select, TextInput } from '../ui';

type User = Schemas['User'];

const ROLES = ['desk', 'agency', 'operator', 'admin'] as const;
const EMPTY = { username: '', password: '', fullName: '', role: 'desk', officeCode: '', agencyCode: '' };

/** The admin's people: everyone who may sign in, a form to add one, and disabling (which ends their sessions). */
export function Users(): preact.JSX.Element {
  const [users, setUsers] = useState<User[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [done, setDone] = useState<string | undefined>();
  const [form, setForm] = useState(EMPTY);
  const load = () => api<Schemas['UserList']>('GET', '/v1/users').then((r) => setUsers(r.items), setError);
  useEffect(() => void load(), []);
  const byPath = issuesByPath(issues);
  const { catalogue } = useCatalogue();
  const offices = (catalogue?.offices ?? []).map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }));
  const agencies = (catalogue?.agencies ?? []).map((a) => ({ value: a.code, label: `${a.name.vi} (${a.code})` }));

  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const body = {
      username: form.username.trim(),
      password: form.password,
      fullName: form.fullName,
      role: form.role,
      ...(form.role === 'desk' && form.officeCode.trim() ? { officeCode: form.officeCode.trim() } : {}),
      ...(form.role === 'agency' && form.agencyCode.trim() ? { agencyCode: form.agencyCode.trim() } : {}),
    };
    try {
      await api('POST', '/v1/users', { body });
      setIssues([]);
      setDone(`${t('users.created')} ${body.username}`);
      setForm(EMPTY);
      void load();
    } catch (err) {
      setIssues(issuesOf(err));
      setError(err);
    }
  };
  const disable = async (u: User) => {
    if (!window.confirm(`${t('users.confirmDisable')} ${u.fullName} (${u.username})?`)) return;
    try {
      await api('DELETE', `/v1/users/${u.id}`);
      setDone(`${t('users.disabled')} ${u.username}`);
      void load();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Page title={t('users.title')}>
      {done ? <Notice>{done}</Notice> : null}
      {error && !issues.length ? <ProblemBox error={error} /> : null}
      <form class="card" onSubmit={(e) => void create(e)} noValidate aria-labelledby="new-user-title">
        <h2 id="new-user-title">{t('users.add')}</h2>
        <ErrorSummary issues={issues} labelOf={fieldLabel} known={(p) => Object.keys(EMPTY).includes(p)} />
        <div class="grid">
          <TextInput path="username" label={fieldLabel('username')} value={form.username} onValue={(v) => setForm({ ...form, username: v })} error={byPath.username} autoComplete="off" required />
          <TextInput path="fullName" label={fieldLabel('fullName')} value={form.fullName} onValue={(v) => setForm({ ...form, fullName: v })} error={byPath.fullName} required />
          <TextInput path="password" label={fieldLabel('password')} type="password" hint={t('users.passwordHint')} value={form.password} onValue={(v) => setForm({ ...form, password: v })} error={byPath.password} autoComplete="new-password" required />
          <Select path="role" label={fieldLabel('role')} value={form.role} onValue={(v) => setForm({ ...form, role: v })} options={ROLES.map((r) => ({ value: r, label: label('role', r) }))} error={byPath.role} />
          {form.role === 'desk' ? (
            <Select path="officeCode" label={fieldLabel('officeCode')} value={form.officeCode} onValue={(v) => setForm({ ...form, officeCode: v })} options={[{ value: '', label: t('common.choose') }, ...offices]} error={byPath.officeCode} required />
          ) : null}
          {form.role === 'agency' ? (
            <Select path="agencyCode" label={fieldLabel('agencyCode')} value={form.agencyCode} onValue={(v) => setForm({ ...form, agencyCode: v })} options={[{ value: '', label: t('common.choose') }, ...agencies]} error={byPath.agencyCode} required />
          ) : null}
        </div>
        <button type="submit" id="create-user">
          {t('users.create')}
        </button>
      </form>
      <section class="card" aria-labelledby="users-title">
        <h2 id="users-title">{t('users.list')}</h2>
        {!users ? (
          <Loading />
        ) : (
          <div class="table-wrap">
            <table id="users-table">
              <thead>
                <tr>
                  <th scope="col">{fieldLabel('username')}</th>
                  <th scope="col">{fieldLabel('fullName')}</th>
                  <th scope="col">{fieldLabel('role')}</th>
                  <th scope="col">{t('users.unit')}</th>
                  <th scope="col">{t('users.createdAt')}</th>
                  <th scope="col">{t('users.state')}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} class={u.disabledAt ? 'muted' : ''}>
                    <td data-label={fieldLabel('username')} class="code">
                      {u.username}
                    </td>
                    <td data-label={fieldLabel('fullName')}>{u.fullName}</td>
                    <td data-label={fieldLabel('role')}>{label('role', u.role)}</td>
                    <td data-label={t('users.unit')} class="code">
                      {u.officeCode ?? u.agencyCode ?? '—'}
                    </td>
                    <td data-label={t('users.createdAt')}>{formatDateTime(u.createdAt)}</td>
                    <td data-label={t('users.state')}>
                      {u.disabledAt ? (
                        `${t('users.disabledAt')} ${formatDateTime(u.disabledAt)}`
                      ) : (
                        <button type="button" class="small danger secondary" onClick={() => void disable(u)} aria-label={`${t('users.disable')} ${u.username}`}>
                          {t('users.disable')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}
