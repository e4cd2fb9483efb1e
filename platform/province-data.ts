import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { addDays, isIsoDate } from '../domain/calendar/local-time';
import { OFFICE_CODE_PATTERN } from '../domain/case-code';
import { lineText } from '../domain/text';
import { ADMINISTRATIVE_LEVELS, AGENCY_ROLES, CATALOGUE_VERSIONS, type Agency, type Office, type Organisation, type Service } from '../domain/catalogue';
import { PROJECT_ROOT } from './project-root';

// A province's offices, agencies and who serves whom come from three CSV files it edits
// (offices.csv, agencies.csv, services.csv; `#` starts a comment line). Every problem is reported
// with its file and line, all at once, and nothing is loaded while one remains.

export const PROVINCE_FILES = ['offices.csv', 'agencies.csv', 'services.csv'] as const;
export const SAMPLE_PROVINCE_DIR = path.join(PROJECT_ROOT, 'province-data', 'ha-noi-sample');

export interface ProvinceDataError {
  file: string;
  line: number;
  field?: string;
  message: string;
}

export type ProvinceDataResult = { ok: true; organisation: Organisation } | { ok: false; errors: ProvinceDataError[] };

const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const optionalDate = z.union([z.literal('').transform(() => undefined), date]);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const text = (max: number) => lineText({ min: 1, max });
const agencyCode = z.string().regex(/^[A-Z0-9][A-Z0-9.-]{1,59}$/, 'must be upper-case letters, digits, dots and dashes');

const officeRow = z.strictObject({
  code: z.string().regex(OFFICE_CODE_PATTERN, 'must be a unit code V1V2V3.Z1Z2.Y1Y2.MX1X2 such as 000.12.34.H26'),
  name: text(200),
  unit: text(200),
  level: z.enum(ADMINISTRATIVE_LEVELS),
  province: text(100),
  valid_from: date,
  valid_to: optionalDate,
  cutoff: clock,
  opens_at: clock,
  closes_at: clock,
});
const agencyRow = z.strictObject({
  code: agencyCode,
  role: z.enum(AGENCY_ROLES),
  level: z.enum(ADMINISTRATIVE_LEVELS),
  name_vi: text(200),
  name_en: text(200),
  valid_from: date,
  valid_to: optionalDate,
});
const serviceRow = z.strictObject({
  office: z.string().min(1, 'is required'),
  role: z.enum(AGENCY_ROLES),
  agency: z.string().min(1, 'is required'),
  valid_from: date,
  valid_to: optionalDate,
});

interface Row<T> {
  line: number;
  value: T;
}

function readRows<T>(file: string, textOf: string, schema: z.ZodType<T>, errors: ProvinceDataError[]): Row<T>[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(textOf, { columns: true, comment: '#', skip_empty_lines: true, trim: true, bom: true, info: true, relax_column_count: false });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    errors.push({ file, line: e.lines ?? 1, message: `not valid CSV: ${e.message.replace(/^Invalid Record Length: /, '')}` });
    return [];
  }
  const rows: Row<T>[] = [];
  for (const { record, info } of records) {
    const parsed = schema.safeParse(record);
    if (parsed.success) rows.push({ line: info.lines, value: parsed.data });
    else for (const issue of parsed.error.issues) errors.push({ file, line: info.lines, field: issue.path.join('.') || undefined, message: issue.message });
  }
  return rows;
}

const overlaps = (a: { from: string; to?: string }, b: { from: string; to?: string }) =>
  a.from <= (b.to ?? '9999-12-31') && b.from <= (a.to ?? '9999-12-31');

