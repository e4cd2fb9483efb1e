import type { Role } from '../../prisma/api-keys';
import { JsonSchema, ref } from './request-schemas';

/** Who may call an operation: `public` (no key) or the roles whose key is accepted. */
export type Access = 'public' | readonly Role[];

export interface OperationSpec {
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  access: Access;
  /** Extra sentence on what each role sees or may do, appended to the role line. */
  roleNote?: string;
  parameters?: JsonSchema[];
  /** Component name of the JSON request body. */
  body?: string;
  bodyRequired?: boolean;
  ok: { status: number; description: string; schema: JsonSchema; headers?: Record<string, JsonSchema> };
  /** Problem responses by status, beyond the ones every operation of its kind has. */
  problems?: Record<number, string | { description: string; schema: JsonSchema }>;
}

export const bearerScheme = {
  type: 'http',
  scheme: 'bearer',
  description:
    '`Authorization: Bearer <api key>`. The key decides the role: `desk` (a one-stop desk, bộ phận một cửa, bound to one office), `agency` (a competent agency, bound to one agency code) or `operator` (reads everything). Keys are created with `npm run keys:create`.',
};

export const problemResponse = (description: string, schema: JsonSchema = ref('Problem')): JsonSchema => ({
  description,
  content: { 'application/problem+json': { schema } },
});

export const pathParam = (name: string, description: string, schema: JsonSchema): JsonSchema => ({ name, in: 'path', required: true, description, schema });
export const queryParam = (name: string, description: string, schema: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ name, in: 'query', required: false, description, schema, ...extra });

function roleLine(access: Access, note?: string): string {
  const who = access === 'public' ? 'Public: no API key needed.' : `Role: ${access.map((r) => `\`${r}\``).join(', ')} ${access.length > 1 ? 'keys' : 'key'} only.`;
  return note ? `${who} ${note}` : who;
}

/** Turns a spec into an OpenAPI operation, adding the problems every operation of its kind can produce. */
export function operation(spec: OperationSpec): JsonSchema {
  const isPublic = spec.access === 'public';
  const responses: Record<string, JsonSchema> = {
    [String(spec.ok.status)]: {
      description: spec.ok.description,
      ...(spec.ok.headers ? { headers: spec.ok.headers } : {}),
      content: { 'application/json': { schema: spec.ok.schema } },
    },
  };
  if (spec.body) responses['400'] = problemResponse('Malformed JSON: the body is not valid JSON.');
  if (!isPublic) responses['401'] = problemResponse('Unauthenticated: no `Authorization: Bearer` header, or the key is unknown or revoked.');
  for (const [status, p] of Object.entries(spec.problems ?? {})) {
    responses[status] = typeof p === 'string' ? problemResponse(p) : problemResponse(p.description, p.schema);
  }
  if (spec.body) responses['413'] = problemResponse('Payload too large: bodies are limited to 256 kB.');
  responses['500'] = problemResponse('Internal error; it has been logged and no details are returned.');
  const sorted = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));

  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: `${spec.description}\n\n${roleLine(spec.access, spec.roleNote)}`,
    security: isPublic ? [] : [{ bearerAuth: [] }],
    ...(spec.parameters?.length ? { parameters: spec.parameters } : {}),
    ...(spec.body ? { requestBody: { required: spec.bodyRequired ?? true, content: { 'application/json': { schema: ref(spec.body) } } } } : {}),
    responses: sorted,
  };
}
