import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken, whenSignedOut } from './server';
import { getLang, onLangChange, setLang, t, type Lang } from './i18n';
import { CasePage } from './pages/case';
import { CaseList, Receive, TrackingBook } from './pages/desk';
import { AccessLog } from './pages/access-log';
import { Inbox } from './pages/agency';
import { Calendar, Operations } from './pages/operator';
import { SignIn } from './pages/sign-in';
import { Statistics } from './pages/statistics';
import { Users } from './pages/users';
import { BASE, match, navigate, useLocation } from './router';
import { Session, type ConsoleConfig, type Role, type SessionUser } from './session';
import { Link, Loading } from './ui';
import './styles.css';

interface SessionBody {
  user: SessionUser;
  csrfToken: string;
}

const HOME: Record<Role, string> = { desk: '/cases', agency: '/inbox', operator: '/operations', admin: '/users' };

/** The screens each role has in its menu (what the matching API role may do). */
const MENU: Record<Role, { path: string; key: Parameters<typeof t>[0] }[]> = {
  desk: [
    { path: '/receive', key: 'nav.receive' },
    { path: '/cases', key: 'nav.cases' },
    { path: '/tracking-book', key: 'nav.trackingBook' },
    { path: '/statistics', key: 'nav.statistics' },
  ],
  agency: [
    { path: '/inbox', key: 'nav.inbox' },
    { path: '/cases', key: 'nav.cases' },
    { path: '/statistics', key: 'nav.statistics' },
  ],
  operator: [
    { path: '/operations', key: 'nav.operations' },
    { path: '/cases', key: 'nav.cases' },
    { path: '/calendar', key: 'nav.calendar' },
    { path: '/statistics', key: 'nav.statistics' },
    { path: '/access-log', key: 'nav.accessLog' },
  ],
  admin: [
    { path: '/users', key: 'nav.users' },
    { path: '/operations', key: 'nav.operations' },
    { path: '/cases', key: 'nav.cases' },
    { path: '/calendar', key: 'nav.calendar' },
    { path: '/statistics', key: 'nav.statistics' },
    { path: '/access-log', key: 'nav.accessLog' },
  ],
};

function LangSwitch(): preact.JSX.Element {
  const other: Lang = getLang() === 'vi' ? 'en' : 'vi';
  return (
    <button type="button" class="lang" lang={other} onClick={() => setLang(other)} aria-label={t('lang.switchLabel')}>
      {t('lang.switch')}
    </button>
  );
}

function Screen({ user }: { user: SessionUser }): preact.JSX.Element {
  const loc = useLocation();
  // The console's root is the role's first screen; the address bar says so too.
  const root = loc.path === '/' || loc.path === '/sign-in';
  const p = root ? HOME[user.role] : loc.path;
  useEffect(() => {
    if (root) history.replaceState(null, '', `${BASE}${p}`);
  }, [root]);
  let m: Record<string, string> | undefined;
  // A screen of another role's menu (typed or bookmarked) says so, instead of a form the API would refuse.
  const screens = new Set(Object.values(MENU).flatMap((items) => items.map((i) => i.path)));
  if (screens.has(p) && !MENU[user.role].some((i) => i.path === p)) {
    return (
      <section class="page">
        <h1 id="not-for-role">{t('common.notForRole')}</h1>
        <Link href={`${BASE}${HOME[user.role]}`}>{t('common.home')}</Link>
      </section>
    );
  }
  if (p === '/receive') return <Receive />;
  if (p === '/cases') return <CaseList query={loc.query} />;
  if (p === '/tracking-book') return <TrackingBook query={loc.query} />;
  if (p === '/inbox') return <Inbox />;
  if (p === '/operations') return <Operations />;
  if (p === '/calendar') return <Calendar />;
  if (p === '/statistics') return <Statistics query={loc.query} />;
  if (p === '/users') return <Users />;
  if (p === '/access-log') return <AccessLog query={loc.query} />;
  if ((m = match('/cases/:code', p))) return <CasePage code={m.code!} />;
  if ((m = match('/cases/:code/steps/:stepId', p))) return <CasePage code={m.code!} stepId={m.stepId!} />;
  return (
    <section class="page">
      <h1>{t('common.notFound')}</h1>
      <Link href={`${BASE}${HOME[user.role]}`}>{t('common.home')}</Link>
    </section>
  );
}

