import { z } from 'zod';
import { lineText, unstorableTexts } from '../../domain';
import { closeCodecSession, findCodecSession, listCodecAccess, openCodecSession, recordCodecAccess } from '../../prisma/codec';
import { clearedSessionCookie, SESSION_MS, sessionCookie, sessionToken } from '../codec-http';
import { hashSessionToken, newSessionToken } from '../cookie-session';
import { codecPage } from '../codec-page';
import { decodeForOperator, encodePayloads, payloadsBodySchema } from '../codec-payloads';
import type { ApiDeps } from '../deps';
import { accessLogFilter, accessLogPage, accessLogQuery } from '../http/cursor';
import { Route, route } from '../http/route';
import { Problem } from '../problem';

// The codec server (the protocol of the Temporal Web UI and CLI) on the API's port, its sign-in
// page and session for browsers, and the access log of its decodes.

const namespaceHeaders = z.object({
  'X-Namespace': z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,255}$/, 'must be a Temporal namespace')
    .optional()
    .meta({ description: 'The namespace the payloads come from (the Web UI and CLI send it); recorded in the access log.' }),
});
// The Web UI adds query flags of its own (e.g. preserveStorageRefs); they change nothing here, but
// like every text the API takes they may not carry control characters or broken Unicode.
const flag = lineText({ max: 200 });
const codecQuery = z
  .object({ preserveStorageRefs: flag.optional() })
  .catchall(z.union([flag, z.array(flag)]))
  .superRefine((q, ctx) => {
    // Their names too (the values are checked above; this runs only once they passed).
    for (const issue of unstorableTexts(q)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

const sessionSchema = z.object({ expiresAt: z.iso.datetime() }).meta({ id: 'CodecSession', description: 'A live codec session: when it ends.' });

const accessQuery = accessLogQuery('Decodes that revealed this case.');
const accessEntrySchema = z
  .object({
    id: z.string(),
    apiKeyId: z.string().meta({ description: 'The operator key that decoded (directly or through its browser session).' }),
    namespace: z.string().nullable(),
    caseCodes: z.array(z.string()).meta({ description: 'Case codes found in the decoded payloads.' }),
    payloadCount: z.number().int().min(0),
    at: z.iso.datetime(),
  })
  .meta({ id: 'CodecAccess' });
const accessListSchema = z.object({ items: z.array(accessEntrySchema), nextCursor: z.string().nullable() }).meta({ id: 'CodecAccessList' });


export function codecRoutes(deps: ApiDeps): { codec: Route[]; v1: Route[] } {
  const secure = (req: { secure: boolean }) => req.secure || (deps.codecServer.secureCookies ?? false);
  const payloadsOk = { description: 'The payloads, in the same order.', json: payloadsBodySchema };
  const codec: Route[] = [
    route(
      {
        method: 'post',
        path: '/codec/decode',
        operationId: 'codecDecode',
        tag: 'Codec',
        summary: 'Decode payloads (Temporal codec server protocol)',
        description:
          'Decrypts `binary/encrypted` payloads with the key each names; other payloads come back unchanged. In JSON payloads the personal fields of results (the child’s personal ID, the health-insurance card number) read `[hidden]`. Every decode is written to the access log with the case codes found in the payloads.',
        access: ['operator'],
        sessionCookie: true,
        roleNote: 'The Temporal Web UI sends the session cookie of `POST /codec/session`; the CLI sends the key.',
        needs: ['database'],
        headers: namespaceHeaders,
        query: codecQuery,
        body: payloadsBodySchema,
        responses: { 200: payloadsOk, 422: { description: 'A malformed body (a field given twice included), or payloads that cannot be decoded (unknown key id, altered data), each in `errors`.' } },
      },
      async ({ principal, headers, body }) => {
        const decoded = decodeForOperator(deps.payloadCodec, body.payloads);
        if (decoded.issues.length) throw Problem.validation(decoded.issues, 'Some payloads cannot be decoded; every one is listed in errors.');
        // Written before anything is answered: no decode without its record.
        await recordCodecAccess(deps.db, { apiKeyId: principal.keyId, namespace: headers['X-Namespace'] ?? null, caseCodes: decoded.caseCodes, payloadCount: body.payloads.length, at: deps.now() });
        return { status: 200, json: { payloads: decoded.payloads } };
      },
    ),
    route(
      {
        method: 'post',
        path: '/codec/encode',
        operationId: 'codecEncode',
        tag: 'Codec',
        summary: 'Encode payloads (Temporal codec server protocol)',
        description: 'Encrypts each payload with the current key, as the engine does (for what an operator sends to a workflow from the Web UI or CLI).',
        access: ['operator'],
        sessionCookie: true,
        headers: namespaceHeaders,
        query: codecQuery,
        body: payloadsBodySchema,
        responses: { 200: payloadsOk },
      },
      async ({ body }) => ({ status: 200, json: { payloads: await encodePayloads(deps.payloadCodec, body.payloads) } }),
    ),
    route(
      {
        method: 'get',
        path: '/codec',
        operationId: 'codecSignInPage',
        tag: 'Codec',
        summary: 'The sign-in page for the Temporal Web UI’s codec session (Vietnamese and English)',
        description: 'An operator pastes an operator API key; the page opens a session (`POST /codec/session`) whose cookie the Web UI sends with “Include cross-origin credentials”.',
        access: 'public',
        responses: { 200: { description: 'The page.', alternatives: { 'text/html': 'The sign-in page.' } } },
      },
      async () => ({ status: 200, html: codecPage.html, headers: { 'Content-Security-Policy': codecPage.contentSecurityPolicy } }),
    ),
    route(
      {
        method: 'post',
        path: '/codec/session',
        operationId: 'openCodecSession',
        tag: 'Codec',
        summary: 'Open a codec session for this browser with an operator key',
        description: `Sets an HttpOnly, SameSite=Lax cookie (\`ltk_codec_session\`, path \`/codec\`, ${SESSION_MS / 3_600_000} hours) holding a random token; only its SHA-256 is stored. Failed attempts count against the failed-authentication limit.`,
        access: 'public',
        roleNote: 'The operator API key goes in the body, not in a header.',
        needs: ['database'],
        body: z.strictObject({ apiKey: z.string().min(1).max(200).meta({ description: 'An operator API key.' }) }),
        responses: {
          201: { description: 'The session is open; `Set-Cookie` carries it.', json: sessionSchema, headers: z.object({ 'Set-Cookie': z.string() }) },
          401: { description: 'The key is unknown or revoked.' },
          403: { description: 'Not an operator key.' },
          429: { description: 'Too many failed authentications from this address.' },
        },
      },
      async ({ req }) => {
        const p = req.principal;
        if (!p) throw req.authFailure ?? new Problem(401, 'Unauthenticated', 'The API key is unknown or revoked.');
        if (p.role !== 'operator') throw new Problem(403, 'Forbidden', 'Only an operator key opens a codec session.');
        const token = newSessionToken();
        const now = deps.now();
        const expiresAt = new Date(now.getTime() + SESSION_MS);
        await openCodecSession(deps.db, { tokenHash: hashSessionToken(token), apiKeyId: p.keyId, expiresAt, now });
        deps.logger.info({ keyId: p.keyId }, 'codec session opened');
        return { status: 201, json: { expiresAt: expiresAt.toISOString() }, headers: { 'Set-Cookie': sessionCookie(token, expiresAt, secure(req)) } };
      },
    ),
    route(
      {
        method: 'get',
        path: '/codec/session',
        operationId: 'getCodecSession',
        tag: 'Codec',
        summary: 'This browser’s codec session, if one is open',
        description: 'Answers from the session cookie alone.',
        access: 'public',
        needs: ['database'],
        responses: { 200: { description: 'The session is open.', json: sessionSchema }, 401: { description: 'No open session.' } },
      },
      async ({ req }) => {
        const token = sessionToken(req);
        const session = token ? await findCodecSession(deps.db, hashSessionToken(token), deps.now()) : undefined;
        if (!session || session.principal.role !== 'operator') throw new Problem(401, 'Unauthenticated', 'No open codec session in this browser.');
        return { status: 200, json: { expiresAt: session.expiresAt.toISOString() } };
      },
    ),
    route(
      {
        method: 'delete',
        path: '/codec/session',
        operationId: 'closeCodecSession',
        tag: 'Codec',
        summary: 'Close this browser’s codec session',
        description: 'Deletes the session and clears its cookie.',
        access: 'public',
        needs: ['database'],
        responses: { 204: { description: 'Closed (or there was none).' } },
      },
      async ({ req }) => {
        const token = sessionToken(req);
        if (token) await closeCodecSession(deps.db, hashSessionToken(token));
        return { status: 204, headers: { 'Set-Cookie': clearedSessionCookie(secure(req)) } };
      },
    ),
  ];

  const v1: Route[] = [
    route(
      {
        method: 'get',
        path: '/v1/codec/access-log',
        operationId: 'listCodecAccess',
        tag: 'Codec',
        summary: 'Who decoded which cases’ payloads, newest first',
        description: 'Every decode through the codec server: the API key (directly or through its browser session), the case codes found in the payloads, the namespace, the number of payloads, when. Pages with `limit` and `cursor`.',
        access: ['operator', 'admin'],
        needs: ['database'],
        query: accessQuery,
        responses: { 200: { description: 'One page of the access log.', json: accessListSchema } },
      },
      async ({ query: q }) => {
        return { status: 200, json: accessLogPage(await listCodecAccess(deps.db, accessLogFilter(q))) };
      },
    ),
  ];
  return { codec, v1 };
}
