
// The statistics as files for a spreadsheet: CSV (UTF-8 with a byte-order mark, which Excel needs
// to read Vietnamese) and XLSX (exceljs). Headings are Vietnamese; rates are shown as percentages.

export interface Table {
  /** The sheet's title line (XLSX) — the report's name and period. */
  title: string;
  /** Field and Vietnamese heading of each column. */
  columns: ReadonlyArray<readonly [string, string]>;
  rows: readonly object[];
}

const RATE_FIELD = 'onTimeRate';

function cell(field: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (field === RATE_FIELD && typeof value === 'number') return Math.round(value * 10_000) / 100;
  return typeof value === 'number' ? value : String(value);
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // A leading = + - @ would be read as a formula by a spreadsheet (labels come from province data).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v !== 'number' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(t: Table): Buffer {
  const lines = [t.columns.map(([, heading]) => csvField(heading)).join(',')];
  for (const r of t.rows) lines.push(t.columns.map(([field]) => csvField(cell(field, (r as Record<string, unknown>)[field]))).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(t: Table, sheetName: string): Promise<Buffer> {
  // Loaded on the first export, not at start: exceljs costs the API about 27 MiB of memory.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Liên thông engine';
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow([t.title]).font = { bold: true, size: 13 };
  const head = sheet.addRow(t.columns.map(([, heading]) => heading));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of t.rows) sheet.addRow(t.columns.map(([field]) => cell(field, (r as Record<string, unknown>)[field])));
  t.columns.forEach(([field], i) => {
    sheet.getColumn(i + 1).width = field === 'label' ? 40 : field === 'key' ? 22 : 16;
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
