import { buildCaseForm, buildReceipt, buildTrackingBook, CASE_FORM_KEYS, LedgerCase } from '../../forms';
import { renderCaseFormPdf } from '../../forms/pdf/slips';
import { renderTrackingBookPdf } from '../../forms/pdf/tracking-book';
import { CODE, dossier, event, ledgerCase, OFFICE, withEvents } from '../helpers/forms-ledger';
import { readPdf } from '../helpers/pdf-text';

const A5 = { width: 419.53, height: 595.28 };
const A4_LANDSCAPE = { width: 841.89, height: 595.28 };
const DESK = `desk:${OFFICE}`;

/** A case with something for every form: a supplement request, a refusal, an apology. */
function eventfulCase(): LedgerCase {
  return withEvents(
    ledgerCase(),
    [
      event(5, 'SUPPLEMENT_REQUESTED', 'residence-deregistration', 'agency:POLICE-BA-DINH', 'applicant', '2026-11-26T03:00:00.000Z', { items: ['household-book'] }),
      event(6, 'REJECTED', 'funeral-allowance', 'agency:VSS-HA-NOI', DESK, '2026-11-27T03:00:00.000Z', { reasonCode: 'NOT_ELIGIBLE' }),
      event(7, 'APOLOGY_ISSUED', null, DESK, 'applicant', '2026-12-01T01:00:00.000Z', { previousAppointmentAt: '2026-12-02T10:00:00.000Z', newAppointmentAt: '2026-12-07T10:00:00.000Z', lateSteps: ['residence-deregistration'] }),
    ],
    {
      'residence-deregistration': { status: 'AWAITING_SUPPLEMENT', supplementRequest: { items: [{ code: 'household-book', description: 'Bản sao sổ hộ khẩu' }], requestedAt: '2026-11-26T03:00:00.000Z' } },
      'funeral-allowance': { status: 'REJECTED', finishedAt: '2026-11-27T03:00:00.000Z', rejection: { reasonCode: 'NOT_ELIGIBLE', reason: 'Người mất không thuộc diện hưởng trợ cấp.' } },
    },
  );
}

describe('printable forms (PDF)', () => {
  test('When the receipt is printed, then it is one A5 page in Vietnamese with the heading, office, case code, applicant and dates', async () => {
    const pdf = await renderCaseFormPdf(buildReceipt(ledgerCase(), dossier));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = readPdf(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject(A5);
    const text = pages[0]!.text;
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'PHƯỜNG BA ĐÌNH',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      `Mã hồ sơ: ${CODE}`,
      'Ông/Bà: Nguyễn Văn An',
      'Hà Nội, ngày 25 tháng 11 năm 2026',
      '4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 25/11/2026.',
      '5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 02/12/2026.',
    ]) {
      expect(text).toContain(expected);
    }
  });

  test('When the same ledger is printed twice, then the bytes are the same and the creation date is the form’s own date', async () => {
    const form = buildReceipt(ledgerCase(), dossier);
    const [a, b] = await Promise.all([renderCaseFormPdf(form), renderCaseFormPdf(form)]);
    expect(a.equals(b)).toBe(true);
    const info = a.toString('latin1');
    const ref = /\/CreationDate (\d+) 0 R/.exec(info)?.[1];
    expect(info).toMatch(new RegExp(`${ref} 0 obj\\s*\\(D:20261125020500Z\\)`));
  });

  test('When names arrive decomposed (NFD), then the page still carries the precomposed Vietnamese letters', async () => {
    const nfd = { ...dossier, applicant: { ...(dossier.applicant as object), fullName: 'Nguyễn Thị Hường'.normalize('NFD') } };
    const text = readPdf(await renderCaseFormPdf(buildReceipt(ledgerCase(), nfd)))[0]!.text;
    expect(text).toContain('Ông/Bà: Nguyễn Thị Hường'.normalize('NFC'));
  });

  test.each(CASE_FORM_KEYS.filter((k) => k !== 'receipt'))('When the %s form is printed, then it is an A5 slip with its title and the case code', async (key) => {
    const form = buildCaseForm(key, eventfulCase(), dossier)!;
    const pages = readPdf(await renderCaseFormPdf(form));
    expect(pages[0]).toMatchObject(A5);
    expect(pages[0]!.text).toContain(form.title);
    expect(pages[0]!.text).toContain(`Mã hồ sơ: ${CODE}`);
  });

  test('When the tracking book runs over several pages, then it is A4 landscape with the header on every page', async () => {
    const cases = Array.from({ length: 12 }, (_, i) => ({ ...eventfulCase(), caseCode: `${OFFICE}-261125-${String(i + 1).padStart(4, '0')}`, applicant: dossier.applicant }));
    const pages = readPdf(await renderTrackingBookPdf(buildTrackingBook(OFFICE, '2026-11-25', '2026-11-25', cases)));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page).toMatchObject(A4_LANDSCAPE);
      expect(page.text).toContain('Mã hồ sơ');
    }
    expect(pages[0]!.text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(pages[0]!.text).toContain('Từ ngày 25/11/2026 đến ngày 25/11/2026 · 12 hồ sơ');
    const all = pages.map((p) => p.text).join('\n');
    for (const c of cases) expect(all).toContain(c.caseCode);
  });
});
