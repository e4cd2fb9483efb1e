import { createApp, type ApiDeps } from '../../api/app';
import { openApiDocument } from '../../api/openapi';
import { CATALOGUE_VERSIONS, RESULT_SCHEMAS } from '../../domain';

type Json = Record<string, unknown>;
interface RouteLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: RouteLayer[] };
  rawPath?: unknown;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD /path` of every route registered in an Express 5 router stack, nested routers included. */
function walk(stack: RouteLayer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m] && m !== '_all');
      return paths.flatMap((p) => methods.map((m) => `${m.toUpperCase()} ${prefix}${p}`));
    }
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return walk(layer.handle.stack, prefix + mount);
    }
    return [];
  });
}

const toOpenApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

function appRoutes(): string[] {
  // The routes are only registered, never called: the deps are placeholders.
  const deps = { db: {}, temporal: {}, taskQueue: 'test', subjectKeySecret: 'test', logger: { error: () => undefined }, now: () => new Date() } as unknown as ApiDeps;
  const app = createApp(deps) as unknown as { router: { stack: RouteLayer[] } };
  return walk(app.router.stack).map((r) => {
    const [method, path] = r.split(' ') as [string, string];
    return `${method} ${toOpenApiPath(path)}`;
  });
}

const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> } };

function documentedOperations(): [string, Json][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, op]): [string, Json] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

/** Follows a local `$ref` (`#/components/schemas/X`) to the schema it names. */
function resolve(schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const target = ref.replace('#/', '').split('/').reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
  if (!target) throw new Error(`unresolved ${ref}`);
  return resolve(target as Json);
}

describe('OpenAPI document', () => {
  const routes = appRoutes();
  const operations = documentedOperations();
  const documented = operations.map(([key]) => key);

  it('is OpenAPI 3.1 and built once', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(openApiDocument()).toBe(doc);
  });

  it('finds the routes of the app', () => {
    expect(routes.length).toBeGreaterThanOrEqual(12);
    expect(routes).toEqual(expect.arrayContaining(['GET /healthz', 'GET /openapi.json', 'POST /v1/cases', 'POST /v1/cases/{caseCode}/steps/{stepId}/complete']));
  });

  it('documents every route the app serves, with its method', () => {
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('documents no endpoint the app does not serve', () => {
    expect(documented.filter((d) => !routes.includes(d))).toEqual([]);
  });

  it('requires the bearer key on every /v1 operation and none elsewhere', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [key, op] of operations) {
      const security = op.security as Json[];
      if (key.split(' ')[1]!.startsWith('/v1/')) {
        expect({ key, security }).toEqual({ key, security: expect.arrayContaining([{ bearerAuth: [] }]) });
        expect({ key, has401: '401' in (op.responses as Json) }).toEqual({ key, has401: true });
      } else {
        expect({ key, security }).toEqual({ key, security: [] });
      }
    }
  });

  it('declares every path parameter of each path template', () => {
    for (const [key, op] of operations) {
      const inPath = [...key.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = ((op.parameters as Json[] | undefined) ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect({ key, declared }).toEqual({ key, declared: inPath });
    }
  });

  it('derives the receipt body from caseRequestSchema', () => {
    const body = (doc.paths['/v1/cases']!.post!.requestBody as { content: Record<string, { schema: Json }> }).content['application/json']!.schema;
    const schema = resolve(body);
    expect(schema.required).toEqual(expect.arrayContaining(['group', 'procedures', 'receivingOffice', 'channel', 'resultDelivery', 'applicant']));
    expect(schema.additionalProperties).toBe(false);
    const params = doc.paths['/v1/cases']!.post!.parameters as Json[];
    expect(params).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
  });

  it('documents the duplicate refusal with existingCaseCode as problem+json', () => {
    const conflict = (doc.paths['/v1/cases']!.post!.responses as Record<string, { content: Json }>)['409']!;
    expect(Object.keys(conflict.content)).toEqual(['application/problem+json']);
    expect(JSON.stringify(conflict)).toContain('existingCaseCode');
    expect(resolve({ $ref: '#/components/schemas/Problem' }).properties).toHaveProperty('code');
  });

  it('offers a result schema for every result kind, and every kind the catalogue uses exists', () => {
    const oneOf = (doc.components.schemas.StepResult!.oneOf as Json[]).map(resolve);
    expect(oneOf.map((s) => s.title).sort()).toEqual(Object.keys(RESULT_SCHEMAS).sort());
    const used = CATALOGUE_VERSIONS.flatMap((c) => c.groups.flatMap((g) => g.procedures.map((p) => p.resultKind)));
    expect(used.filter((kind) => !(kind in RESULT_SCHEMAS))).toEqual([]);
  });

  it('has no dangling $ref', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) expect(() => resolve({ $ref: ref })).not.toThrow();
  });
});
