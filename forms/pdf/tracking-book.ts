import { formatDateTime, formatLocalDate } from '../format';
import type { TrackingBook } from '../types';
import { createDoc, nationalHeading, paragraph, stampFooters, titleBlock, toBuffer } from './document';
import { table } from './table';

const when = (iso: string | null) => (iso ? formatDateTime(iso).replace(' ', '\n') : '');

/** Form 6, Sổ theo dõi hồ sơ, as an A4 landscape book: one bordered row per case, header repeated on each page. */
export async function renderTrackingBookPdf(book: TrackingBook): Promise<Buffer> {
  const from = formatLocalDate(book.from);
  const to = formatLocalDate(book.to);
  const doc = createDoc({ size: 'A4', layout: 'landscape', title: `Sổ theo dõi hồ sơ – ${book.office.name} – ${from}–${to}`, subject: `${book.office.code} ${book.from}/${book.to}`, date: new Date(book.issuedAt) });
  doc.y = nationalHeading(doc, book.office.name, 0.4) + 8;
  titleBlock(doc, book.title);
  paragraph(doc, `Từ ngày ${from} đến ngày ${to} · ${book.count} hồ sơ`, { align: 'center', font: 'italic', size: 10 });
  doc.moveDown(0.5);
  await table(
    doc,
    [
      { header: 'TT', share: 0.03, align: 'center' },
      { header: 'Mã hồ sơ', share: 0.14 },
      { header: 'Người nộp hồ sơ (địa chỉ, điện thoại)', share: 0.11 },
      { header: 'Số lượng hồ sơ (bộ)', share: 0.04, align: 'center' },
      { header: 'Thủ tục hành chính – cơ quan giải quyết (tình trạng)', share: 0.15 },
      { header: 'Nhận hồ sơ', share: 0.06, align: 'center' },
      { header: 'Chuyển hồ sơ', share: 0.06, align: 'center' },
      { header: 'Hẹn trả kết quả', share: 0.06, align: 'center' },
      { header: 'Nhận kết quả từ cơ quan giải quyết', share: 0.065, align: 'center' },
      { header: 'Trả kết quả cho tổ chức, cá nhân', share: 0.065, align: 'center' },
      { header: 'Tình trạng', share: 0.065, align: 'center' },
      { header: 'Ký nhận', share: 0.05 },
      { header: 'Ghi chú', share: 0.105 },
    ],
    book.rows.map((r) => [
      String(r.no),
      r.caseCode,
      [r.applicant.fullName, r.applicant.address, r.applicant.phone].filter(Boolean).join('\n'),
      String(r.dossierSets).padStart(2, '0'),
      r.procedures.map((p) => `${p.procedureName} – ${p.agencyName} (${p.statusLabel})`).join('\n'),
      when(r.receivedAt),
      when(r.firstDispatchedAt),
      when(r.appointmentAt),
      when(r.resultReceivedAt),
      r.returnedAt ? `${when(r.returnedAt)}\n(${r.returnMethodLabel})` : '',
      r.timelinessLabel ? `${r.statusLabel}\n(${r.timelinessLabel})` : r.statusLabel,
      '',
      r.notes.join('\n'),
    ]),
    7,
  );
  if (book.rows.length === 0) paragraph(doc, 'Không có hồ sơ nào được tiếp nhận trong khoảng thời gian này.', { align: 'center', font: 'italic' });
  stampFooters(doc, `${book.formNumber} (${book.legalBasis}) · ${book.office.name} · ${from}–${to}`);
  return toBuffer(doc);
}
