import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../server';
import { t } from '../i18n';
import type { SessionUser } from '../session';
import { TextInput } from '../ui';

/**
 * The sign-in form: a page of its own, or (`expired`) a dialog over the screen whose session ended,
 * which stays as it was — a form being typed keeps what was typed, to be sent again once signed in.
 */
export function SignIn({ onSignedIn, lang, expired = false }: { onSignedIn: (s: { user: SessionUser; csrfToken: string }) => void; lang: ComponentChildren; expired?: boolean }): preact.JSX.Element {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = await api<{ user: SessionUser; csrfToken: string }>('POST', '/v1/session', { body: { username, password }, expectUnauthenticated: true });
      setPassword('');
      onSignedIn(body);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      const retry = err instanceof ApiError ? err.problem['retryAfterSeconds'] : undefined;
      setError(status === 401 ? t('signIn.wrong') : status === 429 ? t('signIn.tooMany') + (typeof retry === 'number' ? ` (${retry} s)` : '') : status === 0 ? t('errors.network') : `${t('errors.http')} ${status}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="signin-wrap">
      <header class="top simple">
        <div class="brand">
          <span class="brand-small">{t('app.kicker')}</span>
          <span class="brand-name">{t('app.name')}</span>
        </div>
        <div class="who">{lang}</div>
      </header>
      <main id="main" class="signin">
        <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title" noValidate>
          <h1 id="signin-title">{t('signIn.title')}</h1>
          {expired ? (
            <div class="alert error" role="alert" id="signin-expired">
              {t('signIn.expired')}
            </div>
          ) : (
            <p class="muted">{t('signIn.intro')}</p>
          )}
          {error ? (
            <div class="alert error" role="alert" id="signin-error">
              {error}
            </div>
          ) : null}
          <TextInput path="username" label={t('signIn.username')} value={username} onValue={setUsername} autoComplete="username" required autoCapitalize="none" spellcheck={false} />
          <TextInput path="password" label={t('signIn.password')} value={password} onValue={setPassword} type="password" autoComplete="current-password" required />
          <div class="row">
            <button type="submit" disabled={busy}>
              {busy ? t('common.working') : t('signIn.submit')}
            </button>
          </div>
        </form>
      </main>
    </div>
  );
}
