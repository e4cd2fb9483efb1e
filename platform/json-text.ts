// JSON.parse keeps the last of two members with the same name ({"fullName":"A","fullName":"B"}
// is {"fullName":"B"}), so one reader of a text may keep another value than the next, and a text
// nested very deep makes any recursive walk over it (JSON.stringify included) overflow the stack.
// One pass over a text JSON.parse accepted finds both: the API's JSON doors refuse such a body
// (api/http/json-body.ts) and the agency connector takes such an answer as breaking the contract.
// Names compare after unescaping ("a" and "\u0061" are one name), exactly, as JSON.parse compares them.

/**
 * No request the API takes, and no answer an agency sends, nests deeper than a handful of levels;
 * a text nesting deeper is refused before anything walks it (JSON.stringify overflows at a few thousand).
 */
export const MAX_JSON_DEPTH = 32;
/** At most this many fields are named (a body may repeat thousands; the first ones say enough). */
export const MAX_DUPLICATES_LISTED = 100;
/** Paths are built up to this many UTF-16 units: more than the 100 code points a problem shows (api/problem.ts). */
const PATH_LIMIT = 256;

export interface DuplicateKeys {
  /** Each field given more than once, by its path (`a.b[0].c`, as `issuePath`), once, in the order found. */
  paths: string[];
  /** More fields than MAX_DUPLICATES_LISTED were given twice (the scan stopped there). */
  more: boolean;
  /** The member or element that opens the first level deeper than MAX_JSON_DEPTH (the scan stopped there). */
  tooDeepAt?: string;
}

/** One open object or array. */
interface Frame {
  /** An object's member names so far (true once reported); undefined for an array. */
  names: Map<string, boolean> | undefined;
  /** An object: whether the next string is a member name (after `{` or `,`). */
  expectName: boolean;
  /** An object: its last member name; an array: the index of its current element. */
  key: string | number;
  /** What this container is in its parent (undefined at the top). */
  segment: string | number | undefined;
  /** This container's path, computed when first needed. */
  path: string | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** One step of domain/errors.ts `issuePath`, cut at PATH_LIMIT. */
function step(acc: string, segment: string | number): string {
  if (acc.length >= PATH_LIMIT) return acc;
  const s = typeof segment === 'string' && segment.length > PATH_LIMIT ? segment.slice(0, PATH_LIMIT) : segment;
  const path = typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s;
  return path.length > PATH_LIMIT ? path.slice(0, PATH_LIMIT) : path;
}

/** The index of the quote that closes the string whose opening quote is at `open`. */
function stringEnd(buf: Buffer, open: number): number {
  let q = buf.indexOf(QUOTE, open + 1);
  for (;;) {
    if (q < 0) return buf.length; // not valid JSON: cannot happen after JSON.parse
    let backslashes = 0;
    while (buf[q - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
    q = buf.indexOf(QUOTE, q + 1);
  }
}

/**
 * The fields a JSON text gives more than once in one object, in one pass (linear in its size).
 * `json` must be text JSON.parse accepted: the scan relies on its syntax being valid.
 */
export function duplicateKeys(json: Buffer | string): DuplicateKeys {
  const buf = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  const stack: Frame[] = [];
  const found = new Set<string>();
  const pathOf = (depth: number): string => {
    // Iterative (a body may nest a million deep): each container's path is computed once.
    let from = depth;
    while (from >= 0 && stack[from]!.path === undefined) from--;
    for (let d = from + 1; d <= depth; d++) {
      const f = stack[d]!;
      f.path = f.segment === undefined ? '' : step(d === 0 ? '' : stack[d - 1]!.path!, f.segment);
    }
    return stack[depth]!.path!;
  };
  const open = (names: Map<string, boolean> | undefined) => {
    const parent = stack[stack.length - 1];
    stack.push({ names, expectName: names !== undefined, key: 0, segment: parent?.key, path: undefined });
  };

  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      const end = stringEnd(buf, i);
      const top = stack[stack.length - 1];
      if (top?.names && top.expectName) {
        const raw = buf.toString('utf8', i + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        top.expectName = false;
        top.key = name;
        const reported = top.names.get(name);
        if (reported === undefined) top.names.set(name, false);
        else if (!reported) {
          top.names.set(name, true);
          const path = step(pathOf(stack.length - 1), name);
          if (!found.has(path)) {
            if (found.size === MAX_DUPLICATES_LISTED) return { paths: [...found], more: true };
            found.add(path);
          }
        }
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length === MAX_JSON_DEPTH) return { paths: [...found], more: false, tooDeepAt: step(pathOf(stack.length - 1), stack[stack.length - 1]!.key) };
      open(c === 0x7b ? new Map() : undefined);
    }
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.names) top.expectName = true;
      else if (top) top.key = (top.key as number) + 1;
    }
    // Anything else (`:`, whitespace, numbers, true/false/null, a byte order mark) changes nothing.
  }
  return { paths: [...found], more: false };
}
