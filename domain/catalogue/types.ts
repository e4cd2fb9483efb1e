/** Roles an agency can play; an office names the competent agency for each role it serves. */
export const AGENCY_ROLES = ['civil-status', 'police', 'social-insurance', 'social-protection', 'merit'] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];

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
  | { kind: 'by-subject-field'; field: string; routes: Readonly<Record<string, AgencyRole>>; source: string };

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
}

export interface Catalogue {
  version: string;
  /** First receipt date (Vietnam) the version applies to. */
  effectiveFrom: string;
  groups: readonly ProcedureGroup[];
  agencies: readonly Agency[];
  offices: readonly Office[];
}
