/** Roles an agency can play; an office names the competent agency for each role it serves. */
export const AGENCY_ROLES = ['civil-status', 'police', 'social-insurance', 'social-protection', 'merit'] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];

/** Levels of local government: three (province, district, commune) before 01/07/2025, two after. */
export const ADMINISTRATIVE_LEVELS = ['province', 'district', 'commune'] as const;
export type AdministrativeLevel = (typeof ADMINISTRATIVE_LEVELS)[number];

/**
 * A legal document a version rests on. `confidence`: `official` = the text itself was read;
 * `secondary` = known from a third-party copy, summary or the portal's catalogue; `unconfirmed` =
 * nobody here could read a source (what was searched is in `note`).
 */
export interface LegalSource {
  document: string;
  article?: string;
  /** Date signed or issued (YYYY-MM-DD) when known. */
  date?: string;
  effectiveFrom?: string;
  about: string;
  confidence: 'official' | 'secondary' | 'unconfirmed';
  note?: string;
}

/** A value of a version that no text read here confirms, kept with what was searched. */
export interface UnconfirmedItem {
  item: string;
  searched: string;
}

export interface LocalizedText {
  vi: string;
  en: string;
}

/** A legal time limit. `confirmed: false` marks a value no official text confirmed (kept as a documented default). */
export interface TimeLimit {
  workingDays: number;
  source: string;
  confirmed: boolean;
}

export interface RequiredDocument {
  code: string;
  name: LocalizedText;
}

/**
 * Which agency handles a procedure: a fixed role, or a role chosen by a field of the case subject
 * (e.g. the deceased's benefit status). A value missing from `routes` means the procedure is not
 * available for that subject.
 */
export type AgencyRouting =
  | { kind: 'fixed'; role: AgencyRole }
  | {
      kind: 'by-subject-field';
      field: string;
      routes: Readonly<Record<string, AgencyRole>>;
      source: string;
      /**
       * Only one benefit is paid, by the first regime in `order` the subject belongs to: the field
       * must name that regime when the subject lists others in `otherField`.
       */
      priority?: { rule: string; order: readonly string[]; otherField: string; source: string };
    };

export interface Procedure {
  code: string;
  name: LocalizedText;
  routing: AgencyRouting;
  /** Procedure codes that must complete before this one is dispatched. */
  dependsOn: readonly string[];
  timeLimit: TimeLimit;
  requiredDocuments: readonly RequiredDocument[];
  /** Names the zod schema (domain/results.ts) an agency's result must satisfy. */
  resultKind: string;
  /** Result fields handed to the procedures that depend on this one. */
  forwards: readonly string[];
  /**
   * Working days the applicant has to answer a supplement request; when they pass with no
   * answer the step is refused (e.g. birth registration: 7). Absent: no window.
   */
  supplementWindowWorkingDays?: number;
  /** Refusing this procedure refuses the whole case (nothing downstream runs). */
  essential: boolean;
  source: string;
}

export interface ProcedureGroup {
  code: string;
  name: LocalizedText;
  /** National public service portal code of the linked procedure. */
  portalCode: string;
  /** The request field that carries the person the group is about (e.g. `deceased`). */
  subjectField: string;
  /**
   * Subject fields (dotted paths) that identify the person, for the one-open-case-per-person rule.
   * Only their HMAC is stored.
   */
  identityFields: readonly string[];
  procedures: readonly Procedure[];
  /** Every allowed bundle, as sorted lists of procedure codes. */
  allowedCombinations: readonly (readonly string[])[];
  source: string;
}

export interface Agency {
  code: string;
  role: AgencyRole;
  name: LocalizedText;
  /** Absent in the released sample data (before province data files). */
  level?: AdministrativeLevel;
  validFrom?: string;
  validTo?: string;
}

export interface Office {
  /** Receiving agency code, format V1V2V3.Z1Z2.Y1Y2.MX1X2 (Circular 10/2016/TT-BTTTT). */
  code: string;
  name: string;
  province: string;
  cutoff: string;
  /** Opening time: the apology slip goes out at the opening of the working day before the appointment. */
  opensAt: string;
  closesAt: string;
  /** The competent agency for each role for dossiers received here. */
  agencies: Readonly<Partial<Record<AgencyRole, string>>>;
  /** The administrative unit the desk belongs to (e.g. "Phường Ba Đình"). */
  unit?: string;
  level?: AdministrativeLevel;
  validFrom?: string;
  validTo?: string;
}

/** A province's offices, agencies and who serves whom, each valid for a period (province data files). */
export interface Organisation {
  /** Where it was loaded from (a directory name and checksum), for operators. */
  source: string;
  /** Of the files' texts: a load that changes nothing is not stored again. */
  checksum: string;
  offices: readonly Omit<Office, 'agencies'>[];
  agencies: readonly Agency[];
  services: readonly Service[];
}

/** Agency `agencyCode` serves role `role` for dossiers received at office `officeCode` in the period. */
export interface Service {
  officeCode: string;
  role: AgencyRole;
  agencyCode: string;
  validFrom: string;
  validTo?: string;
}

/** What the law says in one period: procedures, limits, routing, the structure of local government. */
export interface LegalVersion {
  version: string;
  /** First receipt date (Vietnam) the version applies to. */
  effectiveFrom: string;
  localGovernment: 'three-level' | 'two-level';
  /** The levels whose agencies may serve each role in this version. */
  agencyLevels: Readonly<Record<AgencyRole, readonly AdministrativeLevel[]>>;
  groups: readonly ProcedureGroup[];
  sources: readonly LegalSource[];
  unconfirmed: readonly UnconfirmedItem[];
}

/** A legal version with the offices and agencies it is served by (on a date, or all of them). */
export interface Catalogue extends LegalVersion {
  agencies: readonly Agency[];
  offices: readonly Office[];
}
