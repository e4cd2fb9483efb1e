import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { FieldIssue, issuePath, noncharacterTexts, zodIssues } from '../../domain';
import type { Principal, Role } from '../../prisma/api-keys';
import { Problem } from '../problem';
import { unsupportedBody } from './media-type';

// Each route is declared once: method, path, who may call it, its parameters, body and responses
// as zod schemas. From the declaration come the request validation (here), the OpenAPI document
// (api/http/openapi.ts, through zod-openapi) and the tests' typed client (openapi-typescript over
// that document); in tests every answer is also checked against its declared schema.

export type Access = 'public' | readonly Role[];
/** What a route needs up to answer; while one is down the route answers 503 with Retry-After. */
export type Dependency = 'database' | 'temporal';

type AnyObject = z.ZodType<Record<string, unknown>>;

export interface ResponseSpec {
  description: string;
  /** The JSON body, if any. */
  json?: z.ZodType;
  /** Other media types this status may answer with (e.g. the PDF of a form). */
  alternatives?: Record<string, string>;
  headers?: AnyObject;
  /** Problem bodies use application/problem+json; their schema may add fields to Problem. */
  problem?: z.ZodType;
}

export interface RouteSpec<P extends AnyObject | undefined = AnyObject | undefined, Q extends AnyObject | undefined = AnyObject | undefined, H extends AnyObject | undefined = AnyObject | undefined, B extends z.ZodType | undefined = z.ZodType | undefined> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `/v1/cases/{caseCode}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  access: Access;
  /** The codec server's browser session (cookie) is accepted as well as the Bearer key. */
  sessionCookie?: boolean;
  /** Who may see or do what beyond the role line. */
  roleNote?: string;
  needs?: readonly Dependency[];
  params?: P;
  query?: Q;
  /** Request headers by their canonical name (e.g. `Idempotency-Key`). */
  headers?: H;
  body?: B;
  /** How the body is sent: JSON (default) or an HTML form (`application/x-www-form-urlencoded`). */
  bodyType?: 'json' | 'form';
  /**
   * The handler validates the body itself against `body` plus rules that need more than the body
   * (the receipt: the catalogue in force), so that every bad field is reported at once.
   */
  bodyValidatedByHandler?: boolean;
  responses: Record<number, ResponseSpec>;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteContext<S extends RouteSpec> {
  params: Out<S['params']>;
  query: Out<S['query']>;
  headers: Out<S['headers']>;
  /** Validated body, or the raw body when `bodyValidatedByHandler`. */
  body: S['bodyValidatedByHandler'] extends true ? unknown : Out<S['body']>;
  /** Undefined only on public routes. */
  principal: Principal;
  req: Request;
}

export type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; pdf: Buffer; filename: string; headers?: Record<string, string> }
  | { status: number; html: string; headers?: Record<string, string> }
  | { status: number; text: string; contentType: string; headers?: Record<string, string> }
  /** A download (a CSV or XLSX export): sent as an attachment named `filename`. */
  | { status: number; file: Buffer; contentType: string; filename: string; headers?: Record<string, string> }
  /** No body: 204, or a redirect (303 with a Location header). */
  | { status: 204 | 303; headers?: Record<string, string> };

export interface Route<S extends RouteSpec = RouteSpec> {
  spec: S;
  handle(ctx: RouteContext<S>): Promise<Reply>;
}

export function route<const S extends RouteSpec>(spec: S, handle: (ctx: RouteContext<S>) => Promise<Reply>): Route<S> {
  return { spec, handle };
}

/** `/v1/cases/{caseCode}` → `/v1/cases/:caseCode` */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

function parsePart(schema: z.ZodType | undefined, value: unknown, issues: FieldIssue[]): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  issues.push(...zodIssues(r.error));
  return undefined;
}

function headerValues(req: Request, schema: AnyObject | undefined): Record<string, string | undefined> {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
  return Object.fromEntries(Object.keys(shape).map((name) => [name, req.get(name)]));
}

function authorize(req: Request, access: Access): Principal {
  if (access === 'public') return req.principal as Principal;
  const p = req.principal;
  if (!p) throw new Problem(401, 'Unauthenticated', 'Send Authorization: Bearer <api key>, or sign in (POST /v1/session).');
  if (!access.includes(p.role)) throw new Problem(403, 'Forbidden', `This call is for ${access.join(' or ')} ${p.userId ? 'users' : 'keys'}.`);
  return p;
}

export interface MountOptions {
  /** Checks every JSON answer against its declared schema (tests): a mismatch is a 500. */
  validateResponses: boolean;
  /** Answers 503 before doing anything while a dependency the route needs is known to be down. */
  available(dependency: Dependency): boolean;
  retryAfterSeconds: number;
  /** Handlers still running (their caller may have gone): stopping the API waits for them before Temporal's connection closes. */
  inFlight?: Set<Promise<unknown>>;
}

function send(res: Response, spec: RouteSpec, reply: Reply, o: MountOptions): void {
  if (reply.headers) res.set(reply.headers);
  if ('pdf' in reply) {
    res.status(reply.status).type('application/pdf').set('Content-Disposition', `inline; filename="${reply.filename}"`).send(reply.pdf);
    return;
  }
  if ('file' in reply) {
    // Vietnamese file names: an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 8187).
    const ascii = reply.filename.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
    res
      .status(reply.status)
      .type(reply.contentType)
      .set('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(reply.filename)}`)
      .send(reply.file);
    return;
  }
  if ('html' in reply) {
    res.status(reply.status).type('html').send(reply.html);
    return;
  }
  if ('text' in reply) {
    res.status(reply.status).type(reply.contentType).send(reply.text);
    return;
  }
  if (!('json' in reply)) {
    res.status(reply.status).end();
    return;
  }
  const declared = spec.responses[reply.status]?.json;
  if (o.validateResponses) {
    if (!declared) throw new Error(`${spec.operationId} answered ${reply.status}, which it does not declare`);
    const r = declared.safeParse(reply.json);
    if (!r.success) throw new Error(`${spec.operationId} answered ${reply.status} against its declaration: ${JSON.stringify(zodIssues(r.error)).slice(0, 2000)}`);
  }
  res.status(reply.status).json(reply.json);
}

