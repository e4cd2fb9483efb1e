import { formatDate, formatDateTime, formatLongDateTime, placeAndDate } from '../format';
import type { ApologyForm, ApplicantPart, CaseForm, ProcessControlForm, ReceiptForm, RefusalForm, SupplementRequestForm } from '../types';
import { contentWidth, createDoc, Doc, drawQr, ensureSpace, field, nationalHeading, paragraph, signatures, stampFooters, titleBlock, toBuffer } from './document';
import { table } from './table';

/** As the applicant types it: two groups of five. */
const printedRatingCode = (code: string) => (code.length === 10 ? `${code.slice(0, 5)}-${code.slice(5)}` : code);

// Forms 1–5 as A5 slips: heading, QR code (the applicant's tracking page of the case; the case code
// alone when the form has no address), title, body, signatures, footer.

const QR_SIZE = 58;

/** The issuer in the heading: the office, or the agencies a notice is theirs (refusal after appraisal, apology). */
const issuerName = (form: CaseForm): string => ('issuers' in form && form.issuers.length ? form.issuers.map((i) => i.name).join('; ') : form.office.name);

async function slip(form: CaseForm, body: (doc: Doc) => void | Promise<void>, signers: string[], names: (string | null)[] = []): Promise<Buffer> {
  const doc = createDoc({ size: 'A5', layout: 'portrait', title: `${form.title} – ${form.caseCode}`, subject: form.caseCode, date: new Date(form.issuedAt) });
  const below = nationalHeading(doc, issuerName(form));
  const left = doc.page.margins.left;
  const leftW = contentWidth(doc) * 0.42;
  drawQr(doc, form.trackingUrl ?? form.caseCode, left + (leftW - QR_SIZE) / 2, below, QR_SIZE);
  doc.font('regular').fontSize(6.5).text(form.caseCode, left, below + QR_SIZE + 1, { width: leftW, align: 'center' });
  const rightW = contentWidth(doc) - leftW;
  doc.font('italic').fontSize(8.5).text(placeAndDate(form.office.province, form.issuedAt), left + leftW, below + 6, { width: rightW, align: 'center' });
  doc.font('regular').fontSize(7).text(`${form.formNumber} – ${form.legalBasis}`, left + leftW, doc.y + 2, { width: rightW, align: 'center' });
  if (form.form === 'receipt') {
    doc.font('regular').fontSize(7).text(`Số: ${form.receiptNumber}`, left + leftW, doc.y + 1, { width: rightW, align: 'center' });
    doc.text(`Quyển số: ${form.bookVolume} · Số thứ tự: ${form.bookLine ?? '……'}`, left + leftW, doc.y, { width: rightW, align: 'center' });
    // The slip's holder rates the service with it once the result is returned (the QR code carries it too).
    if (form.ratingCode) doc.text(`Mã đánh giá sự hài lòng: ${printedRatingCode(form.ratingCode)}`, left + leftW, doc.y, { width: rightW, align: 'center' });
  }
  doc.x = left;
  doc.y = below + QR_SIZE + 14;
  titleBlock(doc, form.title, form.caseCode);
  await body(doc);
  if (signers.length) signatures(doc, signers, names);
  stampFooters(doc, `${form.formNumber} (${form.legalBasis}) · Mã hồ sơ ${form.caseCode}`);
  return toBuffer(doc);
}

function applicantLines(doc: Doc, f: ApplicantPart & { office: { name: string } }, intro: string): void {
  paragraph(doc, intro);
  field(doc, 'Ông/Bà', f.applicant.fullName);
  if (f.applicant.address) field(doc, 'Địa chỉ', f.applicant.address);
  if (f.applicant.phone || f.applicant.email) field(doc, 'Số điện thoại / thư điện tử', [f.applicant.phone, f.applicant.email].filter(Boolean).join(' / '));
  if (f.subject) {
    field(doc, f.subject.label, f.subject.fullName);
    if (f.applicant.relationship) field(doc, `Quan hệ với ${f.subject.label.toLocaleLowerCase('vi')}`, f.applicant.relationship);
  }
  field(doc, 'Nội dung yêu cầu giải quyết', f.request);
  doc.moveDown(0.3);
}

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
const heading = (doc: Doc, text: string) => {
  ensureSpace(doc, 30);
  paragraph(doc, text, { font: 'bold' });
};
const bullet = (doc: Doc, text: string, font: 'regular' | 'bold' | 'italic' = 'regular') => paragraph(doc, `– ${text}`, { indent: 10, font });

