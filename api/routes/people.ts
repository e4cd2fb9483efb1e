import { z } from 'zod';
import { checkMembership, codeText, localDateOf, nameText, newSecretText, secretText } from '../../domain';
import { listDossierAccess } from '../../prisma/access-log';
import { createUser, disableUser, findUserSession, getUser, listUsers, MIN_PASSWORD_LENGTH, openUserSession, USERNAME_PATTERN, revokeUserSession, USER_ROLES, UsernameTaken, verifyCredentials, type UserRecord } from '../../prisma/users';
import type { ApiDeps } from '../deps';
import { accessLogFilter, accessLogPage, accessLogQuery } from '../http/cursor';
import { Route, route } from '../http/route';
import { hashSessionToken, newSessionToken } from '../cookie-session';
import { clearedUserSessionCookie, CSRF_HEADER, DEFAULT_PEOPLE_SETTINGS, sameToken, userSessionCookie, userSessionToken, USER_SESSION_COOKIE } from '../people-http';
import { Problem } from '../problem';
import { officeCodeSchema } from '../schemas';

// People: console users' sign-in and sessions, the admin's user management, and the log of who
// read which dossier.


const sessionUserSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    fullName: z.string(),
    role: z.enum(USER_ROLES),
    officeCode: z.string().optional(),
    agencyCode: z.string().optional(),
  })
  .meta({ id: 'SessionUser', description: 'The signed-in person and what they act as.' });
const sessionSchema = z
  .object({
    user: sessionUserSchema,
    csrfToken: z.string().meta({ description: `Send it in the \`${CSRF_HEADER}\` header with every POST, PUT and DELETE made with the session cookie.` }),
    expiresAt: z.iso.datetime().meta({ description: 'When the session ends (sign in again then).' }),
  })
  .meta({ id: 'Session' });
const userSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    fullName: z.string(),
    role: z.enum(USER_ROLES),
    officeCode: z.string().nullable(),
    agencyCode: z.string().nullable(),
    createdAt: z.iso.datetime(),
    disabledAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'User' });
const createdUserSchema = userSchema
  .extend({ notes: z.array(z.string()).optional().meta({ description: 'For an office or agency not in service today: what that means for the new user (e.g. a desk there cannot receive new cases).' }) })
  .meta({ id: 'CreatedUser' });

const sessionUser = (u: UserRecord) => ({
  id: u.id,
  username: u.username,
  fullName: u.fullName,
  role: u.role,
  ...(u.officeCode ? { officeCode: u.officeCode } : {}),
  ...(u.agencyCode ? { agencyCode: u.agencyCode } : {}),
});

const signInBody = z.strictObject({
  // As a name is judged: an invisible or bidirectional character is refused (422), never looked up.
  username: nameText({ min: 1, max: 200 }),
  password: secretText({ min: 1, max: 200 }),
});

export const newUserBody = z
  .strictObject({
    username: z.string().regex(USERNAME_PATTERN, 'must be 3–60 ASCII letters, digits, ".", "_" or "-", starting with a letter or digit').meta({ description: 'Stored in lower case; unique.' }),
    password: newSecretText({ min: MIN_PASSWORD_LENGTH, max: 200 }).meta({ description: `At least ${MIN_PASSWORD_LENGTH} characters; only an argon2id hash is stored.` }),
    fullName: nameText({ min: 2, max: 200 }).meta({ description: 'The person’s full name, as it appears in audit records.' }),
    role: z.enum(USER_ROLES),
    officeCode: officeCodeSchema.optional().meta({ description: 'A desk officer’s office (required for `desk`, refused otherwise).' }),
    agencyCode: codeText(60).optional().meta({ description: 'An agency officer’s agency (required for `agency`, refused otherwise).' }),
  })
  .meta({ id: 'NewUser' });

/** The rules of a new user that the body's shape cannot say: an office for a desk, an agency for an agency officer, each known. */
export function newUserIssues(body: z.infer<typeof newUserBody>, now: Date): { issues: { path: string; message: string }[]; notes: string[] } {
  const { issues, notes } = checkMembership({ role: body.role, office: body.officeCode, agency: body.agencyCode }, localDateOf(now), { holder: 'officer', office: 'an office', agency: 'an agency', offerCodes: false, roles: USER_ROLES });
  return { issues: issues.map((i) => ({ path: i.field === 'office' ? 'officeCode' : 'agencyCode', message: i.message })), notes };
}

const NO_SESSION = 'No live session in this browser (none, ended, revoked, or the user was disabled).';

