import { CASE_STATUSES, EVENT_TYPES, STEP_STATUSES } from '../../domain';
import { buildApology, buildCaseForm, buildProcessControl, buildReceipt, buildRefusal, buildSupplementRequest, LedgerDataError } from '../../forms';
import { CASE_STATUS_LABELS, EVENT_LABELS, formatDate, formatLongDateTime, placeAndDate, STEP_STATUS_LABELS } from '../../forms/format';
import { CODE, dossier, event, ledgerCase, OFFICE, withEvents } from '../helpers/forms-ledger';

const DESK = `desk:${OFFICE}`;
const POLICE = 'agency:POLICE-BA-DINH';
const apologyEvent = (seq: number, details: Record<string, unknown>) => event(seq, 'APOLOGY_ISSUED', null, DESK, 'applicant', '2026-12-01T01:00:00.000Z', details);
const APOLOGY = { previousAppointmentAt: '2026-12-02T10:00:00.000Z', newAppointmentAt: '2026-12-07T10:00:00.000Z', lateSteps: ['residence-deregistration'] };

describe('Vietnamese wording and dates', () => {
  test('When an instant is late in the UTC day, then the form shows the Vietnam (UTC+7) date, as dd/mm/yyyy', () => {
    expect(formatDate('2026-11-25T18:30:00.000Z')).toBe('26/11/2026');
    expect(formatLongDateTime('2026-11-25T10:00:00.000Z')).toBe('17 giờ 00 phút, ngày 25/11/2026');
    expect(placeAndDate('Hà Nội', '2026-01-04T17:00:00.000Z')).toBe('Hà Nội, ngày 05 tháng 01 năm 2026');
  });

  test('Every event type, case status and step status of domain/ has a Vietnamese label', () => {
    expect(EVENT_TYPES.filter((t) => !EVENT_LABELS[t])).toEqual([]);
    expect(CASE_STATUSES.filter((s) => !CASE_STATUS_LABELS[s])).toEqual([]);
    expect(STEP_STATUSES.filter((s) => !STEP_STATUS_LABELS[s])).toEqual([]);
  });
});

describe('receipt (Mẫu số 01)', () => {
  test('When a case is received, then the receipt names the office, applicant, procedures in catalogue order, documents and appointment', () => {
    const r = buildReceipt(ledgerCase(), dossier);
    expect(r).toMatchObject({
      form: 'receipt',
      formNumber: 'Mẫu số 01',
      title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      legalBasis: 'Thông tư 01/2018/TT-VPCP',
      caseCode: CODE,
      office: { code: OFFICE, name: 'Bộ phận Một cửa phường Ba Đình', province: 'Hà Nội' },
      issuedAt: '2026-11-25T02:05:00.000Z',
      applicant: { fullName: 'Nguyễn Văn An', phone: '0912345678', relationship: 'con', email: null },
      subject: { label: 'Người mất', fullName: 'Nguyễn Văn Bình' },
      appointmentAt: '2026-12-02T10:00:00.000Z',
      dossierSets: 1,
      channelLabel: 'Trực tiếp tại Bộ phận Một cửa',
      resultDeliveryLabel: 'Tại Bộ phận Một cửa',
    });
    expect(r.procedures.map((p) => [p.procedureName, p.agencyName, p.timeLimitText])).toEqual([
      ['Đăng ký khai tử', 'UBND phường Ba Đình – Tư pháp hộ tịch', 'trong ngày làm việc (nhận sau 15:00: ngày làm việc tiếp theo)'],
      ['Xóa đăng ký thường trú', 'Công an phường Ba Đình', '5 ngày làm việc'],
      ['Trợ cấp mai táng / hỗ trợ chi phí mai táng', 'Bảo hiểm xã hội thành phố Hà Nội', '5 ngày làm việc'],
    ]);
    expect(r.documents.map((d) => d.name)).toEqual(['Giấy báo tử hoặc giấy tờ thay thế giấy báo tử', 'Tờ khai liên thông', 'Tờ khai mẫu số 02 (điện tử)']);
    expect(r.request).toBe('Giải quyết liên thông các thủ tục: Đăng ký khai tử; Xóa đăng ký thường trú; Trợ cấp mai táng / hỗ trợ chi phí mai táng');
  });

  test('When the appointment was later moved, then the receipt still shows the one first given', () => {
    const moved = withEvents(ledgerCase({ appointmentAt: '2026-12-07T10:00:00.000Z' }), [apologyEvent(5, APOLOGY)]);
    expect(buildReceipt(moved, dossier).appointmentAt).toBe('2026-12-02T10:00:00.000Z');
  });
});