function receipt(f: ReceiptForm) {
  return slip(
    f,
    (doc) => {
      applicantLines(doc, f, `${f.office.name} tiếp nhận hồ sơ của:`);
      heading(doc, '1. Thành phần hồ sơ nộp gồm:');
      for (const d of f.documents) bullet(doc, `${d.name} (${d.forProcedure})`);
      heading(doc, `2. Số lượng hồ sơ: ${String(f.dossierSets).padStart(2, '0')} bộ (${lowerFirst(f.channelLabel)}).`);
      heading(doc, '3. Thời gian giải quyết hồ sơ theo quy định:');
      for (const p of f.procedures) bullet(doc, `${p.procedureName} – ${p.agencyName}: ${p.timeLimitText}`);
      heading(doc, `4. Thời gian nhận hồ sơ: ${formatLongDateTime(f.receivedAt)}.`);
      heading(doc, `5. Thời gian trả kết quả giải quyết hồ sơ: ${formatLongDateTime(f.appointmentAt)}.`);
      heading(doc, `6. Đăng ký nhận kết quả: ${f.resultDeliveryLabel}.`);
    },
    ['NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ'],
    [f.applicant.fullName || null, f.officer.name],
  );
}

function supplementRequest(f: SupplementRequestForm) {
  return slip(
    f,
    (doc) => {
      applicantLines(doc, f, `Ngày ${formatDate(f.receivedAt)}, ${f.office.name} tiếp nhận hồ sơ của:`);
      paragraph(doc, 'Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:', { font: 'bold' });
      for (const r of f.requests) {
        ensureSpace(doc, 40);
        paragraph(doc, `${r.procedureName} – ${r.agencyName} (yêu cầu ngày ${formatDate(r.requestedAt)}):`, { font: 'italic' });
        r.items.forEach((item, i) => paragraph(doc, `${i + 1}. ${item.description}`, { indent: 10 }));
        if (r.note) paragraph(doc, `Ghi chú: ${r.note}`, { indent: 10 });
        if (r.submittedAt) paragraph(doc, `Đã nhận hồ sơ bổ sung lúc ${formatDateTime(r.submittedAt)}.`, { indent: 10, font: 'italic' });
      }
      field(doc, 'Lý do', f.reason);
      doc.moveDown(0.3);
      paragraph(doc, 'Khi hồ sơ đã được bổ sung đầy đủ, thời hạn giải quyết được tính lại từ đầu. Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ Bộ phận Một cửa nơi đã nộp hồ sơ để được hướng dẫn.', { align: 'justify' });
      field(doc, 'Người hướng dẫn', f.guidingOfficer.name ?? '……………………');
      field(doc, 'Số điện thoại', f.guidingOfficer.phone ?? '……………………');
    },
    ['NGƯỜI HƯỚNG DẪN'],
    [f.guidingOfficer.name],
  );
}

function refusal(f: RefusalForm) {
  return slip(
    f,
    (doc) => {
      applicantLines(doc, f, `Ngày ${formatDate(f.receivedAt)}, ${f.office.name} tiếp nhận hồ sơ của:`);
      paragraph(doc, `Qua xem xét, đối chiếu với các quy định hiện hành, ${f.issuers.map((i) => i.name).join('; ')} thông báo từ chối giải quyết hồ sơ với lý do cụ thể như sau:`, { align: 'justify' });
      f.refusals.forEach((r, i) => {
        ensureSpace(doc, 36);
        paragraph(doc, `${i + 1}. ${r.procedureName} – ${r.agencyName} (ngày ${formatDate(r.refusedAt)}):`, { font: 'bold' });
        paragraph(doc, `Lý do: ${r.reason.replace(/[.\s]+$/, '')} (mã ${r.reasonCode}).`, { indent: 10 });
      });
      if (f.otherProcedures.length) {
        heading(doc, 'Các thủ tục khác của hồ sơ:');
        for (const p of f.otherProcedures) bullet(doc, `${p.procedureName}: ${p.statusLabel}`);
      }
      doc.moveDown(0.3);
      paragraph(doc, 'Xin thông báo để Ông/Bà được biết.');
    },
    ['THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT'],
  );
}

