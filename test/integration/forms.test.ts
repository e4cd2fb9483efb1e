import { localDateOf } from '../../domain';
import { readPdf } from '../helpers/pdf-text';
import { deathRequest, OFFICE, OTHER_OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

const DEATH_EXTRACT = { extractNumber: '12/2026', get extractDate() { return todayInVietnam(); }, registerBook: 'KT-01' };
const A5 = { width: 419.53, height: 595.28 };

describe('the forms of Circular 01/2018 through the HTTP API', () => {
  let sys: TestSystem;
  const desk = () => sys.keys.desk[OFFICE]!;
  const formPath = (code: string, form: string, query = '') => `/v1/cases/${code}/forms/${form}${query}`;

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const open = (body: unknown = deathRequest()) => sys.openCase(body, desk());
  async function act(caseCode: string, stepId: string, action: string, agencyCode: string, body: unknown) {
    expect((await sys.actAsAgency(caseCode, stepId, action, agencyCode, body)).status).toBe(200);
  }

  /** The raw answer: the test helper's call() parses JSON, a PDF is bytes. */
  async function raw(path: string, key: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${sys.apiUrl}${path}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  test('When a case is received, then the desk gets the receipt as JSON and as an A5 PDF with the case code', async () => {
    const created = await open();
    const code = created.caseCode;
    const json = await sys.call('GET', formPath(code, 'receipt'), { key: desk() });
    expect(json.status).toBe(200);
    expect(json.headers.get('cache-control')).toBe('no-store');
    expect(json.body).toMatchObject({
      form: 'receipt',
      title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      caseCode: code,
      office: { code: OFFICE, name: 'Bộ phận Một cửa phường Ba Đình' },
      issuedAt: created.receivedAt,
      appointmentAt: created.appointmentAt,
      applicant: { fullName: 'Nguyễn Văn An', phone: '0912345678' },
      subject: { fullName: 'Nguyễn Văn Bình' },
    });
    expect(json.body.procedures.map((p: any) => p.procedureName)).toEqual(['Đăng ký khai tử', 'Xóa đăng ký thường trú', 'Trợ cấp mai táng / hỗ trợ chi phí mai táng', 'Trợ cấp tử tuất']);

    const pdf = await raw(formPath(code, 'receipt', '?format=pdf'), desk());
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`inline; filename="${code}-receipt.pdf"`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [page] = readPdf(pdf.bytes);
    expect(page).toMatchObject(A5);
    expect(page!.text).toContain(`Mã hồ sơ: ${code}`);
    expect(page!.text).toContain('Ông/Bà: Nguyễn Văn An');

    // Accept negotiates too, and the same ledger prints the same bytes.
    const accepted = await raw(formPath(code, 'receipt'), desk(), { accept: 'application/pdf' });
    expect(accepted.headers.get('content-type')).toBe('application/pdf');
    expect(accepted.bytes.equals(pdf.bytes)).toBe(true);
  });

  test('When an agency asks for a supplement and another refuses, then the desk gets both slips; before that they are 404', async () => {
    const { caseCode } = await open(deathRequest({ procedures: ['death-registration', 'residence-deregistration', 'funeral-allowance'], benefitStatus: 'social-assistance' }));
    for (const form of ['supplement-request', 'refusal', 'apology']) {
      const none = await sys.call('GET', formPath(caseCode, form), { key: desk() });
      expect({ form, status: none.status, title: none.body.title }).toEqual({ form, status: 404, title: 'Form not issued' });
    }
    await act(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: DEATH_EXTRACT });
    const items = [{ code: 'household-book', description: 'Bản sao sổ hộ khẩu hoặc giấy xác nhận cư trú' }];
    await act(caseCode, 'residence-deregistration', 'request-supplement', 'POLICE-BA-DINH', { items });
    await act(caseCode, 'funeral-allowance', 'reject', 'SOCIAL-BA-DINH', { reasonCode: 'NOT_ELIGIBLE', reason: 'Người mất không thuộc diện hưởng trợ cấp xã hội hằng tháng.' });

    const supplement = await sys.call('GET', formPath(caseCode, 'supplement-request'), { key: desk() });
    expect(supplement.status).toBe(200);
    expect(supplement.body.requests).toEqual([expect.objectContaining({ procedureName: 'Xóa đăng ký thường trú', agencyName: 'Công an phường Ba Đình', items, submittedAt: null })]);
    const refusal = await sys.call('GET', formPath(caseCode, 'refusal'), { key: desk() });
    expect(refusal.status).toBe(200);
    expect(refusal.body.refusals).toEqual([expect.objectContaining({ stepId: 'funeral-allowance', reasonCode: 'NOT_ELIGIBLE', agencyName: 'UBND phường Ba Đình – Văn hóa – Xã hội (bảo trợ xã hội)' })]);
    for (const form of ['supplement-request', 'refusal']) {
      const pdf = await raw(formPath(caseCode, form, '?format=pdf'), desk());
      expect(readPdf(pdf.bytes)[0]!.text).toContain(form === 'refusal' ? 'THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ' : 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    }
  });

  test('When the ledger holds an APOLOGY_ISSUED event, then the desk gets the apology with the new appointment', async () => {
    const created = await open(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }));
    const code = created.caseCode;
    await act(code, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: DEATH_EXTRACT });
    // The police step now waits on the agency: no more events come, so the inserted one cannot collide.
    const last = await waitFor(async () => {
      const rows = await sys.db.caseEvent.findMany({ where: { caseCode: code }, orderBy: { seq: 'desc' }, take: 1 });
      return rows[0]?.type === 'DISPATCHED' && rows[0].stepId === 'residence-deregistration' ? rows[0] : undefined;
    }, 'the police dispatch in the ledger');
    const newAppointmentAt = new Date(Date.parse(created.appointmentAt) + 3 * 86_400_000).toISOString();
    const seq = last.seq + 1;
    await sys.db.caseEvent.create({
      data: {
        id: `${code}#${seq}`,
        caseCode: code,
        seq,
        type: 'APOLOGY_ISSUED',
        stepId: null,
        actor: `desk:${OFFICE}`,
        fromParty: `desk:${OFFICE}`,
        toParty: 'applicant',
        at: new Date(),
        details: { previousAppointmentAt: created.appointmentAt, newAppointmentAt, lateSteps: ['residence-deregistration'] },
      },
    });
    const apology = await sys.call('GET', formPath(code, 'apology'), { key: desk() });
    expect(apology.status).toBe(200);
    expect(apology.body).toMatchObject({ form: 'apology', previousAppointmentAt: created.appointmentAt, newAppointmentAt, lateSteps: [{ stepId: 'residence-deregistration', agencyName: 'Công an phường Ba Đình' }] });
    const pdf = await raw(formPath(code, 'apology', '?format=pdf'), desk());
    expect(readPdf(pdf.bytes)[0]!.text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');

    const control = await sys.call('GET', formPath(code, 'process-control'), { key: desk() });
    expect(control.body.appointmentAt).toBe(newAppointmentAt);
    expect(control.body.handOvers.map((h: any) => h.type)).toEqual(['RECEIVED', 'DISPATCHED', 'COMPLETED', 'DISPATCHED', 'APOLOGY_ISSUED']);
  });

  test('When steps are handed over, then the process-control slip lists each hand-over with whether it was on time', async () => {
    const { caseCode } = await open(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }));
    await act(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: DEATH_EXTRACT });
    await act(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: todayInVietnam() } });
    await sys.waitForCase(caseCode, ['COMPLETED']);
    const res = await sys.call('GET', formPath(caseCode, 'process-control'), { key: desk() });
    expect(res.status).toBe(200);
    const handOvers = res.body.handOvers as any[];
    expect(handOvers.map((h) => [h.type, h.from.label, h.to.label])).toEqual([
      ['RECEIVED', 'Người nộp hồ sơ', 'Bộ phận Một cửa phường Ba Đình'],
      ['DISPATCHED', 'Bộ phận Một cửa phường Ba Đình', 'UBND phường Ba Đình – Tư pháp hộ tịch'],
      ['COMPLETED', 'UBND phường Ba Đình – Tư pháp hộ tịch', 'Bộ phận Một cửa phường Ba Đình'],
      ['DISPATCHED', 'Bộ phận Một cửa phường Ba Đình', 'Công an phường Ba Đình'],
      ['COMPLETED', 'Công an phường Ba Đình', 'Bộ phận Một cửa phường Ba Đình'],
      ['CLOSED', 'Hệ thống giải quyết liên thông', 'Bộ phận Một cửa phường Ba Đình'],
    ]);
    // Answered within seconds of dispatch: on time, each against its step's due date.
    for (const h of handOvers.filter((x) => x.type === 'COMPLETED' || x.type === 'CLOSED')) expect(h).toMatchObject({ onTime: true, dueAt: expect.any(String) });
    expect(handOvers.filter((h) => h.type === 'DISPATCHED').every((h) => h.onTime === null)).toBe(true);
    const pdf = await raw(formPath(caseCode, 'process-control', '?format=pdf'), desk());
    expect(readPdf(pdf.bytes)[0]!.text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  });

  test("When the desk asks for today's tracking book, then it lists today's cases, as JSON and as an A4 landscape PDF", async () => {
    const a = await open(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }));
    const b = await open(deathRequest({ procedures: ['death-registration', 'survivor-allowance'] }));
    const today = localDateOf(new Date());
    const path = `/v1/offices/${OFFICE}/tracking-book?from=${today}&to=${today}`;
    const json = await sys.call('GET', path, { key: desk() });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ form: 'tracking-book', office: { code: OFFICE }, from: today, to: today });
    const rows = json.body.rows as any[];
    expect(json.body.count).toBe(rows.length);
    const ours = rows.filter((r) => [a.caseCode, b.caseCode].includes(r.caseCode));
    expect(ours.map((r) => [r.caseCode, r.applicant.fullName])).toEqual([
      [a.caseCode, 'Nguyễn Văn An'],
      [b.caseCode, 'Nguyễn Văn An'],
    ]);
    const pdf = await raw(`${path}&format=pdf`, desk());
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const pages = readPdf(pdf.bytes);
    expect(pages[0]).toMatchObject({ width: 841.89, height: 595.28 });
    expect(pages.map((p) => p.text).join('\n')).toContain(b.caseCode);
  });

  test('When others ask, then operators and agencies get 403, another office gets 404 for the case and 403 for the book; bad asks are refused', async () => {
    const { caseCode } = await open();
    const status = async (path: string, key: string) => (await sys.call('GET', path, { key })).status;
    expect(await status(formPath(caseCode, 'receipt'), sys.keys.operator)).toBe(403);
    expect(await status(formPath(caseCode, 'receipt'), sys.keys.agencies['CIVIL-BA-DINH']!)).toBe(403);
    expect(await status(formPath(caseCode, 'receipt'), sys.keys.desk[OTHER_OFFICE]!)).toBe(404);
    expect(await status(`/v1/offices/${OFFICE}/tracking-book`, sys.keys.operator)).toBe(403);
    expect(await status(`/v1/offices/${OFFICE}/tracking-book`, sys.keys.desk[OTHER_OFFICE]!)).toBe(403);

    const unknown = await sys.call('GET', formPath(caseCode, 'birth-certificate'), { key: desk() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.knownForms).toEqual(['receipt', 'supplement-request', 'refusal', 'apology', 'process-control']);
    expect(await status(formPath(caseCode, 'receipt', '?format=docx'), desk())).toBe(422);
    expect(await status(`/v1/offices/${OFFICE}/tracking-book?from=2026-03-02&to=2026-03-01`, desk())).toBe(422);
    expect(await status(`/v1/offices/${OFFICE}/tracking-book?from=2025-01-01&to=2026-01-02`, desk())).toBe(422);
  });

  test('When a range holds more than 5000 cases, then the book is refused with 422 naming the count', async () => {
    // Rows straight into the ledger, on a past day of the other office, removed afterwards.
    const prefix = `${OTHER_OFFICE}-250303-`;
    const receivedAt = new Date('2025-03-03T03:00:00.000Z');
    await sys.db.case.createMany({
      data: Array.from({ length: 5001 }, (_, i) => ({ code: `${prefix}${String(i + 1).padStart(4, '0')}`, group: 'death', catalogueVersion: '2024-07-01', officeCode: OTHER_OFFICE, channel: 'desk', resultDelivery: 'desk', status: 'WITHDRAWN', receivedAt, appointmentAt: receivedAt })),
    });
    try {
      const res = await sys.call('GET', `/v1/offices/${OTHER_OFFICE}/tracking-book?from=2025-03-03&to=2025-03-03`, { key: sys.keys.desk[OTHER_OFFICE] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ title: 'Tracking book too large', count: 5001, maxRows: 5000 });
    } finally {
      await sys.db.case.deleteMany({ where: { code: { startsWith: prefix } } });
    }
  });
});
