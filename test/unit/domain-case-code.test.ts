import { CASE_CODE_PATTERN, formatCaseCode, MAX_DAILY_SEQUENCE, OFFICE_CODE_PATTERN, parseCaseCode, receiptDay } from '../../domain/case-code';

// Circular 01/2018/TT-VPCP Art 19: V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX.
const OFFICE = '001.01.01.H29';

describe('receiptDay', () => {
  test('When received at 2026-11-24T18:30Z (01:30 on 25/11 in Vietnam), then the receipt day is 261125', () => {
    expect(receiptDay(new Date('2026-11-24T18:30:00Z'))).toBe('261125');
  });

  test('When received at 2026-11-24T16:59:59Z (23:59:59 local), then the receipt day is still 261124', () => {
    expect(receiptDay(new Date('2026-11-24T16:59:59Z'))).toBe('261124');
  });

  test('When received at 17:00Z on 31/12, then the receipt day is 1 January of the next year', () => {
    expect(receiptDay(new Date('2025-12-31T17:00:00Z'))).toBe('260101');
  });
});

describe('formatCaseCode', () => {
  test('When the sequence is 1, then it is zero-padded to four digits', () => {
    expect(formatCaseCode(OFFICE, new Date('2026-11-24T03:00:00Z'), 1)).toBe('001.01.01.H29-261124-0001');
  });

  test('When the sequence is 9999, then it is written in full', () => {
    expect(formatCaseCode(OFFICE, new Date('2026-11-24T03:00:00Z'), MAX_DAILY_SEQUENCE)).toBe('001.01.01.H29-261124-9999');
  });

  test('When received late in the UTC evening, then the code carries the Vietnam date', () => {
    const code = formatCaseCode(OFFICE, new Date('2026-11-24T18:30:00Z'), 42);
    expect(code).toBe('001.01.01.H29-261125-0042');
    expect(CASE_CODE_PATTERN.test(code)).toBe(true);
  });

  test.each([0, 10000, -1, 1.5, Number.NaN])('When the sequence is %p, then it throws a RangeError', (sequence) => {
    expect(() => formatCaseCode(OFFICE, new Date('2026-11-24T03:00:00Z'), sequence)).toThrow(RangeError);
  });

  test.each(['001.01.01.h29', '1.01.01.H29', '001.01.01', '001-01-01-H29', '001.01.01.H29 ', ''])(
    'When the office code is %p, then it throws a RangeError',
    (office) => {
      expect(OFFICE_CODE_PATTERN.test(office)).toBe(false);
      expect(() => formatCaseCode(office, new Date('2026-11-24T03:00:00Z'), 1)).toThrow(/bad office code/);
    },
  );
});

describe('parseCaseCode', () => {
  test('When a formatted code is parsed, then office, day and sequence come back', () => {
    const code = formatCaseCode('002.01.01.H29', new Date('2026-11-24T18:30:00Z'), 7);
    expect(parseCaseCode(code)).toEqual({ officeCode: '002.01.01.H29', day: '261125', sequence: 7 });
  });

  test('When parsed and formatted again, then the code is unchanged', () => {
    const code = '001.01.01.H29-261125-0001';
    const parsed = parseCaseCode(code)!;
    expect(`${parsed.officeCode}-${parsed.day}-${String(parsed.sequence).padStart(4, '0')}`).toBe(code);
  });

  test.each(['001.01.01.H29-261125-001', '001.01.01.H29-26112-0001', '001.01.01.H29_261125_0001', 'x', '001.01.01.H29-261125-0001-1'])(
    'When the text %p is not a case code, then parsing gives undefined',
    (text) => {
      expect(parseCaseCode(text)).toBeUndefined();
    },
  );
});