function apology(f: ApologyForm) {
  return slip(
    f,
    (doc) => {
      applicantLines(doc, f, `Ngày ${formatDate(f.receivedAt)}, ${f.office.name} tiếp nhận và chuyển giải quyết hồ sơ của:`);
      field(doc, 'Thời hạn trả kết quả giải quyết hồ sơ', formatLongDateTime(f.previousAppointmentAt));
      paragraph(doc, `Tuy nhiên đến nay, hồ sơ của Ông/Bà chưa được giải quyết xong. Lý do: ${f.reason}`, { align: 'justify' });
      paragraph(doc, 'Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của Ông/Bà. Chúng tôi xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào:', { align: 'justify' });
      paragraph(doc, formatLongDateTime(f.newAppointmentAt), { font: 'bold', align: 'center', size: 10 });
      paragraph(doc, 'Mong nhận được sự thông cảm của Ông/Bà vì sự chậm trễ này.');
    },
    ['THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ'],
  );
}

function processControl(f: ProcessControlForm) {
  return slip(
    f,
    async (doc) => {
      field(doc, 'Kèm theo hồ sơ của', f.applicant.fullName || '……………………');
      field(doc, 'Cơ quan tiếp nhận', f.office.name);
      if (f.leadAgency) field(doc, 'Cơ quan chủ trì giải quyết', f.leadAgency.name);
      if (f.coordinatingAgencies.length) field(doc, 'Cơ quan phối hợp giải quyết', f.coordinatingAgencies.map((a) => a.name).join('; '));
      field(doc, 'Ngày tiếp nhận', formatDateTime(f.receivedAt));
      field(doc, 'Ngày hẹn trả kết quả', formatDateTime(f.appointmentAt));
      field(doc, 'Tình trạng', f.caseStatusLabel);
      paragraph(doc, 'Cơ quan giải quyết:', { font: 'bold' });
      for (const p of f.procedures) bullet(doc, `${p.procedureName}: ${p.agencyName} (${p.statusLabel}${p.dueAt ? `, hạn ${formatDateTime(p.dueAt)}` : ''})`);
      doc.moveDown(0.4);
      await table(
        doc,
        [
          { header: 'TT', share: 0.06, align: 'center' },
          { header: 'Giao, nhận hồ sơ', share: 0.3 },
          { header: 'Nội dung', share: 0.2 },
          { header: 'Thời gian', share: 0.13, align: 'center' },
          { header: 'Trước / đúng / quá hạn', share: 0.14, align: 'center' },
          { header: 'Ghi chú', share: 0.17 },
        ],
        f.handOvers.map((h, i) => [
          String(i + 1),
          `Giao: ${h.from.label}\nNhận: ${h.to.label}`,
          h.procedureName ? `${h.typeLabel}\n(${h.procedureName})` : h.typeLabel,
          `${formatDateTime(h.at).replace(' ', '\n')}`,
          h.timelinessLabel ? `${h.timelinessLabel}${h.dueAt ? `\n(hạn ${formatDateTime(h.dueAt)})` : ''}` : '',
          h.note ?? '',
        ]).concat(
          // The fourth step is the slip's last row: blank for the desk to fill until it is recorded.
          f.resultReturn.state === 'returned' ? [] : [[String(f.handOvers.length + 1), `Giao: ${f.office.name}\nNhận: Người nộp hồ sơ`, 'Trả kết quả cho tổ chức, cá nhân', '', '', 'Chưa trả kết quả']],
        ),
        7,
      );
    },
    [],
  );
}

/** The printable slip of a case form (A5). */
export function renderCaseFormPdf(form: CaseForm): Promise<Buffer> {
  switch (form.form) {
    case 'receipt':
      return receipt(form);
    case 'supplement-request':
      return supplementRequest(form);
    case 'refusal':
      return refusal(form);
    case 'apology':
      return apology(form);
    case 'process-control':
      return processControl(form);
  }
}
