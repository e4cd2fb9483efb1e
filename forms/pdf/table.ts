import { bottomOf, contentWidth, Doc, nfc } from './document';

export interface Column {
  header: string;
  /** Share of the content width; the shares of a table add up to 1. */
  share: number;
  align?: 'left' | 'center' | 'right';
}

const PAD = 3;

function cellHeight(doc: Doc, text: string, width: number): number {
  return doc.heightOfString(nfc(text), { width: width - 2 * PAD, lineGap: 1 }) + 2 * PAD;
}

function drawRow(doc: Doc, cells: string[], widths: number[], columns: Column[], y: number, height: number, font: 'regular' | 'bold'): void {
  let x = doc.page.margins.left;
  cells.forEach((cell, i) => {
    const w = widths[i]!;
    doc.lineWidth(0.5).rect(x, y, w, height).stroke();
    doc.font(font).text(nfc(cell), x + PAD, y + PAD, { width: w - 2 * PAD, align: font === 'bold' ? 'center' : (columns[i]?.align ?? 'left'), lineGap: 1 });
    x += w;
  });
}

/** Rows laid out between two turns of the event loop: a 5000-row book takes seconds of CPU. */
const ROWS_PER_TURN = 100;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A bordered table that flows over pages, repeating its header on each; cells wrap. Rows are
 * never split across pages (a row is a few lines; none comes near a page). Yields to the event
 * loop every ROWS_PER_TURN rows so that the API keeps answering while a long book is laid out.
 */
export async function table(doc: Doc, columns: Column[], rows: string[][], size = 7.5): Promise<void> {
  const total = contentWidth(doc);
  const widths = columns.map((c) => c.share * total);
  const headers = columns.map((c) => c.header);
  doc.fontSize(size);
  const heightOf = (cells: string[], font: 'regular' | 'bold') => {
    doc.font(font);
    return Math.max(...cells.map((cell, i) => cellHeight(doc, cell, widths[i]!)));
  };
  const headerHeight = heightOf(headers, 'bold');
  const header = () => {
    const y = doc.y;
    drawRow(doc, headers, widths, columns, y, headerHeight, 'bold');
    doc.y = y + headerHeight;
  };
  if (doc.y + headerHeight + 20 > bottomOf(doc)) doc.addPage();
  header();
  for (const [i, cells] of rows.entries()) {
    if (i > 0 && i % ROWS_PER_TURN === 0) await nextTurn();
    const h = heightOf(cells, 'regular');
    if (doc.y + h > bottomOf(doc)) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    drawRow(doc, cells, widths, columns, y, h, 'regular');
    doc.y = y + h;
  }
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
}
