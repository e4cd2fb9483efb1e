import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseProvinceData, PROVINCE_FILES, readProvinceData, SAMPLE_PROVINCE_DIR } from '../../platform/province-data';

// A province's offices, agencies and services come from its CSV files: every error is reported
// with its file and line, all at once, and nothing is built while one remains.

const sample = Object.fromEntries(PROVINCE_FILES.map((f) => [f, readFileSync(path.join(SAMPLE_PROVINCE_DIR, f), 'utf8')]));
const HEADERS = {
  'offices.csv': 'code,name,unit,level,province,valid_from,valid_to,cutoff,opens_at,closes_at',
  'agencies.csv': 'code,role,level,name_vi,name_en,valid_from,valid_to',
  'services.csv': 'office,role,agency,valid_from,valid_to',
};
const files = (rows: Partial<Record<keyof typeof HEADERS, string[]>>) =>
  Object.fromEntries(Object.entries(HEADERS).map(([f, header]) => [f, [header, ...(rows[f as keyof typeof HEADERS] ?? [])].join('\n')]));
const OFFICE = '001.01.01.H26,Bộ phận Một cửa phường A,Phường A,commune,Hà Nội,2025-07-01,,15:00,08:00,17:00';
const CIVIL = 'CIVIL-A,civil-status,commune,UBND phường A,Ward A civil status,2025-07-01,';
const OFFICE_FILE = `${HEADERS['offices.csv']}\n${OFFICE}`;
const AGENCY_FILE = `${HEADERS['agencies.csv']}\n${CIVIL}`;
const errorsOf = (texts: Record<string, string | undefined>) => {
  const r = parseProvinceData(texts, 'test');
  if (r.ok) throw new Error('expected errors');
  return r.errors.map((e) => `${e.file}:${e.line}:${e.field ?? ''}: ${e.message}`);
};

