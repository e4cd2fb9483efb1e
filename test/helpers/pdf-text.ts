import { inflateSync } from 'node:zlib';

// A small reader for the PDFs pdfkit writes, so tests can check what a page says (not just the
// metadata): objects with /Length streams, Flate content, embedded fonts with ToUnicode CMaps and
// glyph-ID hex strings in Tj/TJ. It maps glyphs back through each font's ToUnicode, so it also
// proves that the text can be copied out with its Vietnamese diacritics.

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

export interface PdfPage {
  width: number;
  height: number;
  text: string;
  /** The page's content stream (drawing operators), inflated. */
  contents: string;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const src = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = header.exec(src))) {
    const start = m.index + m[0].length;
    const end = src.indexOf('endobj', start);
    const body = src.slice(start, end);
    const streamAt = body.indexOf('stream');
    if (streamAt < 0 || !body.startsWith('<<')) {
      objects.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
    const dataStart = start + streamAt + 'stream'.length + (src[start + streamAt + 6] === '\r' ? 2 : 1);
    const raw = Buffer.from(src.slice(dataStart, dataStart + length), 'latin1');
    objects.set(Number(m[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
    header.lastIndex = dataStart + length;
  }
  return objects;
}

/** glyph code → text, from a ToUnicode CMap (bfrange with arrays or offsets, and bfchar). */
function readCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => {
    const h = hex.replace(/\s+/g, '');
    const units: number[] = [];
    for (let i = 0; i < h.length; i += 4) units.push(parseInt(h.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const [, lo, hi, rest] of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f\s]+>)/gi)) {
    const first = parseInt(lo!, 16);
    if (rest!.startsWith('[')) {
      [...rest!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((e, i) => map.set(first + i, utf16(e[1]!)));
    } else {
      const base = utf16(rest!.slice(1, -1));
      for (let c = first; c <= parseInt(hi!, 16); c++) map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - first)));
    }
  }
  return map;
}

/** Pages in order with their size (points), text and drawing; lines are split where the baseline changes. */
export function readPdf(pdf: Buffer): PdfPage[] {
  const objects = readObjects(pdf);
  const cmaps = new Map<number, Map<number, string>>();
  for (const [id, o] of objects) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(o.dict)?.[1];
    const cmap = toUnicode ? objects.get(Number(toUnicode))?.stream : undefined;
    if (cmap) cmaps.set(id, readCmap(cmap.toString('latin1')));
  }
  const fontByName = new Map<string, number>();
  for (const o of objects.values()) {
    const fonts = /\/Font\s*<<([^>]*)>>/.exec(o.dict)?.[1];
    for (const [, name, id] of fonts?.matchAll(/\/(\S+)\s+(\d+) 0 R/g) ?? []) fontByName.set(name!, Number(id));
  }
  const pagesRoot = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(pagesRoot?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => objects.get(Number(k[1]))!);
  return kids.map((page) => {
    const box = /\/MediaBox \[([^\]]+)\]/.exec(page.dict)![1]!.trim().split(/\s+/).map(Number);
    const contents = objects.get(Number(/\/Contents (\d+) 0 R/.exec(page.dict)![1]))!.stream!.toString('latin1');
    let cmap = new Map<number, string>();
    let text = '';
    let lastY: number | undefined;
    for (const [, y, font, shown] of contents.matchAll(/1 0 0 1 \S+ (\S+) Tm|\/(\S+) [\d.]+ Tf|(\[[^\]]*\]\s*TJ|<[0-9a-f]*>\s*Tj)/gi)) {
      if (y !== undefined) {
        // Bold and regular runs of one line sit a fraction of a point apart.
        if (lastY !== undefined && Math.abs(Number(y) - lastY) > 2) text += '\n';
        lastY = Number(y);
      } else if (font !== undefined) {
        cmap = cmaps.get(fontByName.get(font) ?? -1) ?? new Map();
      } else {
        for (const [, hex] of shown!.matchAll(/<([0-9a-f]*)>/gi)) {
          for (let i = 0; i < hex!.length; i += 4) text += cmap.get(parseInt(hex!.slice(i, i + 4), 16)) ?? '\ufffd';
        }
      }
    }
    return { width: box[2]! - box[0]!, height: box[3]! - box[1]!, text, contents };
  });
}
