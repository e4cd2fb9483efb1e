import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

// Shared layout of the printed forms: fonts, the national heading, the QR code, labelled lines,
// signatures and page footers. pdfkit writes only what it is told, so with a fixed CreationDate
// and ModDate the same form gives the same bytes (the file ID is a hash of the info dictionary).

export type Doc = PDFKit.PDFDocument;

// DejaVu Serif Condensed: full Vietnamese coverage (precomposed letters with both diacritics), a
// serif close to the Times of official documents, and shipped in an npm package so `npm ci` is enough.
const fontFile = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`);
export const FONTS = {
  regular: fontFile('DejaVuSerifCondensed'),
  bold: fontFile('DejaVuSerifCondensed-Bold'),
  italic: fontFile('DejaVuSerifCondensed-Italic'),
} as const;

/** Text as NFC: the fonts have precomposed Vietnamese glyphs, while decomposed input would draw loose marks. */
export const nfc = (s: string): string => s.normalize('NFC');

export interface DocOptions {
  size: 'A5' | 'A4';
  layout: 'portrait' | 'landscape';
  title: string;
  subject: string;
  /** The form's own date: CreationDate and ModDate, so a PDF is a pure function of the ledger. */
  date: Date;
}

export function createDoc(o: DocOptions): Doc {
  const doc = new PDFDocument({
    size: o.size,
    layout: o.layout,
    margins: { top: 28, bottom: 34, left: 32, right: 32 },
    bufferPages: true,
    lang: 'vi-VN',
    displayTitle: true,
    // No `font` option: pdfkit would register that file under its path and then reopen (re-parse) the
    // same font on every later font('regular') call — seconds for a long book.
    info: { Title: nfc(o.title), Subject: o.subject, Producer: 'Liên thông engine', Creator: 'Liên thông engine', CreationDate: o.date, ModDate: o.date },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('italic', FONTS.italic);
  return doc.font('regular');
}

export const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const bottomOf = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when less than `height` is left, so a block is never split across pages. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage();
}

function rule(doc: Doc, centerX: number, y: number, width: number): void {
  doc.moveTo(centerX - width / 2, y).lineTo(centerX + width / 2, y).lineWidth(0.6).stroke();
}

/** Two lines of similar length when the text does not fit one ("BỘ PHẬN MỘT CỬA / PHƯỜNG BA ĐÌNH"). */
function balanced(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const words = text.split(' ');
  let best = text;
  let bestWidth = Infinity;
  for (let i = 1; i < words.length; i++) {
    const a = words.slice(0, i).join(' ');
    const b = words.slice(i).join(' ');
    const w = Math.max(doc.widthOfString(a), doc.widthOfString(b));
    if (w < bestWidth) [best, bestWidth] = [`${a}\n${b}`, w];
  }
  return best;
}

/**
 * The heading of an administrative document: the issuing office on the left, the national heading
 * (Quốc hiệu, Tiêu ngữ) on the right, each underlined; returns the y below it.
 */
export function nationalHeading(doc: Doc, officeName: string, leftShare = 0.42): number {
  const left = doc.page.margins.left;
  const top = doc.page.margins.top;
  const width = contentWidth(doc);
  const leftW = width * leftShare;
  const rightX = left + leftW;
  const rightW = width - leftW;
  const size = doc.page.width > 600 ? 10 : 8;

  doc.font('bold').fontSize(size);
  doc.text(balanced(doc, nfc(officeName.toLocaleUpperCase('vi')), leftW), left, top, { width: leftW, align: 'center' });
  const leftBottom = doc.y + 3;
  rule(doc, left + leftW / 2, leftBottom, 40);

  doc.font('bold').fontSize(size).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, { width: rightW, align: 'center' });
  doc.fontSize(size + 0.5).text('Độc lập - Tự do - Hạnh phúc', rightX, doc.y, { width: rightW, align: 'center' });
  const rightBottom = doc.y + 3;
  rule(doc, rightX + rightW / 2, rightBottom, doc.widthOfString('Độc lập - Tự do - Hạnh phúc'));
  return Math.max(leftBottom, rightBottom) + 6;
}

/** The QR code of a case code as vector squares (crisp at any zoom, no image); returns its bottom. */
export function drawQr(doc: Doc, text: string, x: number, y: number, size: number): number {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const cell = size / n;
  doc.save().fillColor('#000000');
  for (let r = 0; r < n; r++) {
    // Runs of dark modules as one rectangle: fewer operators and no hairline seams between cells.
    for (let c = 0; c < n; ) {
      if (!modules.get(r, c)) {
        c++;
        continue;
      }
      let end = c;
      while (end < n && modules.get(r, end)) end++;
      doc.rect(x + c * cell, y + r * cell, (end - c) * cell, cell);
      c = end;
    }
  }
  doc.fill().restore();
  return y + size;
}

/** `Label: value` with the value in bold, wrapping under the label. */
export function field(doc: Doc, label: string, value: string, size = 9): void {
  doc.font('regular').fontSize(size).text(nfc(`${label}: `), doc.page.margins.left, doc.y, { width: contentWidth(doc), continued: true, lineGap: 1.5 });
  doc.font('bold').text(nfc(value || '…'), { lineGap: 1.5 });
}

export function paragraph(doc: Doc, text: string, o: { size?: number; font?: 'regular' | 'bold' | 'italic'; align?: 'left' | 'center' | 'right' | 'justify'; indent?: number } = {}): void {
  const left = doc.page.margins.left + (o.indent ?? 0);
  doc
    .font(o.font ?? 'regular')
    .fontSize(o.size ?? 9)
    .text(nfc(text), left, doc.y, { width: contentWidth(doc) - (o.indent ?? 0), align: o.align ?? 'left', lineGap: 1.5 });
}

/** The title block: form title, then the case code as text. */
export function titleBlock(doc: Doc, title: string, caseCode?: string): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.font('bold').fontSize(doc.page.width > 600 ? 14 : 11.5).text(nfc(title), left, doc.y, { width, align: 'center' });
  if (caseCode) doc.font('bold').fontSize(9.5).text(`Mã hồ sơ: ${caseCode}`, left, doc.y + 2, { width, align: 'center' });
  doc.moveDown(0.6);
}

/** Signature columns side by side: a title in bold and "(Ký và ghi rõ họ tên)" under each. */
/** Signature blocks; a signer's name, when known, is printed under the space for the signature. */
export function signatures(doc: Doc, signers: string[], names: (string | null)[] = []): void {
  ensureSpace(doc, 70);
  const left = doc.page.margins.left;
  const colW = contentWidth(doc) / signers.length;
  const y = doc.y + 8;
  signers.forEach((title, i) => {
    // A single signer signs on the right, as on administrative documents.
    const x = signers.length === 1 ? left + contentWidth(doc) / 2 : left + i * colW;
    const w = signers.length === 1 ? contentWidth(doc) / 2 : colW;
    doc.font('bold').fontSize(9).text(nfc(title), x, y, { width: w, align: 'center' });
    doc.font('italic').fontSize(8).text('(Ký và ghi rõ họ tên)', x, doc.y, { width: w, align: 'center' });
    const name = names[i];
    if (name) doc.font('bold').fontSize(9).text(nfc(name), x, y + 58, { width: w, align: 'center' });
  });
  doc.x = left;
  doc.y = y + 70;
}

/** A footer on every page (form number, case code, page i/n), written once all pages exist. */
export function stampFooters(doc: Doc, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { left, bottom } = doc.page.margins;
    // Writing inside the bottom margin would make pdfkit open a page; lift the margin while stamping.
    doc.page.margins.bottom = 0;
    doc
      .font('italic')
      .fontSize(6.5)
      .fillColor('#444444')
      .text(nfc(`${text} · Trang ${i + 1}/${range.count}`), left, doc.page.height - bottom + 12, { width: contentWidth(doc), align: 'center', lineBreak: false });
    doc.fillColor('#000000');
    doc.page.margins.bottom = bottom;
  }
}

/** Ends the document and collects its bytes. */
export function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (c: Uint8Array) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