describe('supplement request (Mẫu số 02), refusal (Mẫu số 03), apology (Mẫu số 04)', () => {
  const items = [
    { code: 'household-book', description: 'Bản sao sổ hộ khẩu hoặc giấy xác nhận cư trú' },
    { code: 'authorisation', description: 'Giấy ủy quyền của người thân' },
  ];

  test('When no step asked for anything, refused or was apologised for, then those forms do not exist', () => {
    for (const key of ['supplement-request', 'refusal', 'apology'] as const) expect(buildCaseForm(key, ledgerCase(), dossier)).toBeUndefined();
  });

  test('When two steps asked for a supplement, then one slip lists both, dated by the later request, with the answer time', () => {
    const c = withEvents(
      ledgerCase(),
      [
        event(5, 'SUPPLEMENT_REQUESTED', 'residence-deregistration', POLICE, 'applicant', '2026-11-26T03:00:00.000Z', { items: ['household-book', 'authorisation'] }),
        event(6, 'SUPPLEMENT_REQUESTED', 'funeral-allowance', 'agency:VSS-HA-NOI', 'applicant', '2026-11-27T03:00:00.000Z', { items: ['benefit-form'] }),
        event(7, 'SUPPLEMENT_SUBMITTED', 'residence-deregistration', 'applicant', DESK, '2026-11-28T03:00:00.000Z', { items: ['household-book', 'authorisation'] }),
      ],
      {
        'residence-deregistration': { supplementRequest: { items, requestedAt: '2026-11-26T03:00:00.000Z' } },
        'funeral-allowance': { status: 'AWAITING_SUPPLEMENT', supplementRequest: { items: [{ code: 'benefit-form', description: 'Tờ khai mẫu số 02' }], note: 'Ký đầy đủ', requestedAt: '2026-11-27T03:00:00.000Z' } },
      },
    );
    const f = buildSupplementRequest(c, dossier)!;
    expect(f).toMatchObject({ form: 'supplement-request', formNumber: 'Mẫu số 02', issuedAt: '2026-11-27T03:00:00.000Z', applicant: { fullName: 'Nguyễn Văn An' } });
    expect(f.requests).toEqual([
      { stepId: 'residence-deregistration', procedureName: 'Xóa đăng ký thường trú', agencyCode: 'POLICE-BA-DINH', agencyName: 'Công an phường Ba Đình', requestedAt: '2026-11-26T03:00:00.000Z', items, note: null, submittedAt: '2026-11-28T03:00:00.000Z' },
      expect.objectContaining({ stepId: 'funeral-allowance', note: 'Ký đầy đủ', submittedAt: null }),
    ]);
  });

  test('When a benefit step is refused, then the refusal gives its reason and what else stands', () => {
    const c = withEvents(ledgerCase({ status: 'PARTIALLY_COMPLETED' }), [event(5, 'REJECTED', 'funeral-allowance', 'agency:VSS-HA-NOI', DESK, '2026-11-27T03:00:00.000Z', { reasonCode: 'NOT_ELIGIBLE' })], {
      'funeral-allowance': { status: 'REJECTED', finishedAt: '2026-11-27T03:00:00.000Z', rejection: { reasonCode: 'NOT_ELIGIBLE', reason: 'Không thuộc diện hưởng.' } },
    });
    const f = buildRefusal(c, dossier)!;
    // The competent agency's notice after appraisal, in its name: not Mẫu 03 (the desk's refusal at receipt).
    expect(f).toMatchObject({ formNumber: 'Văn bản của cơ quan có thẩm quyền', title: 'THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ', issuedAt: '2026-11-27T03:00:00.000Z', caseStatusLabel: 'Giải quyết một phần' });
    expect(f.issuers).toEqual([{ kind: 'agency', code: f.refusals[0]!.agencyCode, name: f.refusals[0]!.agencyName }]);
    expect(f.refusals).toEqual([expect.objectContaining({ procedureName: 'Trợ cấp mai táng / hỗ trợ chi phí mai táng', reasonCode: 'NOT_ELIGIBLE', reason: 'Không thuộc diện hưởng.' })]);
    expect(f.otherProcedures.map((p) => [p.stepId, p.statusLabel])).toEqual([
      ['death-registration', 'Đã có kết quả'],
      ['residence-deregistration', 'Đang giải quyết'],
    ]);
  });

  test('When an APOLOGY_ISSUED event is in the ledger, then the apology gives both dates and the late procedures', () => {
    const f = buildApology(withEvents(ledgerCase(), [apologyEvent(5, APOLOGY)]), dossier)!;
    expect(f).toMatchObject({ formNumber: 'Mẫu số 04', issuedAt: '2026-12-01T01:00:00.000Z', previousAppointmentAt: APOLOGY.previousAppointmentAt, newAppointmentAt: APOLOGY.newAppointmentAt });
    expect(f.lateSteps).toEqual([{ stepId: 'residence-deregistration', procedureName: 'Xóa đăng ký thường trú', agencyCode: 'POLICE-BA-DINH', agencyName: 'Công an phường Ba Đình' }]);
    expect(f.reason).toBe('Thủ tục chưa giải quyết xong trong thời hạn quy định: Xóa đăng ký thường trú (Công an phường Ba Đình).');
  });

  test('When an apology event cannot be read, then building fails loudly rather than printing a wrong date', () => {
    expect(() => buildApology(withEvents(ledgerCase(), [apologyEvent(5, { newAppointmentAt: 'soon' })]), dossier)).toThrow(LedgerDataError);
  });
});

