import { lineText, nameText, noncharacterTexts, unstorableTexts } from '../../domain/text';

// The text rules on noncharacters, code point by code point (the integration tests send them through every route).

const name = nameText({ max: 100 });
const line = lineText({ max: 100 });
const NOT_UNICODE = 'must be valid Unicode text (no lone surrogate, replacement character or noncharacter)';
const withCodePoint = (cp: number) => `Nguyễn${String.fromCodePoint(cp)}Văn An`;

describe('text the engine accepts', () => {
  const bmp = [0xfdd0, 0xfdef, 0xfffe, 0xffff];
  // Every supplementary plane's last two code points.
  const supplementary = Array.from({ length: 16 }, (_, i) => [(i + 1) * 0x10000 + 0xfffe, (i + 1) * 0x10000 + 0xffff]).flat();

  test.each(bmp.map((cp) => [`U+${cp.toString(16).toUpperCase()}`, cp]))('When a name or a line carries the noncharacter %s, then the field refuses it as not Unicode text', (_label, cp) => {
    for (const schema of [name, line]) expect(schema.safeParse(withCodePoint(cp as number)).error?.issues.map((i) => i.message)).toEqual([NOT_UNICODE]);
    expect(unstorableTexts({ note: withCodePoint(cp as number) })).toEqual([{ path: ['note'], message: NOT_UNICODE }]);
  });

  test.each(supplementary.map((cp) => [`U+${cp.toString(16).toUpperCase()}`, cp]))(
    'When a request carries the noncharacter %s anywhere, then the door refuses it naming its path; the field builders, which workflows run again on replay, keep their released rule',
    (_label, cp) => {
      const value = withCodePoint(cp as number);
      expect(noncharacterTexts({ applicant: { fullName: value }, list: ['ok', value] })).toEqual([
        { path: ['applicant', 'fullName'], message: NOT_UNICODE },
        { path: ['list', 1], message: NOT_UNICODE },
      ]);
      expect(unstorableTexts({ note: value })).toEqual([{ path: ['note'], message: NOT_UNICODE }]);
      // An answer a history recorded before this rule must still parse on replay.
      expect(line.safeParse(value).success).toBe(true);
    },
  );

  test('When a text carries characters beside the noncharacters (the planes’ other code points, emoji, CJK of plane 2), then nothing refuses it', () => {
    for (const cp of [0x1fffd, 0x1f600, 0x20000, 0x2fffd, 0x10fffd, 0xfdcf, 0xfdf0, 0xfffc]) {
      const value = `An${String.fromCodePoint(cp)}`;
      expect({ cp: cp.toString(16), line: line.safeParse(value).success, door: noncharacterTexts(value) }).toEqual({ cp: cp.toString(16), line: true, door: [] });
    }
  });
});