/** Registers a declared route: role check, dependency check, validation of every part, then the handler. */
export function mount(router: Router, r: Route, o: MountOptions): void {
  const { spec } = r;
  router[spec.method](expressPath(spec.path), async (req: Request, res: Response) => {
    const principal = authorize(req, spec.access);
    const unsupported = unsupportedBody(req, spec);
    if (unsupported) throw unsupported;
    const down = (spec.needs ?? []).filter((d) => !o.available(d));
    if (down.length > 0) {
      throw Problem.unavailable(`The ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} unreachable; nothing was done. Try again later.`, o.retryAfterSeconds);
    }
    const issues: FieldIssue[] = [];
    const params = parsePart(spec.params, req.params, issues);
    const query = parsePart(spec.query, req.query, issues);
    // A /v1 route that declares no query takes none, as a declared query takes no unknown name; pages,
    // probes and the codec server ignore what links, monitors and the Web UI add.
    if (!spec.query && spec.path.startsWith('/v1/')) issues.push(...Object.keys(req.query as object).map((name) => ({ path: name, message: 'unknown field: this route takes no query parameters' })));
    const headers = parsePart(spec.headers, headerValues(req, spec.headers), issues);
    // Any JSON value is parsed (null, a number): every body is an object, so anything else is named as the body.
    const notObject = spec.body !== undefined && req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body));
    if (notObject) issues.push({ path: '', message: 'must be a JSON object' });
    const body = notObject ? undefined : spec.bodyValidatedByHandler ? req.body : parsePart(spec.body, req.body ?? {}, issues);
    // A supplementary-plane noncharacter anywhere in the request (the text builders, which
    // workflows also run on replay, keep their released rule: domain/text.ts).
    // (The rating form's fields are judged by its handler, which answers browsers with a page.)
    for (const i of [req.params, req.query, spec.bodyType === 'form' ? undefined : req.body].flatMap((part) => noncharacterTexts(part))) {
      const path = issuePath(i.path);
      if (!issues.some((known) => known.path === path)) issues.push({ path, message: i.message });
    }
    if (issues.length > 0) throw Problem.validation(issues);
    const handling = r.handle({ params, query, headers, body, principal, req } as RouteContext<RouteSpec>);
    o.inFlight?.add(handling);
    try {
      send(res, spec, await handling, o);
    } finally {
      o.inFlight?.delete(handling);
    }
  });
}