describe('process-control slip (Mẫu số 05)', () => {
  test('When agencies answer before, on and after their due date, then each hand-over says trước hạn, đúng hạn or quá hạn', () => {
    const c = withEvents(ledgerCase(), [
      event(5, 'SUPPLEMENT_REQUESTED', 'residence-deregistration', POLICE, 'applicant', '2026-11-26T03:00:00.000Z', { items: ['x'] }),
      event(6, 'SUPPLEMENT_SUBMITTED', 'residence-deregistration', 'applicant', DESK, '2026-12-03T03:00:00.000Z', { items: ['x'] }),
      // Re-dispatched after the supplement: the clock restarts, a new due date.
      event(7, 'DISPATCHED', 'residence-deregistration', DESK, POLICE, '2026-12-03T03:00:01.000Z', { resubmission: 1, dueAt: '2026-12-10T10:00:00.000Z' }),
      event(8, 'COMPLETED', 'residence-deregistration', POLICE, DESK, '2026-12-04T03:00:00.000Z', {}),
      event(9, 'COMPLETED', 'funeral-allowance', 'agency:VSS-HA-NOI', DESK, '2026-12-03T03:00:00.000Z', {}),
      event(10, 'CLOSED', null, 'engine', DESK, '2026-12-04T03:00:01.000Z', { outcome: 'COMPLETED' }, 'engine'),
    ]);
    const f = buildProcessControl(c);
    expect(f).toMatchObject({ formNumber: 'Mẫu số 05', issuedAt: '2026-12-04T03:00:01.000Z' });
    expect(f.handOvers).toHaveLength(11);
    const bySeq = (seq: number) => f.handOvers.find((h) => h.seq === seq)!;
    expect(bySeq(0)).toMatchObject({ typeLabel: 'Tiếp nhận hồ sơ', from: { label: 'Người nộp hồ sơ' }, to: { label: 'Bộ phận Một cửa phường Ba Đình' }, timeliness: null, onTime: null });
    expect(bySeq(1)).toMatchObject({ to: { label: 'UBND phường Ba Đình – Tư pháp hộ tịch' }, dueAt: null, note: 'Hạn giải quyết: 17:00 25/11/2026' });
    // Completed 10:00 on its due day (due 17:00): đúng hạn.
    expect(bySeq(2)).toMatchObject({ dueAt: '2026-11-25T10:00:00.000Z', timeliness: 'on-time', timelinessLabel: 'Đúng hạn', onTime: true });
    expect(bySeq(5)).toMatchObject({ timeliness: 'early', timelinessLabel: 'Trước hạn', onTime: true });
    // Measured against the new due date of the re-dispatch, not the first one it would have missed.
    expect(bySeq(8)).toMatchObject({ dueAt: '2026-12-10T10:00:00.000Z', timeliness: 'early' });
    expect(bySeq(9)).toMatchObject({ dueAt: '2026-12-02T10:00:00.000Z', timeliness: 'late', timelinessLabel: 'Quá hạn', onTime: false });
    expect(bySeq(10)).toMatchObject({ dueAt: '2026-12-02T10:00:00.000Z', timeliness: 'late', note: 'Đã giải quyết xong' });
  });

  test('When the apology moved the appointment, then the closing is measured against the new date; a withdrawal is not measured', () => {
    const closed = withEvents(ledgerCase(), [apologyEvent(5, APOLOGY), event(6, 'CLOSED', null, 'engine', DESK, '2026-12-04T03:00:00.000Z', { outcome: 'COMPLETED' }, 'engine')]);
    const f = buildProcessControl(closed);
    expect(f.appointmentAt).toBe(APOLOGY.newAppointmentAt);
    expect(f.handOvers.at(-2)).toMatchObject({ typeLabel: 'Xin lỗi và hẹn lại ngày trả kết quả', note: 'Hẹn lại: 17:00 07/12/2026' });
    expect(f.handOvers.at(-1)).toMatchObject({ dueAt: APOLOGY.newAppointmentAt, timeliness: 'early' });
    const withdrawn = withEvents(ledgerCase(), [event(5, 'CLOSED', null, 'engine', DESK, '2026-12-04T03:00:00.000Z', { outcome: 'WITHDRAWN' }, 'engine')]);
    expect(buildProcessControl(withdrawn).handOvers.at(-1)).toMatchObject({ dueAt: null, timeliness: null, note: 'Đã rút hồ sơ' });
  });

  test('When the engine refuses a step whose supplement never came, or marks it overdue, then only the overdue mark counts as late', () => {
    const c = withEvents(ledgerCase(), [
      event(5, 'OVERDUE', 'funeral-allowance', 'agency:VSS-HA-NOI', DESK, '2026-12-02T10:00:00.000Z', { dueAt: '2026-12-02T10:00:00.000Z' }, 'engine'),
      event(6, 'REJECTED', 'residence-deregistration', 'engine', DESK, '2026-12-20T03:00:00.000Z', { reasonCode: 'SUPPLEMENT_NOT_RECEIVED' }, 'engine'),
    ]);
    const f = buildProcessControl(c);
    expect(f.handOvers.at(-2)).toMatchObject({ typeLabel: 'Quá hạn giải quyết', timeliness: 'late', onTime: false });
    expect(f.handOvers.at(-1)).toMatchObject({ timeliness: null, note: 'SUPPLEMENT_NOT_RECEIVED' });
  });
});

