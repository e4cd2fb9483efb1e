import { buildTrackingBook, TrackingCase } from '../../forms';
import { CODE, dossier, event, ledgerCase, OFFICE, withEvents } from '../helpers/forms-ledger';

const DESK = `desk:${OFFICE}`;
const tracked = (c = ledgerCase()): TrackingCase => ({ ...c, applicant: dossier.applicant });

describe('dossier tracking book (Mẫu số 06)', () => {
  test('When an office received cases, then the book lists them oldest first with applicant, procedures, hand-over and appointment', () => {
    const later = tracked(ledgerCase({ caseCode: `${OFFICE}-261125-0002`, receivedAt: '2026-11-25T04:00:00.000Z' }));
    const book = buildTrackingBook(OFFICE, '2026-11-25', '2026-11-25', [later, tracked()]);
    expect(book).toMatchObject({ form: 'tracking-book', formNumber: 'Mẫu số 06', title: 'SỔ THEO DÕI HỒ SƠ', office: { name: 'Bộ phận Một cửa phường Ba Đình' }, from: '2026-11-25', to: '2026-11-25', count: 2 });
    expect(book.rows.map((r) => [r.no, r.caseCode])).toEqual([
      [1, CODE],
      [2, `${OFFICE}-261125-0002`],
    ]);
    expect(book.rows[0]).toMatchObject({
      applicant: { fullName: 'Nguyễn Văn An', phone: '0912345678' },
      firstDispatchedAt: '2026-11-25T02:05:01.000Z',
      appointmentAt: '2026-12-02T10:00:00.000Z',
      closedAt: null,
      statusLabel: 'Đang giải quyết',
      timeliness: null,
      notes: [],
    });
    expect(book.rows[0]!.procedures.map((p) => p.procedureName)).toEqual(['Đăng ký khai tử', 'Xóa đăng ký thường trú', 'Trợ cấp mai táng / hỗ trợ chi phí mai táng']);
    // The book's own date is the latest activity it shows, so the same ledger prints the same book.
    expect(book.issuedAt).toBe('2026-11-25T04:00:00.000Z');
  });

  test('When a case had a supplement, a refusal and a new appointment and closed late, then the notes and the timeliness say so', () => {
    const c = withEvents(
      ledgerCase({ status: 'PARTIALLY_COMPLETED', closedAt: '2026-12-08T03:00:00.000Z' }),
      [event(5, 'APOLOGY_ISSUED', null, DESK, 'applicant', '2026-12-01T01:00:00.000Z', { previousAppointmentAt: '2026-12-02T10:00:00.000Z', newAppointmentAt: '2026-12-07T10:00:00.000Z', lateSteps: [] })],
      {
        'residence-deregistration': { status: 'COMPLETED', supplementRequest: { items: [], requestedAt: '2026-11-26T03:00:00.000Z' } },
        'funeral-allowance': { status: 'REJECTED', rejection: { reasonCode: 'NOT_ELIGIBLE', reason: 'Không thuộc diện.' } },
      },
    );
    // The on-time measure runs to the return of the result: closed, not yet returned, no verdict.
    const [waiting] = buildTrackingBook(OFFICE, '2026-11-01', '2026-11-30', [tracked(c)]).rows;
    expect(waiting).toMatchObject({ resultReceivedAt: '2026-12-08T03:00:00.000Z', returnedAt: null, timeliness: null, signature: null, dossierSets: 1 });
    expect(waiting!.notes).toEqual(['Yêu cầu bổ sung (Xóa đăng ký thường trú) ngày 26/11/2026', 'Từ chối: Trợ cấp mai táng / hỗ trợ chi phí mai táng', 'Xin lỗi, hẹn lại ngày 07/12/2026', 'Chưa trả kết quả']);
    const [row] = buildTrackingBook(OFFICE, '2026-11-01', '2026-11-30', [tracked({ ...c, returnedAt: '2026-12-08T04:00:00.000Z', returnMethod: 'post' })]).rows;
    expect(row).toMatchObject({
      appointmentAt: '2026-12-07T10:00:00.000Z',
      resultReceivedAt: '2026-12-08T03:00:00.000Z',
      returnedAt: '2026-12-08T04:00:00.000Z',
      returnMethodLabel: 'Qua dịch vụ bưu chính',
      timeliness: 'late',
      timelinessLabel: 'Quá hạn',
      statusLabel: 'Giải quyết một phần',
    });
    expect(row!.notes).toEqual(['Yêu cầu bổ sung (Xóa đăng ký thường trú) ngày 26/11/2026', 'Từ chối: Trợ cấp mai táng / hỗ trợ chi phí mai táng', 'Xin lỗi, hẹn lại ngày 07/12/2026']);
  });

  test('When every agency answered in time but the result was returned after the appointment, then the case is late; returned before the day, early', () => {
    const closed = ledgerCase({ status: 'COMPLETED', closedAt: '2026-11-27T03:00:00.000Z' });
    const late = buildTrackingBook(OFFICE, '2026-11-01', '2026-11-30', [tracked({ ...closed, returnedAt: '2026-12-03T02:00:00.000Z', returnMethod: 'desk' })]).rows[0];
    expect(late).toMatchObject({ timeliness: 'late', returnMethodLabel: 'Tại Bộ phận Một cửa' });
    const early = buildTrackingBook(OFFICE, '2026-11-01', '2026-11-30', [tracked({ ...closed, returnedAt: '2026-11-28T02:00:00.000Z', returnMethod: 'online' })]).rows[0];
    expect(early).toMatchObject({ timeliness: 'early', returnMethodLabel: 'Trực tuyến' });
  });

  test('When the range holds no case, then the book is empty and dated at the start of the range (Vietnam midnight)', () => {
    const book = buildTrackingBook(OFFICE, '2026-11-01', '2026-11-30', []);
    expect(book).toMatchObject({ count: 0, rows: [], issuedAt: '2026-10-31T17:00:00.000Z' });
  });
});