const accessQuery = accessLogQuery('Reads of this case.');
const accessEntrySchema = z
  .object({
    id: z.uuid(),
    caseCode: z.string(),
    what: z.string().meta({ description: '`case` (the case with its dossier), `form:<name>` (a form, JSON or PDF), `tracking-book` (the office’s book that listed it).' }),
    actor: z.string().meta({ description: '`user:<user id>` for a person, else the API key id.' }),
    actorName: z.string().meta({ description: 'The person’s full name, or the API key’s label.' }),
    at: z.iso.datetime(),
  })
  .meta({ id: 'DossierAccess' });
const accessListSchema = z.object({ items: z.array(accessEntrySchema), nextCursor: z.string().nullable() }).meta({ id: 'DossierAccessList' });

/** The session routes (public: they read the cookie themselves), mounted before the /v1 authentication. */
export function sessionRoutes(deps: ApiDeps): Route[] {
  const settings = { ...DEFAULT_PEOPLE_SETTINGS, ...deps?.people };
  const secure = (req: { secure: boolean }) => req.secure || settings.secureCookies;
  const current = async (req: Parameters<typeof userSessionToken>[0]) => {
    const token = userSessionToken(req);
    const session = token ? await findUserSession(deps.db, hashSessionToken(token), deps.now()) : undefined;
    return token && session ? { token, session } : undefined;
  };
  return [
    route(
      {
        method: 'post',
        path: '/v1/session',
        operationId: 'signIn',
        tag: 'People',
        summary: 'Sign in to the console with a username and password',
        description: `Sets an HttpOnly, SameSite=Strict cookie \`${USER_SESSION_COOKIE}\` (path \`/\`, Secure in production) holding a random 256-bit token; only its SHA-256 is stored. The session lasts ${settings.sessionMs / 3_600_000} hours from sign-in (SESSION_HOURS). A wrong username and a wrong password get the same 401. Failed sign-ins are counted per username (${settings.signInFailuresPerUsername}) and per client address (${settings.signInFailuresPerAddress}) over 15 minutes; past that, 429 with Retry-After.`,
        access: 'public',
        needs: ['database'],
        body: signInBody,
        responses: {
          200: { description: 'Signed in; `Set-Cookie` carries the session.', json: sessionSchema, headers: z.object({ 'Set-Cookie': z.string() }) },
          401: { description: 'Wrong username or password (or a disabled user): the same answer for each.' },
          429: { description: 'Too many failed sign-ins for this username or from this address; `Retry-After` says when to try again.' },
        },
      },
      async ({ body, req }) => {
        const user = await verifyCredentials(deps.db, body.username, body.password);
        if (!user) throw new Problem(401, 'Wrong username or password', 'The username or the password is wrong.');
        const token = newSessionToken();
        const csrfToken = newSessionToken();
        const now = deps.now();
        const expiresAt = new Date(now.getTime() + settings.sessionMs);
        await openUserSession(deps.db, { tokenHash: hashSessionToken(token), userId: user.id, csrfToken, expiresAt, now });
        deps.logger.info({ userId: user.id, role: user.role }, 'signed in');
        return { status: 200, json: { user: sessionUser(user), csrfToken, expiresAt: expiresAt.toISOString() }, headers: { 'Set-Cookie': userSessionCookie(token, settings, secure(req)) } };
      },
    ),
    route(
      {
        method: 'get',
        path: '/v1/session',
        operationId: 'getSession',
        tag: 'People',
        summary: 'The person signed in with this browser’s session cookie',
        description: 'Answers from the cookie alone, with the session’s CSRF token (for a console page that was reloaded).',
        access: 'public',
        needs: ['database'],
        responses: { 200: { description: 'The live session.', json: sessionSchema }, 401: { description: NO_SESSION } },
      },
      async ({ req }) => {
        const live = await current(req);
        if (!live) throw new Problem(401, 'Unauthenticated', NO_SESSION);
        return { status: 200, json: { user: sessionUser(live.session.user), csrfToken: live.session.csrfToken, expiresAt: live.session.expiresAt.toISOString() } };
      },
    ),
    route(
      {
        method: 'delete',
        path: '/v1/session',
        operationId: 'signOut',
        tag: 'People',
        summary: 'Sign out: the session is revoked and its cookie cleared',
        description: `With a live session, \`${CSRF_HEADER}\` must carry its CSRF token. Without a session, answers 204 as well (nothing to do).`,
        access: 'public',
        needs: ['database'],
        responses: { 204: { description: 'Signed out (or there was no session).' }, 403: { description: 'CSRF token missing or wrong.' } },
      },
      async ({ req }) => {
        const live = await current(req);
        if (live) {
          const sent = req.get(CSRF_HEADER);
          if (!sent || !sameToken(sent, live.session.csrfToken)) throw new Problem(403, 'CSRF token missing or wrong', `Send the session's csrfToken in the ${CSRF_HEADER} header.`);
          await revokeUserSession(deps.db, hashSessionToken(live.token), deps.now());
          deps.logger.info({ userId: live.session.user.id }, 'signed out');
        }
        return { status: 204, headers: { 'Set-Cookie': clearedUserSessionCookie(secure(req)) } };
      },
    ),
  ];
}

