import { localDateOf } from './calendar/local-time';

/** Receiving agency code V1V2V3.Z1Z2.Y1Y2.MX1X2 (Circular 10/2016/TT-BTTTT). */
export const OFFICE_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
/** Case code V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX (Circular 01/2018/TT-VPCP Art 19). */
export const CASE_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$/;
export const MAX_DAILY_SEQUENCE = 9999;

/** YYMMDD of the receipt date in Vietnam. */
export function receiptDay(receivedAt: Date): string {
  return localDateOf(receivedAt).slice(2).replace(/-/g, '');
}

export function formatCaseCode(officeCode: string, receivedAt: Date, sequence: number): string {
  if (!OFFICE_CODE_PATTERN.test(officeCode)) throw new RangeError('bad office code');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`daily sequence out of range: ${sequence}`);
  }
  return `${officeCode}-${receiptDay(receivedAt)}-${String(sequence).padStart(4, '0')}`;
}

export function parseCaseCode(code: string): { officeCode: string; day: string; sequence: number } | undefined {
  if (!CASE_CODE_PATTERN.test(code)) return undefined;
  const [officeCode, day, seq] = code.split('-') as [string, string, string];
  return { officeCode, day, sequence: Number(seq) };
}