describe('the fields of the Circular 01/2018 templates and the fourth step', () => {
  const officer = { name: 'Trần Thị Hoa', phone: '024 3823 0000' };

  test('When the receipt is printed, then it carries its number, the book volume and line, and the receiving officer', () => {
    const r = buildReceipt(ledgerCase(), dossier, { officer, bookLine: 42 });
    expect(r).toMatchObject({ receiptNumber: CODE, bookVolume: '2026', bookLine: 42, officer, dossierSets: 1 });
    expect(buildReceipt(ledgerCase(), dossier)).toMatchObject({ bookLine: null, officer: { name: null, phone: null } });
  });

  test('When a supplement is requested, then the slip gives the reason and the guiding officer with a phone', () => {
    const asked = withEvents(ledgerCase(), [], {
      'residence-deregistration': { status: 'AWAITING_SUPPLEMENT', supplementRequest: { items: [{ code: 'x', description: 'Giấy tờ X' }], note: 'Thiếu giấy xác nhận cư trú.', requestedAt: '2026-11-26T03:00:00.000Z' } },
    });
    expect(buildSupplementRequest(asked, dossier, { officer })).toMatchObject({ reason: 'Thiếu giấy xác nhận cư trú.', guidingOfficer: officer });
    const noNote = withEvents(ledgerCase(), [], { 'residence-deregistration': { supplementRequest: { items: [], requestedAt: '2026-11-26T03:00:00.000Z' } } });
    expect(buildSupplementRequest(noNote, dossier)!.reason).toBe('Hồ sơ chưa đầy đủ thành phần theo yêu cầu của Công an phường Ba Đình.');
  });

  test('When an apology names late steps, then it is issued by their agencies, not the desk', () => {
    const f = buildApology(withEvents(ledgerCase(), [apologyEvent(5, APOLOGY)]), dossier)!;
    expect(f.issuers.length).toBeGreaterThan(0);
    expect(f.issuers.every((i) => i.kind === 'agency')).toBe(true);
    expect(f.issuers.map((i) => i.code)).toEqual([...new Set(f.lateSteps.map((s) => s.agencyCode))]);
  });

  test('When the result is returned, then the process-control slip names the applicant, the lead and coordinating agencies, and ends with the handover measured against the appointment', () => {
    const closed = withEvents(ledgerCase({ status: 'COMPLETED', closedAt: '2026-11-27T03:00:00.000Z' }), [], {});
    const before = buildProcessControl(closed, dossier);
    expect(before).toMatchObject({
      applicant: { fullName: 'Nguyễn Văn An' },
      leadAgency: { code: 'CIVIL-BA-DINH' },
      resultReturn: { state: 'awaiting-return', timeliness: null, recipientLabel: null },
    });
    expect(before.coordinatingAgencies.map((a) => a.code)).toEqual(['POLICE-BA-DINH', 'VSS-HA-NOI']);
    const returned = withEvents({ ...closed, returnedAt: '2026-12-03T02:00:00.000Z', returnMethod: 'desk' }, [
      event(1_000_000, 'RESULT_RETURNED', null, `desk:${OFFICE}`, 'applicant', '2026-12-03T02:00:00.000Z', { method: 'desk', recipient: 'other' }),
    ]);
    const withRecipient = { ...dossier, handover: { method: 'desk', recipient: { relationship: 'con', fullName: 'Nguyễn Văn Cường' } } };
    const f = buildProcessControl(returned, withRecipient);
    expect(f.handOvers.at(-1)).toMatchObject({ type: 'RESULT_RETURNED', typeLabel: 'Trả kết quả cho tổ chức, cá nhân', to: { label: 'Nguyễn Văn Cường (con)' }, dueAt: '2026-12-02T10:00:00.000Z', timeliness: 'late', onTime: false, note: 'Tại Bộ phận Một cửa' });
    expect(f.resultReturn).toMatchObject({ state: 'returned', method: 'desk', methodLabel: 'Tại Bộ phận Một cửa', timeliness: 'late', recipientLabel: 'Nguyễn Văn Cường (con)' });
    // Without the dossier (no personal data), the slip names the applicant's party only.
    expect(buildProcessControl(returned).handOvers.at(-1)!.to.label).toBe('Người nộp hồ sơ');
  });
});
