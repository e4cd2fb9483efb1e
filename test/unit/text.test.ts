import { lineText, nameText, unstorableTexts } from '../../domain/text';

// The text builders' rules on code points, one by one (the integration tests send them through every route).

const name = nameText({ max: 100 });
const line = lineText({ max: 100 });

describe('text the engine accepts', () => {
  // Every plane's last two code points are noncharacters, as are U+FDD0–U+FDEF.
  const noncharacters = [0xfdd0, 0xfdef, 0xfffe, 0xffff, ...Array.from({ length: 16 }, (_, i) => [(i + 1) * 0x10000 + 0xfffe, (i + 1) * 0x10000 + 0xffff]).flat()];

  test.each(noncharacters.map((cp) => [`U+${cp.toString(16).toUpperCase()}`, cp]))('When a name or a line carries the noncharacter %s, then it is refused as not Unicode text', (_label, cp) => {
    const value = `Nguyễn${String.fromCodePoint(cp as number)}Văn An`;
    for (const schema of [name, line]) expect(schema.safeParse(value).error?.issues.map((i) => i.message)).toEqual(['must be valid Unicode text (no lone surrogate, replacement character or noncharacter)']);
    expect(unstorableTexts({ note: value }).map((i) => i.path)).toEqual([['note']]);
  });

  test('When a name carries characters beside the noncharacters (the planes’ other code points, emoji, CJK of plane 2), then it is accepted', () => {
    for (const cp of [0x1fffd, 0x1f600, 0x20000, 0x2fffd, 0x10fffd, 0xfdcf, 0xfdf0, 0xfffc]) {
      expect({ cp: cp.toString(16), ok: line.safeParse(`An${String.fromCodePoint(cp)}`).success }).toEqual({ cp: cp.toString(16), ok: true });
    }
  });
});
