import { OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// The HTTP door: requests that are malformed before any route reads them — a broken
// percent-encoding in the path, a control character in a header, a body that is not JSON, a
// method the path does not have, a missing or wrong key — get a precise RFC 9457 problem, never a
// 5xx, a bare parser answer or a 404 that hides the route.

const CASE_CODE = `${OFFICE}-261207-0026`;
/** Bytes that are not UTF-8 (0xFF), and a lone surrogate encoded as UTF-8 (CESU). */
const BAD_ENCODINGS = ['%FF', '%ED%A0%80'];
const METHODS = ['get', 'post', 'put', 'delete'] as const;

interface Declared {
  path: string;
  methods: string[];
  params: string[];
}

/** Every declared path of the OpenAPI document, with its methods and path parameters. */
async function declaredPaths(sys: TestSystem): Promise<Declared[]> {
  const doc = (await sys.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).map(([path, item]) => ({
    path,
    methods: METHODS.filter((m) => m in item),
    params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
  }));
}

/** A concrete path: each parameter gets a plausible value unless given. */
const fill = (path: string, values: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? (name === 'caseCode' ? CASE_CODE : name === 'officeCode' ? OFFICE : 'x1'));

describe('the HTTP door', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual', devUsers: true });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a path parameter is not percent-encoded UTF-8, then every declared route answers 422 naming that parameter, never 5xx', async () => {
    const answers: unknown[] = [];
    const expected: unknown[] = [];
    for (const d of await declaredPaths(sys)) {
      for (const method of d.methods) {
        for (const param of d.params) {
          for (const bad of BAD_ENCODINGS) {
            const url = fill(d.path, { [param]: param === 'caseCode' ? `${OFFICE}-261207-00${bad}26` : `ab${bad}cd` });
            const res = await sys.call(method.toUpperCase(), url, { key: sys.keys.operator });
            answers.push({ method, url, status: res.status, type: res.headers.get('content-type'), errors: res.body?.errors });
            expected.push({ method, url, status: 422, type: 'application/problem+json; charset=utf-8', errors: [{ path: param, message: 'must be valid percent-encoded UTF-8' }] });
          }
        }
      }
    }
    expect(answers.length).toBeGreaterThanOrEqual(40);
    expect(answers).toEqual(expected);
  });

  test('When the path differs from its declaration only in case or a trailing slash (Express matches it), then the parameter is still named', async () => {
    const res = await sys.call('GET', '/V1/Cases/%FF/', { key: sys.keys.operator });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 422, errors: [{ path: 'caseCode', message: 'must be valid percent-encoded UTF-8' }] });
  });
});
