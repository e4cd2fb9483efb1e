import { CaseStatus, localDateOf, localMinutesOf, StepStatus, timelinessAt } from '../domain';
import type { Timeliness } from './types';

// Vietnamese wording of the forms and dates as Vietnamese forms write them (dd/mm/yyyy, UTC+7).

export const LEGAL_BASIS = 'Thông tư 01/2018/TT-VPCP';

const dateParts = (iso: string): [string, string, string] => {
  const [y, m, d] = localDateOf(new Date(iso)).split('-') as [string, string, string];
  return [d, m, y];
};

/** `25/11/2026` in Vietnam time. */
export function formatDate(iso: string): string {
  return dateParts(iso).join('/');
}

/** `2026-11-25` (a Vietnam calendar date) as `25/11/2026`. */
export const formatLocalDate = (date: string): string => date.split('-').reverse().join('/');

/** `14:05` in Vietnam time. */
export function formatClock(iso: string): string {
  const minutes = localMinutesOf(new Date(iso));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `14:05 25/11/2026`, for tables. */
export function formatDateTime(iso: string): string {
  return `${formatClock(iso)} ${formatDate(iso)}`;
}

/** `14 giờ 05 phút, ngày 25/11/2026`, as the slips write an appointment. */
export function formatLongDateTime(iso: string): string {
  const [h, m] = formatClock(iso).split(':') as [string, string];
  return `${h} giờ ${m} phút, ngày ${formatDate(iso)}`;
}

/** `Hà Nội, ngày 25 tháng 11 năm 2026`: the place and date line of an administrative document. */
export function placeAndDate(province: string, iso: string): string {
  const [d, m, y] = dateParts(iso);
  return `${province ? `${province}, ngày` : 'Ngày'} ${d} tháng ${m} năm ${y}`;
}

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  RECEIVED: 'Mới tiếp nhận',
  IN_PROGRESS: 'Đang giải quyết',
  AWAITING_SUPPLEMENT: 'Chờ bổ sung hồ sơ',
  COMPLETED: 'Đã giải quyết xong',
  PARTIALLY_COMPLETED: 'Giải quyết một phần',
  REFUSED: 'Từ chối giải quyết',
  WITHDRAWN: 'Đã rút hồ sơ',
  STOPPED: 'Dừng xử lý trên hệ thống',
};

export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  PENDING: 'Chờ thủ tục trước',
  DISPATCHED: 'Đang giải quyết',
  NEEDS_ATTENTION: 'Chưa chuyển được, chờ xử lý kỹ thuật',
  AWAITING_SUPPLEMENT: 'Chờ bổ sung hồ sơ',
  COMPLETED: 'Đã có kết quả',
  REJECTED: 'Từ chối giải quyết',
  SKIPPED: 'Không thực hiện',
  CANCELLED: 'Đã hủy',
};

// Keyed by string: the ledger may hold event types newer than this build (a unit test checks that
// every type of domain/ledger.ts has a label).
export const EVENT_LABELS: Readonly<Record<string, string>> = {
  RECEIVED: 'Tiếp nhận hồ sơ',
  DISPATCHED: 'Chuyển hồ sơ để giải quyết',
  COMPLETED: 'Chuyển kết quả giải quyết',
  REJECTED: 'Từ chối giải quyết',
  SUPPLEMENT_REQUESTED: 'Yêu cầu bổ sung hồ sơ',
  SUPPLEMENT_SUBMITTED: 'Nhận hồ sơ bổ sung',
  SKIPPED: 'Không thực hiện (thủ tục trước không hoàn thành)',
  CANCELLED: 'Hủy giải quyết do rút hồ sơ',
  WITHDRAWN: 'Rút hồ sơ',
  CLOSED: 'Kết thúc giải quyết hồ sơ',
  REMINDED: 'Nhắc hạn giải quyết',
  APOLOGY_ISSUED: 'Xin lỗi và hẹn lại ngày trả kết quả',
  APPOINTMENT_MOVED: 'Hẹn lại ngày trả kết quả',
  OVERDUE: 'Quá hạn giải quyết',
  NEEDS_ATTENTION: 'Chưa chuyển được hồ sơ, chờ xử lý kỹ thuật',
  DISPATCH_RETRIED: 'Chuyển lại hồ sơ',
  REASSIGNED: 'Chuyển hồ sơ cho cơ quan khác',
  WORKFLOW_STOPPED: 'Dừng xử lý hồ sơ trên hệ thống',
  RESULT_RETURNED: 'Trả kết quả cho tổ chức, cá nhân',
};

/** How the result was returned (domain/handover.ts). */
export const HANDOVER_METHOD_LABELS: Readonly<Record<string, string>> = {
  desk: 'Tại Bộ phận Một cửa',
  post: 'Qua dịch vụ bưu chính',
  online: 'Trực tuyến',
};

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? type;
export const caseStatusLabel = (s: string): string => CASE_STATUS_LABELS[s as CaseStatus] ?? s;
export const stepStatusLabel = (s: string): string => STEP_STATUS_LABELS[s as StepStatus] ?? s;

export const TIMELINESS_LABELS: Record<Timeliness, string> = { early: 'Trước hạn', 'on-time': 'Đúng hạn', late: 'Quá hạn' };

/** Before the due day, on the due day (not after the due instant), or late. */
export function timelinessOf(at: string, dueAt: string): Timeliness {
  return timelinessAt(at, dueAt);
}

export const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  desk: 'Trực tiếp tại Bộ phận Một cửa',
  online: 'Trực tuyến',
  postal: 'Qua dịch vụ bưu chính công ích',
};

export const DELIVERY_LABELS: Readonly<Record<string, string>> = {
  desk: 'Tại Bộ phận Một cửa',
  online: 'Trực tuyến',
  postal: 'Qua dịch vụ bưu chính công ích',
};

/** How a form names the person a group is about, by the group's subject field. */
export const SUBJECT_LABELS: Readonly<Record<string, string>> = { deceased: 'Người mất', child: 'Trẻ em được khai sinh' };

/** A time limit in words; 0 working days is the same day, or the next one after the office's cut-off. */
export function timeLimitText(workingDays: number, cutoff: string): string {
  return workingDays === 0 ? `trong ngày làm việc (nhận sau ${cutoff}: ngày làm việc tiếp theo)` : `${workingDays} ngày làm việc`;
}