/** Checks the three files' texts (by file name) and builds the organisation, or lists every error. */
export function parseProvinceData(texts: Readonly<Record<string, string | undefined>>, source: string): ProvinceDataResult {
  const errors: ProvinceDataError[] = [];
  for (const f of PROVINCE_FILES) if (texts[f] === undefined) errors.push({ file: f, line: 0, message: 'file is missing' });
  const offices = readRows(PROVINCE_FILES[0], texts[PROVINCE_FILES[0]] ?? '', officeRow, errors);
  const agencies = readRows(PROVINCE_FILES[1], texts[PROVINCE_FILES[1]] ?? '', agencyRow, errors);
  const services = readRows(PROVINCE_FILES[2], texts[PROVINCE_FILES[2]] ?? '', serviceRow, errors);
  // An empty or header-only file (truncated, say) would load as a province with no offices and take every desk away.
  for (const [file, rows, what] of [[PROVINCE_FILES[0], offices, 'office'], [PROVINCE_FILES[1], agencies, 'agency'], [PROVINCE_FILES[2], services, 'service']] as const) {
    if (texts[file] !== undefined && rows.length === 0 && !errors.some((e) => e.file === file)) errors.push({ file, line: 1, message: `lists no ${what}: a province needs at least one` });
  }

  const period = (r: { valid_from: string; valid_to?: string }) => ({ from: r.valid_from, to: r.valid_to });
  const checkPeriod = (file: string, r: Row<{ valid_from: string; valid_to?: string }>) => {
    if (r.value.valid_to !== undefined && r.value.valid_to < r.value.valid_from) errors.push({ file, line: r.line, field: 'valid_to', message: 'must not be before valid_from' });
  };
  /** Each code's first row; a repeated code and a period ending before it starts are errors. */
  const byCode = <T extends { code: string; valid_from: string; valid_to?: string }>(file: string, kind: string, rows: Row<T>[]) => {
    const found = new Map<string, Row<T>>();
    for (const r of rows) {
      checkPeriod(file, r);
      const first = found.get(r.value.code);
      if (first) errors.push({ file, line: r.line, field: 'code', message: `${kind} ${r.value.code} is already listed on line ${first.line}` });
      else found.set(r.value.code, r);
    }
    return found;
  };
  const officeByCode = byCode('offices.csv', 'office', offices);
  for (const r of offices) {
    if (!(r.value.opens_at < r.value.cutoff && r.value.cutoff <= r.value.closes_at)) {
      errors.push({ file: 'offices.csv', line: r.line, field: 'cutoff', message: 'must satisfy opens_at < cutoff ≤ closes_at' });
    }
  }
  const agencyByCode = byCode('agencies.csv', 'agency', agencies);
  const seen: Row<z.infer<typeof serviceRow>>[] = [];
  for (const r of services) {
    const s = r.value;
    const fail = (field: string, message: string) => errors.push({ file: 'services.csv', line: r.line, field, message });
    checkPeriod('services.csv', r);
    const office = officeByCode.get(s.office);
    const agency = agencyByCode.get(s.agency);
    if (!office) fail('office', `no office ${s.office} in offices.csv`);
    if (!agency) fail('agency', `no agency ${s.agency} in agencies.csv`);
    if (agency && agency.value.role !== s.role) fail('agency', `${s.agency} is a ${agency.value.role} agency, not ${s.role}`);
    const p = period(s);
    if (office && (p.from < office.value.valid_from || (office.value.valid_to !== undefined && (p.to ?? '9999-12-31') > office.value.valid_to))) {
      fail('valid_from', `outside the period of office ${s.office} (offices.csv line ${office.line})`);
    }
    if (agency && (p.from < agency.value.valid_from || (agency.value.valid_to !== undefined && (p.to ?? '9999-12-31') > agency.value.valid_to))) {
      fail('valid_from', `outside the period of agency ${s.agency} (agencies.csv line ${agency.line})`);
    }
    // The level of government that may serve the role is the law's, and it changed on 01/07/2025.
    if (agency && agency.value.role === s.role) {
      for (const [i, version] of CATALOGUE_VERSIONS.entries()) {
        const next = CATALOGUE_VERSIONS[i + 1];
        const versionPeriod = { from: version.effectiveFrom, to: next ? addDays(next.effectiveFrom, -1) : undefined };
        if (overlaps(p, versionPeriod) && !version.agencyLevels[s.role].includes(agency.value.level)) {
          fail('agency', `${s.agency} is a ${agency.value.level}-level agency; under catalogue version ${version.version} (${version.localGovernment} local government) ${s.role} is served at ${version.agencyLevels[s.role].join(' or ')} level`);
        }
      }
    }
    const clash = seen.find((o) => o.value.office === s.office && o.value.role === s.role && overlaps(period(o.value), p));
    if (clash) fail('valid_from', `office ${s.office} already has a ${s.role} agency in this period (line ${clash.line})`);
    seen.push(r);
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line) };

  const checksum = createHash('sha256').update(JSON.stringify(PROVINCE_FILES.map((f) => texts[f]))).digest('hex').slice(0, 16);
  const organisation: Organisation = {
    source: `${source} (${checksum})`,
    checksum,
    offices: offices.map(({ value: o }): Omit<Office, 'agencies'> => ({
      code: o.code,
      name: o.name,
      unit: o.unit,
      level: o.level,
      province: o.province,
      cutoff: o.cutoff,
      opensAt: o.opens_at,
      closesAt: o.closes_at,
      validFrom: o.valid_from,
      ...(o.valid_to ? { validTo: o.valid_to } : {}),
    })),
    agencies: agencies.map(({ value: a }): Agency => ({
      code: a.code,
      role: a.role,
      level: a.level,
      name: { vi: a.name_vi, en: a.name_en },
      validFrom: a.valid_from,
      ...(a.valid_to ? { validTo: a.valid_to } : {}),
    })),
    services: services.map(({ value: s }): Service => ({ officeCode: s.office, role: s.role, agencyCode: s.agency, validFrom: s.valid_from, ...(s.valid_to ? { validTo: s.valid_to } : {}) })),
  };
  return { ok: true, organisation };
}

/** Reads and checks a province data directory. */
export function readProvinceData(dir: string = process.env.PROVINCE_DATA_DIR || SAMPLE_PROVINCE_DIR): ProvinceDataResult {
  const texts: Record<string, string | undefined> = {};
  for (const f of PROVINCE_FILES) {
    try {
      texts[f] = readFileSync(path.join(dir, f), 'utf8');
    } catch {
      texts[f] = undefined;
    }
  }
  return parseProvinceData(texts, path.basename(path.resolve(dir)));
}

export function formatProvinceDataErrors(dir: string, errors: readonly ProvinceDataError[]): string {
  return errors.map((e) => `${path.join(dir, e.file)}:${e.line}: ${e.field ? `${e.field}: ` : ''}${e.message}`).join('\n');
}

/** Reads a directory or throws with every error, each as `file:line: field: message`. */
export function requireProvinceData(dir: string = process.env.PROVINCE_DATA_DIR || SAMPLE_PROVINCE_DIR): Organisation {
  const result = readProvinceData(dir);
  if (!result.ok) throw new Error(`province data in ${dir} has ${result.errors.length} error(s):\n${formatProvinceDataErrors(dir, result.errors)}`);
  return result.organisation;
}