/** Users management (admin) and the dossier access log (operator, admin). */
export function peopleRoutes(deps: ApiDeps): Route[] {
  return [
    route(
      {
        method: 'get',
        path: '/v1/users',
        operationId: 'listUsers',
        tag: 'People',
        summary: 'Console users, oldest first',
        description: 'Every user, disabled ones included (`disabledAt`). Password hashes are never returned.',
        access: ['admin'],
        needs: ['database'],
        responses: { 200: { description: 'The users.', json: z.object({ items: z.array(userSchema) }).meta({ id: 'UserList' }) } },
      },
      async () => ({ status: 200, json: { items: await listUsers(deps.db) } }),
    ),
    route(
      {
        method: 'post',
        path: '/v1/users',
        operationId: 'createUser',
        tag: 'People',
        summary: 'Create a console user (a desk officer, an agency officer, an operator or an admin)',
        description: 'A desk officer belongs to an office and an agency officer to an agency of the province data in use; operators and admins to neither. The person then acts exactly as an API key of that role would, and is named in what they do and read.',
        access: ['admin'],
        needs: ['database'],
        body: newUserBody,
        responses: {
          201: { description: 'Created. An office or agency closed by a reorganisation is taken (it may have cases to finish), with a note in `notes`.', json: createdUserSchema, headers: z.object({ Location: z.string() }) },
          409: { description: 'The username is taken (usernames compare in lower case).' },
          422: { description: 'Validation failed: every invalid field in `errors` (an unknown office or agency, a missing or superfluous one for the role, a field given twice included).' },
        },
      },
      async ({ body }) => {
        const { issues, notes } = newUserIssues(body, deps.now());
        if (issues.length) throw Problem.validation(issues);
        try {
          const user = await createUser(deps.db, body);
          deps.logger.info({ userId: user.id, role: user.role }, 'user created');
          return { status: 201, json: { ...user, ...(notes.length ? { notes } : {}) }, headers: { Location: `/v1/users/${user.id}` } };
        } catch (err) {
          if (err instanceof UsernameTaken) throw new Problem(409, 'Username taken', 'Another user has this username.', [{ path: 'username', message: 'taken' }]);
          throw err;
        }
      },
    ),
    route(
      {
        method: 'delete',
        path: '/v1/users/{userId}',
        operationId: 'disableUser',
        tag: 'People',
        summary: 'Disable a user: no more sign-ins, every session revoked at once',
        description: 'The user stays in the list (and in the records naming them) with `disabledAt`. Disabling again changes nothing.',
        access: ['admin'],
        needs: ['database'],
        params: z.object({ userId: z.uuid() }),
        responses: { 200: { description: 'The user, disabled.', json: userSchema }, 404: { description: 'No such user.' }, 409: { description: 'An admin cannot disable themselves.' } },
      },
      async ({ params, principal }) => {
        if (principal.userId === params.userId) throw new Problem(409, 'Cannot disable yourself', 'Another admin must disable this account.');
        if (!(await getUser(deps.db, params.userId))) throw new Problem(404, 'User not found');
        const user = await disableUser(deps.db, params.userId, deps.now());
        deps.logger.info({ userId: params.userId, by: principal.keyId }, 'user disabled');
        return { status: 200, json: user };
      },
    ),
    route(
      {
        method: 'get',
        path: '/v1/access-log',
        operationId: 'listDossierAccess',
        tag: 'People',
        summary: 'Who read which dossier, newest first',
        description:
          'Every read of a dossier’s personal data: the case with its dossier (`GET /v1/cases/{caseCode}` by its desk), each form (JSON or PDF) and the tracking book (one row per case it listed), naming the person (or the API key) and when. Pages with `limit` and `cursor`.',
        access: ['operator', 'admin'],
        needs: ['database'],
        query: accessQuery,
        responses: { 200: { description: 'One page of the log.', json: accessListSchema } },
      },
      async ({ query: q }) => {
        return { status: 200, json: accessLogPage(await listDossierAccess(deps.db, accessLogFilter(q))) };
      },
    ),
  ];
}
