import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { openApiDocument } from '../../api/routes';

const ROOT = path.resolve(__dirname, '../..');

describe('the typed client is derived from the route declarations', () => {
  // openapi-typescript is ESM inside: it runs under tsx, not in jest's CommonJS sandbox.
  test('When the API types are generated from the OpenAPI document, then they equal the committed file (run `npm run openapi:types` after changing a route)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/openapi-types.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  test('When the document is built, then every operation has an id, every /v1 operation but the sign-in session needs a key or a session cookie and can answer 401 and 429', () => {
    const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, { operationId?: string; security?: unknown[]; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([method, op]) => ({ path: p, method, op })));
    expect(operations.length).toBeGreaterThanOrEqual(18);
    expect(new Set(operations.map((o) => o.op.operationId)).size).toBe(operations.length);
    for (const { path: p, op } of operations.filter((o) => o.path.startsWith('/v1/') && o.path !== '/v1/session')) {
      expect({ path: p, security: op.security }).toEqual({ path: p, security: [{ bearerAuth: [] }, { userSession: [] }] });
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '429', '500']));
    }
    // Signing in is public, and slowed after failures.
    const session = doc.paths['/v1/session']!;
    expect(Object.fromEntries(Object.entries(session).map(([m, op]) => [m, op.security]))).toEqual({ post: [], get: [], delete: [] });
    expect(Object.keys(session.post!.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
  });
});