function Shell({ user, onSignOut }: { user: SessionUser; onSignOut: () => void }): preact.JSX.Element {
  const loc = useLocation();
  // An agency opens a case's step from its inbox: the inbox stays the current screen.
  const current = loc.path === '/' || loc.path === '/sign-in' ? HOME[user.role] : user.role === 'agency' && /\/steps\//.test(loc.path) ? '/inbox' : loc.path;
  const [open, setOpen] = useState(false);
  return (
    <>
      <a class="skip" href="#main">
        {t('common.skip')}
      </a>
      <header class="top">
        <div class="brand">
          <span class="brand-small">{t('app.kicker')}</span>
          <span class="brand-name">{t('app.name')}</span>
        </div>
        <button type="button" class="menu-toggle" aria-expanded={open} aria-controls="nav" onClick={() => setOpen(!open)}>
          {t('nav.menu')}
        </button>
        <nav id="nav" class={open ? 'open' : ''} aria-label={t('nav.label')}>
          <ul>
            {MENU[user.role].map((item) => (
              <li key={item.path}>
                <Link href={`${BASE}${item.path}`} aria-current={current === item.path || current.startsWith(`${item.path}/`) ? 'page' : undefined}>
                  {t(item.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class="who-name">{user.fullName}</span>
          <span class="who-role">
            {t(`role.${user.role}` as Parameters<typeof t>[0])}
            {user.officeCode ? ` · ${user.officeCode}` : ''}
            {user.agencyCode ? ` · ${user.agencyCode}` : ''}
          </span>
          <LangSwitch />
          <button type="button" class="secondary" id="sign-out" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main">
        <Screen user={user} />
      </main>
    </>
  );
}

/** Re-renders the caller when the language changes. */
function useLangVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => onLangChange(() => setVersion((v) => v + 1)), []);
  return version;
}

/** How long a screen whose session ended is kept under the sign-in dialog (signin.expired says it). */
const EXPIRED_SCREEN_KEPT_MS = 5 * 60_000;
let dropExpired: ReturnType<typeof setTimeout> | undefined;

function App(): preact.JSX.Element {
  useLangVersion();
  // `expired`: the session ended under a signed-in screen (a 401); the screen stays, under the sign-in dialog.
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'out' } | { kind: 'in' | 'expired'; user: SessionUser }>({ kind: 'loading' });
  const [config, setConfig] = useState<ConsoleConfig>({ temporalUiUrl: '', namespace: 'default' });

  const signedIn = (body: SessionBody) => {
    setCsrfToken(body.csrfToken);
    setState({ kind: 'in', user: body.user });
  };

  useEffect(() => {
    whenSignedOut(() => {
      setCsrfToken(undefined);
      setState((now) => (now.kind === 'in' || now.kind === 'expired' ? { kind: 'expired', user: now.user } : { kind: 'out' }));
      // The kept screen (personal data, under a blur only) is dropped if nobody signs in soon; one
      // timer, restarted by each expiry, so an earlier one cannot drop a later screen early.
      clearTimeout(dropExpired);
      dropExpired = setTimeout(() => setState((now) => (now.kind === 'expired' ? { kind: 'out' } : now)), EXPIRED_SCREEN_KEPT_MS);
    });
    // The deployment's settings and the session are asked for together; without the settings the
    // defaults stand, and without a session (signed out, or the API unreachable) the sign-in form shows.
    void Promise.allSettled([api<ConsoleConfig>('GET', '/console/config.json'), api<SessionBody>('GET', '/v1/session', { expectUnauthenticated: true })]).then(([cfg, session]) => {
      if (cfg.status === 'fulfilled') setConfig(cfg.value);
      if (session.status === 'fulfilled') signedIn(session.value);
      else setState({ kind: 'out' });
    });
  }, []);

  useEffect(() => {
    document.documentElement.lang = getLang();
    document.title = `${t('app.name')} — ${t('app.kicker')}`;
  });

  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'out') {
    return (
      <SignIn
        lang={<LangSwitch />}
        onSignedIn={(body) => signedIn(body)}
      />
    );
  }
  const signOut = async () => {
    await api('DELETE', '/v1/session').catch(() => undefined);
    setCsrfToken(undefined);
    setState({ kind: 'out' });
    navigate(`${BASE}/`, true);
  };
  const expired = state.kind === 'expired';
  return (
    <Session.Provider value={{ user: state.user, config }}>
      {/* Another person signing in after an expiry gets a fresh screen (key): never the first one's typing. */}
      {/* Expired: kept but blurred — what was on the screen (personal data) is not for whoever comes to the desk. */}
      <div key={state.user.id} inert={expired} aria-hidden={expired ? 'true' : undefined} class={expired ? 'shell-expired' : undefined}>
        <Shell user={state.user} onSignOut={() => void signOut()} />
      </div>
      {expired ? (
        <div class="session-expired" role="dialog" aria-modal="true" aria-labelledby="signin-title">
          <SignIn expired lang={<LangSwitch />} onSignedIn={(body) => signedIn(body)} />
        </div>
      ) : null}
    </Session.Provider>
  );
}

render(<App />, document.getElementById('app')!);
