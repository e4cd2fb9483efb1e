import { Problem, safeText } from '../../api/problem';

// Problems name fields by their path, which may be a caller's own key: what is sent back must not
// carry raw controls, invisible or bidirectional characters, or lone surrogates.

describe('safe text in problems', () => {
  test.each([
    ['a NUL and a lone high surrogate', 'x\u0000\ud800', 'x\\u0000\\ud800'],
    ['a lone low surrogate', 'a\udc00b', 'a\\udc00b'],
    ['a bidi override and a zero-width space', 'a\u202eb\u200bc', 'a\\u202eb\\u200bc'],
    ['DEL, a C1 control and a line separator', 'a\u007f\u0085\u2028', 'a\\u007f\\u0085\\u2028'],
    ['a tag character (outside the BMP)', 'a\u{e0041}', 'a\\u{e0041}'],
    ['Vietnamese and an emoji (a surrogate pair)', 'họ tên 😀', 'họ tên 😀'],
  ])('When text holds %s, then it is escaped where needed', (_label, text, sent) => {
    expect(safeText(text)).toBe(sent);
  });

  test('When a path is longer than 100 code points, then it is cut there without splitting a pair', () => {
    expect(safeText(`${'😀'.repeat(150)}`, 100)).toBe(`${'😀'.repeat(100)}…`);
  });

  test('When a problem is built, then its errors and detail are made safe in one place', () => {
    const p = Problem.validation([{ path: `x\u0000${'k'.repeat(200)}`, message: 'unknown field' }], 'bad\u202e');
    expect(p.errors).toEqual([{ path: `x\\u0000${'k'.repeat(98)}…`, message: 'unknown field' }]);
    expect(p.detail).toBe('bad\\u202e');
  });
});
