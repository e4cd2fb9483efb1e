import { duplicateKeysProblem } from '../../api/http/json-body';
import { duplicateKeys, MAX_DUPLICATES_LISTED, MAX_JSON_DEPTH } from '../../platform/json-text';
import { issuePath } from '../../domain';

// A JSON body in which an object names a member twice is refused: JSON.parse would keep the last
// value silently. The scanner reads the text JSON.parse accepted and names every such field by
// its path, comparing names after unescaping, exactly.

const paths = (json: string | Buffer) => duplicateKeys(json).paths;

/** `s` as a JSON string with every character escaped as \uXXXX. */
const escaped = (s: string) => `"${Array.from({ length: s.length }, (_, i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;

describe('duplicate member names in a JSON body', () => {
  test.each([
    ['an object', '{"a":1,"b":{"a":1},"c":[{"a":1},{"a":2}]}'],
    ['the same name in sibling objects of an array', '[{"x":1,"y":2},{"x":1,"y":2}]'],
    ['names that differ only in case', '{"fullName":"A","FullName":"B","fullname":"C"}'],
    ['names in NFC and NFD (compared exactly)', '{"\u00e9":1,"e\u0301":2}'],
    ['braces, quotes and escaped quotes inside strings', '{"a":"{\\"a\\":1,\\"a\\":2}","b":"\\\\","c":"}]","d":"\\\\\\""}'],
    ['a string that looks like an object with a repeated name', '"{\\"a\\":1,\\"a\\":2}"'],
    ['a backslash before the closing quote of a name', '{"a\\\\":1,"a":2,"a\\\\\\\\":3}'],
    ['null', 'null'],
    ['a number', '-1.5e+3'],
    ['true', 'true'],
    ['a string', '"text"'],
    ['an empty array', '[]'],
    ['an array of scalars', '[1,"a",null,false]'],
    ['an empty object', '{}'],
    ['empty', ''],
  ])('When a body is %s with no name given twice in one object, then nothing is found', (_label, json) => {
    expect(() => JSON.parse(json || '{}')).not.toThrow();
    expect(duplicateKeys(json)).toEqual({ paths: [], more: false });
  });

  test('When a top-level field is given twice, or thrice, then it is named once', () => {
    expect(paths('{"group":"death","group":"birth"}')).toEqual(['group']);
    expect(paths('{"a":1,"a":2,"a":3,"b":0}')).toEqual(['a']);
  });

  test.each([
    ['\\u0061 and a', '{"a":1,"\\u0061":2}', ['a']],
    ['upper-case hex digits', '{"\\u00C9":1,"\u00c9":2}', ['\u00c9']],
    ['an escaped quote and \\u0022', '{"\\"":1,"\\u0022":2}', ['"']],
    ['an escaped solidus and a solidus', '{"/":1,"\\/":2}', ['/']],
    ['an escaped backslash and \\u005c', '{"\\\\":1,"\\u005c":2}', ['\\']],
    ['\\n and \\u000a', '{"\\n":1,"\\u000a":2}', ['\n']],
    ['a surrogate pair escaped and raw', '{"😀":1,"\\ud83d\\ude00":2}', ['😀']],
    ['a Vietnamese name escaped and raw', `{"họTên":1,${escaped('họTên')}:2}`, ['họTên']],
  ])('When a name is given twice, once escaped (%s), then it is one name', (_label, json, expected) => {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed)).toHaveLength(1);
    expect(paths(json)).toEqual(expected);
  });

  test('When nested objects and arrays give names twice in several places at once, then each is named by its path as other validation errors are', () => {
    const json = JSON.stringify({ a: 0, applicant: { fullName: 'X', phone: '0' }, steps: [{ agencyCode: 'A' }, { agencyCode: 'B', at: { x: 1 } }], m: [[{ z: 1 }]] })
      .replace('"a":0', '"a":0,"a":1')
      .replace('"fullName":"X"', '"fullName":"X","phone":"1","fullName":"Y"')
      .replace('"agencyCode":"B"', '"agencyCode":"B","agencyCode":"C"')
      .replace('"x":1', '"x":1,"x":2')
      .replace('"z":1', '"z":1,"z":2');
    expect(paths(json)).toEqual([
      'a',
      'applicant.fullName',
      'applicant.phone',
      'steps[1].agencyCode',
      'steps[1].at.x',
      'm[0][0].z',
    ]);
    // The same convention as every other field issue (domain/errors.ts).
    expect(paths(json)[3]).toBe(issuePath(['steps', 1, 'agencyCode']));
  });

  test('When a field holding objects is given twice and each holds a repeated name, then the field and the inner path are each named once', () => {
    expect(paths('{"x":{"a":1,"a":2},"x":{"a":1,"a":2,"a":3}}')).toEqual(['x.a', 'x']);
    expect(paths('[{"a":1,"a":2},{"a":1,"a":2}]')).toEqual(['[0].a', '[1].a']);
    expect(paths('{"":1,"":2,"__proto__":1,"__proto__":2}')).toEqual(['', '__proto__']);
  });

  test('When a body has a byte order mark, whitespace everywhere and Vietnamese text, then names are still compared', () => {
    const json = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{\r\n\t"họ tên" : "Trần",\n  "nested" : [ { "k" : 1 } , { "k" : 2 , "k" : 3 } ] ,\n "họ tên" : "Lê" }\n')]);
    expect(paths(json)).toEqual(['nested[1].k', 'họ tên']);
  });

  test('When random documents are generated with names repeated, escaped or not, then exactly the repeated paths are found', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const NAMES = ['a', 'b', 'é', '😀', '"', '\\', 'A'];
    const name = (n: string) => (random(2) ? JSON.stringify(n) : escaped(n));
    // Returns the text and adds the repeated paths it holds to `expected`.
    const value = (path: (string | number)[], depth: number, expected: Set<string>): string => {
      const kind = depth > 3 ? 2 : random(3);
      if (kind === 0) {
        const seen = new Set<string>();
        const members = Array.from({ length: random(5) }, () => {
          const n = NAMES[random(NAMES.length)]!;
          if (seen.has(n)) expected.add(issuePath([...path, n]));
          seen.add(n);
          return `${name(n)}:${value([...path, n], depth + 1, expected)}`;
        });
        return `{${members.join(',')}}`;
      }
      if (kind === 1) return `[${Array.from({ length: random(4) }, (_, i) => value([...path, i], depth + 1, expected)).join(',')}]`;
      return [JSON.stringify('{"a":1,"a":2}'), '1', 'null', '"\\""'][random(4)]!;
    };
    for (let round = 0; round < 300; round++) {
      const expected = new Set<string>();
      const json = value([], 0, expected);
      expect(() => JSON.parse(json)).not.toThrow();
      expect({ json, found: [...paths(json)].sort() }).toEqual({ json, found: [...expected].sort() });
    }
  });

  test('When a body is 8 MB with no repeated name, or one repeated at its end, then one pass finds it quickly', () => {
    const item = JSON.stringify({ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'eyJmdWxsTmFtZSI6IlRy4bqnbiJ9'.repeat(8), note: 'a "quoted" \\ text {"x":1,"x":2}' });
    const many = Array.from({ length: Math.ceil((8 * 1024 * 1024) / item.length) }, () => item);
    const clean = Buffer.from(JSON.stringify({ payloads: many }));
    expect(clean.length).toBeGreaterThan(8 * 1024 * 1024);
    const started = process.hrtime.bigint();
    expect(duplicateKeys(clean)).toEqual({ paths: [], more: false });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(3_000);
    const last = Buffer.from(`{"payloads":[${many.join(',')},{"data":"","data":""}]}`);
    expect(paths(last)).toEqual([`payloads[${many.length}].data`]);
  });

  test('When a body nests deeper than MAX_JSON_DEPTH (a million deep, say), then the scan stops there and says where, without overflowing', () => {
    const json = `${'['.repeat(1_000_000)}{"a":1,"a":2}${']'.repeat(1_000_000)}`;
    expect(duplicateKeys(json)).toEqual({ paths: [], more: false, tooDeepAt: '[0]'.repeat(MAX_JSON_DEPTH) });
    const problem = duplicateKeysProblem(json)!;
    expect(problem.detail).toBe(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    expect(problem.errors).toEqual([{ path: '[0]'.repeat(MAX_JSON_DEPTH), message: 'nests too deeply' }]);
    // At the limit itself it is read, and its fields judged.
    const deepest = `${'['.repeat(MAX_JSON_DEPTH - 1)}{"a":1,"a":2}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
    expect(duplicateKeys(deepest)).toEqual({ paths: [`${'[0]'.repeat(MAX_JSON_DEPTH - 1)}.a`], more: false });
  });

  test('When names are thousands of characters long, then paths are cut at 256', () => {
    const long = 'k'.repeat(10_000);
    const [inObjects] = paths(`${`{"${long}":`.repeat(20)}{"a":1,"a":2}${'}'.repeat(20)}`);
    expect(inObjects).toBe('k'.repeat(256));
  });

  test(`When a body repeats thousands of names, then the first ${MAX_DUPLICATES_LISTED} are named and the rest said to exist`, () => {
    const json = `{${Array.from({ length: 5000 }, (_, i) => `"f${i}":1,"f${i}":2`).join(',')}}`;
    const found = duplicateKeys(json);
    expect(found).toEqual({ paths: Array.from({ length: MAX_DUPLICATES_LISTED }, (_, i) => `f${i}`), more: true });
    const problem = duplicateKeysProblem(json)!;
    expect(problem.detail).toContain(`the first ${MAX_DUPLICATES_LISTED}`);
    expect(problem.errors).toHaveLength(MAX_DUPLICATES_LISTED);
  });

  test('When the problem is built, then it is the validation problem (422) naming each field, its path made safe', () => {
    expect(duplicateKeysProblem('{"a":1}')).toBeUndefined();
    const p = duplicateKeysProblem('{"applicant":{"fullName":"A","fullName":"B"},"x\\u0000":1,"x\\u0000":2}')!;
    expect({ status: p.status, title: p.title, errors: p.errors }).toEqual({
      status: 422,
      title: 'Validation failed',
      errors: [
        { path: 'applicant.fullName', message: 'must be given once' },
        { path: 'x\\u0000', message: 'must be given once' },
      ],
    });
    expect(p.detail).toBe('An object in the JSON body gives a field more than once; every such field is listed in errors.');
  });
});
