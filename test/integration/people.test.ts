import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { createUser } from '../../prisma/users';
import { DEV_USER_PASSWORD } from '../../scripts/dev-system';
import { deathRequest, OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

// People behind the console: users sign in with a password and get an HttpOnly cookie session;
// the cookie is a principal on every /v1 route (with a CSRF token for unsafe calls); what a person
// does and reads names them.

const PASSWORD = 'correct horse battery';
const DEATH_EXTRACT = { extractNumber: '12/2026', get extractDate() { return todayInVietnam(); }, registerBook: 'KT-01' };
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

interface Session {
  cookie: string;
  csrfToken: string;
  userId: string;
}

describe('people: console users, sessions, and the person named in actions and reads', () => {
  let sys: TestSystem;
  const suffix = randomUUID().slice(0, 8);
  const names = { desk: `desk-${suffix}`, civil: `civil-${suffix}`, police: `police-${suffix}`, victim: `victim-${suffix}` };
  const fullNames = { desk: 'Lê Thị Hoa', civil: 'Phạm Văn Minh', police: 'Đỗ Quang Huy' };

  const signIn = (username: string, password: string) => sys.call('POST', '/v1/session', { body: { username, password } });
  const session = async (username: string, password = PASSWORD): Promise<Session> => {
    const res = await signIn(username, password);
    expect({ status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ status: 200, body: undefined });
    const cookie = /^(ltk_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
    return { cookie, csrfToken: res.body.csrfToken, userId: res.body.user.id };
  };
  /** A call with the session cookie (and its CSRF token unless `csrf: false`). */
  const as = (s: Session, method: string, url: string, o: { body?: unknown; csrf?: boolean | string; headers?: Record<string, string> } = {}) =>
    sys.call(method, url, {
      body: o.body,
      headers: { cookie: s.cookie, ...(o.csrf === false ? {} : { 'X-CSRF-Token': typeof o.csrf === 'string' ? o.csrf : s.csrfToken }), ...o.headers },
    });
  const timeline = async (caseCode: string) => (await sys.getCase(caseCode)).timeline as { type: string; stepId: string | null; details: any }[];

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual', devUsers: true });
    await createUser(sys.db, { username: names.desk, password: PASSWORD, fullName: fullNames.desk, role: 'desk', officeCode: OFFICE });
    await createUser(sys.db, { username: names.civil, password: PASSWORD, fullName: fullNames.civil, role: 'agency', agencyCode: 'CIVIL-BA-DINH' });
    await createUser(sys.db, { username: names.police, password: PASSWORD, fullName: fullNames.police, role: 'agency', agencyCode: 'POLICE-BA-DINH' });
    await createUser(sys.db, { username: names.victim, password: PASSWORD, fullName: 'Vũ Thị Lan', role: 'desk', officeCode: OFFICE });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a user signs in, then the answer names them with a CSRF token and sets an HttpOnly SameSite=Strict cookie that GET /v1/session recognises', async () => {
    const res = await signIn(names.desk.toUpperCase(), PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { username: names.desk, fullName: fullNames.desk, role: 'desk', officeCode: OFFICE }, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(res.body.user).not.toHaveProperty('agencyCode');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^ltk_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookie = setCookie.split(';')[0]!;
    const again = await sys.call('GET', '/v1/session', { headers: { cookie } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ user: res.body.user, csrfToken: res.body.csrfToken });
    expect((await sys.call('GET', '/v1/session')).status).toBe(401);
    // Only the hash of the token is stored.
    const token = cookie.slice('ltk_session='.length);
    const stored = await sys.db.userSession.findMany({ where: { userId: res.body.user.id } });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((s) => s.tokenHash !== token && /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);
  });

  test('When the username or the password is wrong, then both get the same 401 problem, and nothing names which was wrong', async () => {
    const wrongPassword = await signIn(names.desk, 'not the password');
    const unknownUser = await signIn(`nobody-${suffix}`, PASSWORD);
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(wrongPassword.body).toEqual(unknownUser.body);
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
    expect(sys.logLines.join('\n')).not.toContain('not the password');
  });

  test('When a sign-in carries a NUL, another control, an invisible or a bidirectional character, then 422 names the field (never 500) and the username is not echoed', async () => {
    const nulName = await signIn(`ad\u0000min-${suffix}`, PASSWORD);
    expect(nulName.status).toBe(422);
    expect(nulName.body.errors).toEqual([{ path: 'username', message: 'must not contain control characters (such as NUL)' }]);
    expect(JSON.stringify(nulName.body)).not.toContain(suffix);
    // An invisible character is refused as a bidirectional one is, not looked up as another name.
    for (const odd of ['ad\u200bmin', 'ad\u202emin']) expect({ odd, status: (await signIn(odd, PASSWORD)).status }).toEqual({ odd, status: 422 });
    const badPassword = await signIn(names.desk, `pass\u0007word\ud800`);
    expect(badPassword.status).toBe(422);
    expect((badPassword.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['password']);
    // Malformed sign-ins guess nothing: six of them do not lock the officer out.
    for (let i = 0; i < 6; i++) expect((await signIn(names.desk, `${PASSWORD}\u0000${i}`)).status).toBe(422);
    expect((await signIn(names.desk, PASSWORD)).status).toBe(200);
  });

  test('When a username has failed 5 times, then the 6th attempt is 429 with Retry-After even with the right password, while other users still sign in', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(names.victim, `wrong password ${i}`)).status).toBe(401);
    const sixth = await signIn(names.victim, PASSWORD);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(sixth.body).toMatchObject({ status: 429, title: 'Too many failed sign-ins' });
    expect((await signIn(names.civil, PASSWORD)).status).toBe(200);
  });

  test('When a desk officer receives a case with the cookie, then without X-CSRF-Token it is refused 403, with it the case is received and its RECEIVED event names the person', async () => {
    const desk = await session(names.desk);
    const body = deathRequest({ procedures: ['death-registration', 'residence-deregistration'] });
    const refused = await as(desk, 'POST', '/v1/cases', { body, csrf: false });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ title: 'CSRF token missing or wrong' });
    expect((await as(desk, 'POST', '/v1/cases', { body, csrf: 'x'.repeat(43) })).status).toBe(403);
    const received = await as(desk, 'POST', '/v1/cases', { body });
    expect(received.status).toBe(201);
    const events = await timeline(received.body.caseCode);
    expect(events.find((e) => e.type === 'RECEIVED')!.details.by).toEqual({ userId: desk.userId, name: fullNames.desk });
    // Bearer keys need no CSRF token.
    expect((await sys.call('GET', `/v1/cases/${received.body.caseCode}`, { key: sys.keys.desk[OFFICE] })).status).toBe(200);
  });

  test('When agency officers complete their steps and the desk officer returns the result with their sessions, then each event and recorded action names its person, and the dispatches the engine made do not', async () => {
    const desk = await session(names.desk);
    const { caseCode } = (await as(desk, 'POST', '/v1/cases', { body: deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }) })).body;
    const civil = await session(names.civil);
    const police = await session(names.police);
    const dispatched = async (stepId: string) =>
      waitFor(async () => ((await sys.getCase(caseCode)).steps.find((s: any) => s.stepId === stepId)?.status === 'DISPATCHED' ? true : undefined), `${stepId} dispatched`);
    await dispatched('death-registration');
    // The police officer acts as the police key would: no step of theirs was handed over yet, so no such case for them.
    expect((await as(police, 'POST', `/v1/cases/${caseCode}/steps/death-registration/complete`, { body: { result: DEATH_EXTRACT } })).status).toBe(404);
    const done = await as(civil, 'POST', `/v1/cases/${caseCode}/steps/death-registration/complete`, { body: { result: DEATH_EXTRACT }, headers: { 'Idempotency-Key': `civil-${suffix}` } });
    expect({ status: done.status, body: done.status === 200 ? undefined : done.body }).toEqual({ status: 200, body: undefined });
    await dispatched('residence-deregistration');
    expect((await as(police, 'POST', `/v1/cases/${caseCode}/steps/residence-deregistration/complete`, { body: { result: { deregisteredOn: todayInVietnam() } } })).status).toBe(200);
    await sys.waitForCase(caseCode, ['COMPLETED']);
    const events = await waitFor(async () => {
      const t = await timeline(caseCode);
      return t.filter((e) => e.type === 'COMPLETED').length === 2 ? t : undefined;
    }, 'both completions in the ledger');
    const completedBy = (stepId: string) => events.find((e) => e.type === 'COMPLETED' && e.stepId === stepId)!.details.by;
    expect(completedBy('death-registration')).toEqual({ userId: civil.userId, name: fullNames.civil });
    expect(completedBy('residence-deregistration')).toEqual({ userId: police.userId, name: fullNames.police });
    expect(events.filter((e) => e.type === 'DISPATCHED' || e.type === 'CLOSED').every((e) => e.details.by === undefined)).toBe(true);
    const action = await sys.db.caseAction.findUnique({ where: { caseCode_idempotencyKey: { caseCode, idempotencyKey: `agency:CIVIL-BA-DINH|civil-${suffix}` } } });
    expect(action).toMatchObject({ action: 'complete', userId: civil.userId, userName: fullNames.civil });
    // The desk officer returns the result: the API-written event and action name them too.
    const returned = await as(desk, 'POST', `/v1/cases/${caseCode}/handover`, { body: { method: 'desk', recipient: { relationship: 'applicant' } }, headers: { 'Idempotency-Key': `return-${suffix}` } });
    expect(returned.status).toBe(200);
    expect((await timeline(caseCode)).find((e) => e.type === 'RESULT_RETURNED')!.details.by).toEqual({ userId: desk.userId, name: fullNames.desk });
    const returnAction = await sys.db.caseAction.findUnique({ where: { caseCode_idempotencyKey: { caseCode, idempotencyKey: `desk:${OFFICE}|return-${suffix}` } } });
    expect(returnAction).toMatchObject({ action: 'return-result', userId: desk.userId, userName: fullNames.desk });
  });

  test('When a desk officer reads a case and its receipt, then the access log names them; a key’s read names the key; operators and admins list it, a desk cannot', async () => {
    const desk = await session(names.desk);
    const { caseCode } = (await as(desk, 'POST', '/v1/cases', { body: deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }) })).body;
    expect((await as(desk, 'GET', `/v1/cases/${caseCode}`)).status).toBe(200);
    const receipt = await as(desk, 'GET', `/v1/cases/${caseCode}/forms/receipt`);
    expect(receipt.status).toBe(200);
    // The signed-in officer is the receiving officer printed on the slip.
    expect(receipt.body.officer).toMatchObject({ name: fullNames.desk });
    expect((await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.desk[OFFICE] })).status).toBe(200);
    // An operator's read carries no dossier: not logged.
    expect((await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.operator })).status).toBe(200);

    const admin = await session('admin', DEV_USER_PASSWORD);
    const log = await as(admin, 'GET', `/v1/access-log?caseCode=${caseCode}`);
    expect(log.status).toBe(200);
    const rows = (log.body.items as any[]).map((r) => ({ what: r.what, actor: r.actor, actorName: r.actorName }));
    expect(rows).toEqual([
      { what: 'case', actor: expect.not.stringMatching(/^user:/), actorName: `dev desk ${OFFICE}` },
      { what: 'form:receipt', actor: `user:${desk.userId}`, actorName: fullNames.desk },
      { what: 'case', actor: `user:${desk.userId}`, actorName: fullNames.desk },
    ]);
    const page = await sys.call('GET', `/v1/access-log?caseCode=${caseCode}&limit=2`, { key: sys.keys.operator });
    expect(page.body.items).toHaveLength(2);
    const next = await sys.call('GET', `/v1/access-log?caseCode=${caseCode}&limit=2&cursor=${page.body.nextCursor}`, { key: sys.keys.operator });
    expect(next.body).toMatchObject({ items: [{ what: 'case', actorName: fullNames.desk }], nextCursor: null });
    expect((await as(desk, 'GET', '/v1/access-log')).status).toBe(403);
    expect((await sys.call('GET', '/v1/access-log?from=yesterday', { key: sys.keys.operator })).body.errors).toEqual([expect.objectContaining({ path: 'from' })]);
    // The tracking book lists every case of the day: one record per case it showed.
    expect((await as(desk, 'GET', `/v1/offices/${OFFICE}/tracking-book`)).status).toBe(200);
    const afterBook = await sys.call('GET', `/v1/access-log?caseCode=${caseCode}&limit=1`, { key: sys.keys.operator });
    expect(afterBook.body.items).toEqual([expect.objectContaining({ caseCode, what: 'tracking-book', actor: `user:${desk.userId}`, actorName: fullNames.desk })]);
    // A reprint by someone else (here the office's key) still names the person who received the dossier.
    const reprint = await sys.call('GET', `/v1/cases/${caseCode}/forms/receipt`, { key: sys.keys.desk[OFFICE] });
    expect(reprint.body.officer).toMatchObject({ name: fullNames.desk });
    // A case a system received (the office's key) names nobody, whoever prints it: the line is written by hand.
    const bySystem = (await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OFFICE], body: deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }) })).body.caseCode;
    expect((await as(desk, 'GET', `/v1/cases/${bySystem}/forms/receipt`)).body.officer).toMatchObject({ name: null });
  });

  test('When an admin is signed in, then they read what an operator reads but cannot receive cases; a desk officer cannot manage users', async () => {
    const admin = await session('admin', DEV_USER_PASSWORD);
    expect((await as(admin, 'GET', '/v1/incidents')).status).toBe(200);
    expect((await as(admin, 'GET', '/v1/statistics/overdue')).status).toBe(200);
    expect((await as(admin, 'GET', '/v1/cases?limit=1')).status).toBe(200);
    expect((await as(admin, 'POST', '/v1/cases', { body: deathRequest() })).status).toBe(403);
    expect((await as(admin, 'PUT', '/v1/calendar/overrides', { body: {} })).status).toBe(403);
    const desk = await session(names.desk);
    expect((await as(desk, 'GET', '/v1/users')).status).toBe(403);
    expect((await sys.call('GET', '/v1/users', { key: sys.keys.operator })).status).toBe(403);
  });

  test('When an admin creates a user, then bad fields are named, a taken username is 409, and the new officer signs in; disabled, their session and sign-in are refused', async () => {
    const admin = await session('admin', DEV_USER_PASSWORD);
    const bad = await as(admin, 'POST', '/v1/users', { body: { username: 'x', password: 'short', fullName: 'A\u0000B', role: 'desk', agencyCode: 'NO-SUCH' } });
    expect(bad.status).toBe(422);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['fullName', 'password', 'username']);
    const noOffice = await as(admin, 'POST', '/v1/users', { body: { username: `new-${suffix}`, password: PASSWORD, fullName: 'Hoàng Văn Nam', role: 'desk', agencyCode: 'CIVIL-BA-DINH' } });
    expect(noOffice.status).toBe(422);
    expect((noOffice.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['agencyCode', 'officeCode']);
    const unknownOffice = await as(admin, 'POST', '/v1/users', { body: { username: `new-${suffix}`, password: PASSWORD, fullName: 'Hoàng Văn Nam', role: 'desk', officeCode: '999.99.99.H26' } });
    expect(unknownOffice.body.errors).toEqual([{ path: 'officeCode', message: 'unknown office code' }]);
    // A password no sign-in form could take back (a tab, a line break) is not set.
    const tabbed = await as(admin, 'POST', '/v1/users', { body: { username: `new-${suffix}`, password: `${PASSWORD}\t`, fullName: 'Hoàng Văn Nam', role: 'desk', officeCode: OFFICE } });
    expect(tabbed.body.errors).toEqual([{ path: 'password', message: 'must be a single line (no tab or line break)' }]);

    const created = await as(admin, 'POST', '/v1/users', { body: { username: `New-${suffix}`, password: PASSWORD, fullName: 'Hoàng Văn Nam', role: 'desk', officeCode: OFFICE } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: `new-${suffix}`, role: 'desk', officeCode: OFFICE, agencyCode: null, disabledAt: null });
    expect(created.body).not.toHaveProperty('passwordHash');
    expect(created.body).not.toHaveProperty('notes');
    // An office closed by the reorganisation is taken (it may have cases to finish), with a note saying what that means.
    const closed = await as(admin, 'POST', '/v1/users', { body: { username: `closed-${suffix}`, password: PASSWORD, fullName: 'Hoàng Văn Nam', role: 'desk', officeCode: '011.01.01.H26' } });
    expect(closed.status).toBe(201);
    expect(closed.body.notes).toEqual([expect.stringMatching(/^office 011\.01\.01\.H26 is not in service today \(\d{4}-\d{2}-\d{2}\): a desk there cannot receive new cases$/)]);
    expect((await as(admin, 'POST', '/v1/users', { body: { username: `NEW-${suffix}`, password: PASSWORD, fullName: 'Khác', role: 'operator' } })).status).toBe(409);
    const listed = await as(admin, 'GET', '/v1/users');
    expect((listed.body.items as any[]).map((u) => u.username)).toEqual(expect.arrayContaining(['admin', `new-${suffix}`, names.desk]));

    const officer = await session(`new-${suffix}`);
    expect((await as(officer, 'GET', '/v1/cases?limit=1')).status).toBe(200);
    const disabled = await as(admin, 'DELETE', `/v1/users/${created.body.id}`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));
    const refused = await as(officer, 'GET', '/v1/cases?limit=1');
    expect(refused.status).toBe(401);
    expect((await signIn(`new-${suffix}`, PASSWORD)).status).toBe(401);
    expect((await as(admin, 'DELETE', `/v1/users/${randomUUID()}`)).status).toBe(404);
    expect((await as(admin, 'DELETE', `/v1/users/${admin.userId}`)).status).toBe(409);
  });

  test('When a user signs out, then the cookie is cleared and the old cookie no longer works', async () => {
    const desk = await session(names.desk);
    expect((await as(desk, 'DELETE', '/v1/session', { csrf: false })).status).toBe(403);
    const out = await as(desk, 'DELETE', '/v1/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^ltk_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict/);
    expect((await as(desk, 'GET', '/v1/session')).status).toBe(401);
    expect((await as(desk, 'GET', '/v1/cases?limit=1')).status).toBe(401);
  });

  test('When users:create runs, then the user is created and signs in; a short password, or one the sign-in would refuse, is refused without being echoed', async () => {
    const env = { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL! };
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const script = path.join(ROOT, 'scripts/create-user.ts');
    const ok = await run(tsx, [script, '--username', `cli-${suffix}`, '--password', PASSWORD, '--name', 'Trịnh Văn Cường', '--role', 'agency', '--agency', 'POLICE-BA-DINH'], { env, cwd: ROOT });
    expect(ok.stdout).toMatch(new RegExp(`username: cli-${suffix}\\nrole:     agency \\(agency POLICE-BA-DINH\\)`));
    expect(ok.stdout).not.toContain(PASSWORD);
    const signedIn = await signIn(`cli-${suffix}`, PASSWORD);
    expect(signedIn.body.user).toMatchObject({ fullName: 'Trịnh Văn Cường', role: 'agency', agencyCode: 'POLICE-BA-DINH' });
    // From standard input, so the password is never in the process list or the shell's history.
    const piped = run(tsx, [script, '--username', `cli3-${suffix}`, '--password-stdin', '--name', 'Lê Thị Hoa', '--role', 'operator'], { env, cwd: ROOT });
    // From a file saved on Windows: its byte-order mark is not part of the password.
    piped.child.stdin!.end(`\uFEFF${PASSWORD}-2\r\n`);
    expect((await piped).stdout).toMatch(new RegExp(`username: cli3-${suffix}\nrole:     operator`));
    expect((await signIn(`cli3-${suffix}`, `${PASSWORD}-2`)).body.user).toMatchObject({ fullName: 'Lê Thị Hoa', role: 'operator' });
    const both = run(tsx, [script, '--username', `cli4-${suffix}`, '--password', PASSWORD, '--password-stdin', '--name', 'Ai Đó', '--role', 'operator'], { env, cwd: ROOT });
    both.child.stdin!.end();
    const refused = await both.catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('give either --password or --password-stdin, not both') });
    const bad = await run(tsx, [script, '--username', `cli2-${suffix}`, '--password', 'tiny-pass', '--name', 'Ai Đó', '--role', 'desk'], { env, cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in bad && bad.code).toBe(2);
    expect((bad as { stderr: string }).stderr).toMatch(/--password: must have at least 10 characters/);
    expect((bad as { stderr: string }).stderr).toMatch(/--office: a desk officer needs --office/);
    expect((bad as { stderr: string }).stderr).not.toContain('tiny-pass');
    // An office closed by the reorganisation is taken with a note, as keys:create and POST /v1/users take it.
    const closed = await run(tsx, [script, '--username', `cli6-${suffix}`, '--password', PASSWORD, '--name', 'Ai Đó', '--role', 'desk', '--office', '011.01.01.H26'], { env, cwd: ROOT });
    expect(closed.stderr).toMatch(/^users:create: note: office 011\.01\.01\.H26 is not in service today \(\d{4}-\d{2}-\d{2}\): a desk there cannot receive new cases$/m);
    expect(closed.stdout).toContain('(office 011.01.01.H26)');
    // A password the sign-in would refuse (a NUL, a control character, bytes that are not UTF-8) is refused here too.
    for (const typed of [Buffer.from('abc\u0000defghijkl\n'), Buffer.from('abc\u0007defghijkl\n'), Buffer.concat([Buffer.from('abcdefghijkl'), Buffer.from([0xff, 0x0a])]), Buffer.from('abc\u{1FFFF}defghijkl\n'), Buffer.from('abc\tdefghijkl\n'), Buffer.from('abcdefghijkl\r')]) {
      const unusable = run(tsx, [script, '--username', `cli5-${suffix}`, '--password-stdin', '--name', 'Ai Đó', '--role', 'operator'], { env, cwd: ROOT });
      unusable.child.stdin!.end(typed);
      const answer = await unusable.catch((e: { code: number; stderr: string }) => e);
      // A tab or a carriage return: no browser's password field could hold it.
      expect(answer).toMatchObject({ code: 2, stderr: expect.stringMatching(/--password: must (not contain control characters|be valid Unicode text|be a single line \(no tab or line break\))/) });
      expect((answer as { stderr: string }).stderr).not.toContain('defghijkl');
    }
    // A mistyped command line is named in one line (exit 2), never with the words typed.
    for (const [typed, said] of [
      [['--pasword=secret-typed-1'], 'users:create: an unknown option (not shown: values with spaces need quotes) (--help shows how to use it)'],
      [['--password', 'secret', '--typed-3'], 'users:create: an unknown option (not shown: values with spaces need quotes) (--help shows how to use it)'],
      [['--password', 'secret', 'typed-2'], 'users:create: a word that belongs to no option (values with spaces need quotes; the word is not shown) (--help shows how to use it)'],
    ] as const) {
      const mistyped = await run(tsx, [script, '--username', `cli5-${suffix}`, ...typed, '--name', 'Ai Đó', '--role', 'operator'], { env, cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
      expect(mistyped).toMatchObject({ code: 2, stderr: `${said}\n` });
    }
    // Nothing was created: the username is still free.
    expect((await run(tsx, [script, '--username', `cli5-${suffix}`, '--password', PASSWORD, '--name', 'Ai Đó', '--role', 'operator'], { env, cwd: ROOT })).stdout).toContain(`username: cli5-${suffix}`);
  });
});