describe('province data files', () => {
  test('When the shipped sample is read, then it is valid and marked as sample data, with offices before and after 01/07/2025', () => {
    const r = readProvinceData(SAMPLE_PROVINCE_DIR);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(sample['offices.csv']).toMatch(/^# SAMPLE DATA/);
    expect(r.organisation.offices.map((o) => [o.code, o.validFrom, o.validTo])).toEqual([
      ['011.01.01.H26', '2024-07-01', '2025-06-30'],
      ['021.01.01.H26', '2024-07-01', '2025-06-30'],
      ['001.01.01.H26', '2025-07-01', undefined],
      ['002.01.01.H26', '2025-07-01', undefined],
    ]);
    expect(r.organisation.services).toHaveLength(20);
    expect(r.organisation.source).toMatch(/^ha-noi-sample \([0-9a-f]{16}\)$/);
  });

  test('When fields are bad, then each is reported with its file, line (comments and header counted) and field', () => {
    const texts = files({
      'offices.csv': ['# a comment line', '001.01.01.H29x,,Phường A,village,Hà Nội,2025-13-01,,15:00,08:00,17:00'],
      'agencies.csv': ['CIVIL-A,civil,commune,UBND phường A,Ward A,2025-07-01,'],
    });
    expect(errorsOf(texts)).toEqual([
      'agencies.csv:2:role: Invalid option: expected one of "civil-status"|"police"|"social-insurance"|"social-protection"|"merit"',
      expect.stringMatching(/^offices\.csv:3:code: must be a unit code/),
      expect.stringMatching(/^offices\.csv:3:name: /),
      expect.stringMatching(/^offices\.csv:3:level: /),
      'offices.csv:3:valid_from: must be a date YYYY-MM-DD',
      'services.csv:1:: lists no service: a province needs at least one',
    ]);
  });

  test('When records contradict each other, then duplicates, unknown codes, role mismatches, periods and overlapping services are named', () => {
    const texts = files({
      'offices.csv': [OFFICE, OFFICE.replace('15:00,08:00', '07:00,08:00')],
      'agencies.csv': [CIVIL, 'POLICE-A,police,commune,Công an phường A,Ward A police,2025-07-01,2025-01-01'],
      'services.csv': [
        '001.01.01.H26,civil-status,CIVIL-A,2025-07-01,',
        '001.01.01.H26,civil-status,CIVIL-A,2026-01-01,',
        '001.01.01.H26,police,CIVIL-A,2025-07-01,',
        '009.01.01.H26,civil-status,NOPE,2025-07-01,',
        '001.01.01.H26,civil-status,CIVIL-A,2024-07-01,2024-12-31',
      ],
    });
    const errors = errorsOf(texts);
    expect(errors).toEqual(
      expect.arrayContaining([
        'agencies.csv:3:valid_to: must not be before valid_from',
        'offices.csv:3:code: office 001.01.01.H26 is already listed on line 2',
        'offices.csv:3:cutoff: must satisfy opens_at < cutoff ≤ closes_at',
        'services.csv:3:valid_from: office 001.01.01.H26 already has a civil-status agency in this period (line 2)',
        'services.csv:4:agency: CIVIL-A is a civil-status agency, not police',
        'services.csv:5:office: no office 009.01.01.H26 in offices.csv',
        'services.csv:5:agency: no agency NOPE in agencies.csv',
        expect.stringMatching(/^services\.csv:6:valid_from: outside the period of office 001\.01\.01\.H26 \(offices\.csv line 2\)/),
      ]),
    );
  });

  test('When an agency is at a level the law of the period does not allow, then the version and its structure are named', () => {
    const texts = files({
      'offices.csv': [OFFICE.replace('2025-07-01', '2024-07-01')],
      'agencies.csv': ['SOCIAL-Q,social-protection,district,UBND quận,District,2024-07-01,'],
      'services.csv': ['001.01.01.H26,social-protection,SOCIAL-Q,2024-07-01,'],
    });
    // Valid under three-level government (until 30/06/2025), not under two-level (no districts).
    expect(errorsOf(texts)).toEqual([
      'services.csv:2:agency: SOCIAL-Q is a district-level agency; under catalogue version 2025-07-01 (two-level local government) social-protection is served at commune level',
      'services.csv:2:agency: SOCIAL-Q is a district-level agency; under catalogue version 2026-09-01 (two-level local government) social-protection is served at commune level',
    ]);
    const ended = files({
      'offices.csv': [OFFICE.replace('2025-07-01', '2024-07-01')],
      'agencies.csv': ['SOCIAL-Q,social-protection,district,UBND quận,District,2024-07-01,2025-06-30'],
      'services.csv': ['001.01.01.H26,social-protection,SOCIAL-Q,2024-07-01,2025-06-30'],
    });
    expect(parseProvinceData(ended, 'test').ok).toBe(true);
  });

  test('When a file is missing or not CSV, then that is reported and nothing is built', () => {
    expect(errorsOf({ 'offices.csv': OFFICE_FILE, 'agencies.csv': AGENCY_FILE })).toEqual(['services.csv:0:: file is missing']);
    const broken = files({ 'offices.csv': [OFFICE], 'agencies.csv': [`${CIVIL},extra`] });
    expect(errorsOf(broken)).toEqual([expect.stringMatching(/^agencies\.csv:2:: not valid CSV/), 'services.csv:1:: lists no service: a province needs at least one']);
  });

  test('When a file is empty or has its header only (truncated, say), then it is refused by name instead of loading a province with no offices', () => {
    const complete = files({ 'offices.csv': [OFFICE], 'agencies.csv': [CIVIL], 'services.csv': ['001.01.01.H26,civil-status,CIVIL-A,2025-07-01,'] });
    expect(parseProvinceData(complete, 'test').ok).toBe(true);
    expect(errorsOf({ 'offices.csv': '', 'agencies.csv': '', 'services.csv': '' })).toEqual([
      'agencies.csv:1:: lists no agency: a province needs at least one',
      'offices.csv:1:: lists no office: a province needs at least one',
      'services.csv:1:: lists no service: a province needs at least one',
    ]);
    expect(errorsOf({ ...complete, 'offices.csv': `# truncated\n${HEADERS['offices.csv']}\n` })).toEqual([
      'offices.csv:1:: lists no office: a province needs at least one',
      expect.stringMatching(/^services\.csv:2:office: no office 001\.01\.01\.H26 in offices\.csv$/),
    ]);
  });
});
