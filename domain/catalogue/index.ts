import { birthGroup } from './birth-group';
import { deathGroup } from './death-group';
import { agencies, offices } from './offices';
import { identityKey } from '../text';
import { Agency, AgencyRole, Catalogue, Office, Procedure, ProcedureGroup } from './types';

export * from './types';
export * from './death-group';
export * from './birth-group';

/**
 * Every catalogue version ever released, oldest first. A case pins the version in force on its
 * receipt date; a new version (new time limit, new agency) is appended, never edited in place.
 */
export const CATALOGUE_VERSIONS: readonly Catalogue[] = [
  { version: '2024-07-01', effectiveFrom: '2024-07-01', groups: [deathGroup, birthGroup], agencies, offices },
];

export function getCatalogue(version: string): Catalogue {
  const found = CATALOGUE_VERSIONS.find((c) => c.version === version);
  if (!found) throw new RangeError(`unknown catalogue version ${version}`);
  return found;
}

/** The version in force on a Vietnam-local receipt date. */
export function catalogueInForceOn(localDate: string): Catalogue {
  const inForce = CATALOGUE_VERSIONS.filter((c) => c.effectiveFrom <= localDate);
  const latest = inForce[inForce.length - 1];
  if (!latest) throw new RangeError(`no catalogue in force on ${localDate}`);
  return latest;
}

export function findGroup(catalogue: Catalogue, code: string): ProcedureGroup | undefined {
  return catalogue.groups.find((g) => g.code === code);
}

export function findOffice(catalogue: Catalogue, code: string): Office | undefined {
  return catalogue.offices.find((o) => o.code === code);
}

export function findAgency(catalogue: Catalogue, code: string): Agency | undefined {
  return catalogue.agencies.find((a) => a.code === code);
}

export function findProcedure(group: ProcedureGroup, code: string): Procedure | undefined {
  return group.procedures.find((p) => p.code === code);
}

export function isAllowedCombination(group: ProcedureGroup, procedures: readonly string[]): boolean {
  const key = [...procedures].sort().join(',');
  return group.allowedCombinations.some((c) => c.join(',') === key);
}

function identityValues(group: ProcedureGroup, subject: Readonly<Record<string, unknown>>): string[] {
  return group.identityFields
    .map((path) => path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), subject))
    .map((v) => String(v ?? ''));
}

/**
 * The values that identify the subject (dotted paths into it), in the group's order, each compared
 * as `identityKey` does: NFC, case- and space-insensitive, invisible characters removed.
 */
export function subjectIdentity(group: ProcedureGroup, subject: Readonly<Record<string, unknown>>): string {
  return identityValues(group, subject).map(identityKey).join('|');
}

/** The identity as compared before it was normalised: cases opened then still carry a key made from it. */
export function legacySubjectIdentity(group: ProcedureGroup, subject: Readonly<Record<string, unknown>>): string {
  return identityValues(group, subject).join('|');
}

/** The role that handles a procedure for this subject, or undefined when it is not available to them. */
export function routeProcedure(procedure: Procedure, subject: Readonly<Record<string, unknown>>): AgencyRole | undefined {
  const routing = procedure.routing;
  if (routing.kind === 'fixed') return routing.role;
  const value = subject[routing.field];
  return typeof value === 'string' ? routing.routes[value] : undefined;
}
