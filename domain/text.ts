import { z } from 'zod';

// What text the engine accepts. Every string that reaches the ledger, a form or a workflow goes
// through one of these builders, so text that PostgreSQL cannot store (NUL) or that would mislead
// a reader (control characters, bidirectional overrides, invisible characters) is refused at the
// door with a 422 naming the field, instead of failing a ledger write later.

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Tab, line feed, carriage return: allowed in multi-line text only. */
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
/** Lone surrogates (a JSON `\ud800` escape), the replacement character (bytes that were not UTF-8), noncharacters of the BMP. */
const NOT_UNICODE_TEXT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFD\uFFFE\uFFFF\uFDD0-\uFDEF]/;
/**
 * The noncharacters of the supplementary planes, U+1FFFE … U+10FFFF (as surrogate pairs: the
 * patterns read UTF-16 code units). Refused at the doors only (`unstorableTexts`, which the API
 * applies to every request): the text builders below keep the rule workflows were recorded under,
 * because a workflow parses the answers in its history again on replay, and an answer accepted
 * before must still parse.
 */
const SUPPLEMENTARY_NONCHARACTER = /[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;
/** Bidirectional embeddings, overrides and isolates, and the marks: they can make text display in another order. */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/**
 * Invisible characters: Unicode's Default_Ignorable_Code_Point — zero-width space and joiners, word
 * joiner, invisible operators (U+2062), combining grapheme joiner, Hangul fillers, variation
 * selectors, byte-order mark, soft hyphen… A name carrying one looks the same and compares different.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

/** Characters a page never writes back raw from what a form sent (controls, broken Unicode, bidi controls). */
export const UNSHOWABLE_TEXT = new RegExp(`${CONTROL.source}|${NOT_UNICODE_TEXT.source}|${SUPPLEMENTARY_NONCHARACTER.source}|${BIDI_CONTROL.source}`, 'g');

type Check = { pattern: RegExp; message: string };
const checks = {
  control: { pattern: CONTROL, message: 'must not contain control characters (such as NUL)' },
  lineBreak: { pattern: LINE_BREAK_OR_TAB, message: 'must be a single line (no tab or line break)' },
  unicode: { pattern: NOT_UNICODE_TEXT, message: 'must be valid Unicode text (no lone surrogate, replacement character or noncharacter)' },
  noncharacter: { pattern: SUPPLEMENTARY_NONCHARACTER, message: 'must be valid Unicode text (no lone surrogate, replacement character or noncharacter)' },
  bidi: { pattern: BIDI_CONTROL, message: 'must not contain bidirectional control characters' },
  invisible: { pattern: INVISIBLE, message: 'must not contain zero-width or other invisible characters' },
} satisfies Record<string, Check>;

/** The first rule a string breaks, if any. */
function broken(value: string, rules: readonly Check[]): string | undefined {
  return rules.find((r) => r.pattern.test(value))?.message;
}

/** NFC with every run of whitespace (no-break spaces included) as one space, trimmed. */
export function collapseText(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

interface Length {
  min?: number;
  max: number;
}

function built(rules: readonly Check[], normalise: (v: string) => string, { min = 0, max }: Length) {
  let s = z
    .string()
    .check((ctx) => {
      const message = broken(ctx.value, rules);
      if (message) ctx.issues.push({ code: 'custom', message, input: ctx.value });
    })
    .overwrite(normalise);
  if (min > 0) s = s.min(min);
  return s.max(max);
}

/** Single-line text (a document number, a reference): NFC, whitespace collapsed. */
export const lineText = (length: Length) => built([checks.control, checks.lineBreak, checks.unicode, checks.bidi], collapseText, length);

/**
 * A person's name, a relationship or an address: single-line, NFC, whitespace collapsed, and no
 * invisible or bidirectional characters (they would make two equal-looking names differ).
 */
export const nameText = (length: Length) => built([checks.control, checks.lineBreak, checks.unicode, checks.bidi, checks.invisible], collapseText, length);

/** Free text that may span lines (a reason, a description, a note): NFC, CRLF as LF, trimmed. */
export const multilineText = (length: Length) =>
  built([checks.control, checks.unicode, checks.bidi], (v) => v.normalize('NFC').replace(/\r\n?/g, '\n').trim(), length);

/**
 * A secret (a password): compared and hashed exactly as typed, so never normalised; but no control
 * characters or broken Unicode, like every other text the engine takes.
 */
export const secretText = (length: Length) => built([checks.control, checks.unicode], (v) => v, length);

/**
 * A password being set: a secret that a sign-in form can take, so also no tab or line break (a
 * browser's password field cannot hold them: a user so made could never sign in there).
 */
export const newSecretText = (length: Length) => built([checks.control, checks.lineBreak, checks.unicode], (v) => v, length);

/**
 * The strings anywhere in a JSON value (keys included) that no text field would take: control
 * characters, broken Unicode, bidirectional controls. For a body whose exact shape is judged later
 * (an agency's result, checked against its procedure's schema by the workflow): what can never be
 * stored is still refused at the door, whatever the step's state.
 */
export function unstorableTexts(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; message: string }[] {
  return textsBreaking(value, [checks.control, checks.unicode, checks.noncharacter, checks.bidi], path);
}

/** The strings anywhere in a request (keys included) that carry a supplementary-plane noncharacter: the API refuses them at the door, whatever the field. */
export function noncharacterTexts(value: unknown): { path: (string | number)[]; message: string }[] {
  return textsBreaking(value, [checks.noncharacter], []);
}

function textsBreaking(value: unknown, rules: readonly Check[], path: (string | number)[]): { path: (string | number)[]; message: string }[] {
  if (typeof value === 'string') {
    const message = broken(value, rules);
    return message ? [{ path, message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => textsBreaking(v, rules, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const message = broken(k, rules);
      return message ? [{ path: [...path, k], message }] : textsBreaking(v, rules, [...path, k]);
    });
  }
  return [];
}

/** A code (procedure, agency, step, item): ASCII letters, digits, `.`, `_`, `-`. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const codeText = (max = 80) => z.string().min(1).max(max).regex(CODE_PATTERN, 'must be a code of ASCII letters, digits, ".", "_" or "-"');

/**
 * How a value compares in the one-open-case rule: NFC, invisible characters removed, whitespace
 * collapsed, lower case. "Trần  Minh Đức", "TRẦN MINH ĐỨC" and its NFD form are the same child.
 */
export function identityKey(value: string): string {
  return collapseText(value.normalize('NFC').replace(INVISIBLE_ALL, '')).toLowerCase();
}
