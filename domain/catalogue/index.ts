import { identityKey } from '../text';
import { agenciesOn, allAgencies, allOffices, officesOn, organisationGeneration } from './organisation';
import { Agency, AgencyRole, Catalogue, LegalVersion, Office, Procedure, ProcedureGroup } from './types';
import { LEGAL_VERSIONS } from './versions';

export * from './types';
export * from './death-group';
export * from './birth-group';
export { useOrganisation, loadedOrganisation, officesOn, agenciesOn, allOffices, allAgencies } from './organisation';
export { checkMembership, type Membership, type MembershipCheck, type MembershipWording } from './membership';

/**
 * Every version of the law ever released, oldest first (domain/catalogue/versions.ts). A case
 * pins the version in force on its receipt date; a new version is appended, never edited in place.
 */
export const CATALOGUE_VERSIONS: readonly LegalVersion[] = LEGAL_VERSIONS;

function legalVersion(version: string): LegalVersion {
  const found = CATALOGUE_VERSIONS.find((c) => c.version === version);
  if (!found) throw new RangeError(`unknown catalogue version ${version}`);
  return found;
}

const views = new Map<string, Catalogue>();
let viewsOf = -1;

/** Views are rebuilt when the organisation is reloaded; building one walks every office. */
function view(key: string, build: () => Catalogue): Catalogue {
  // One view per date asked for (`?at=`): bounded, since any date can be asked.
  if (viewsOf !== organisationGeneration() || views.size >= 512) {
    views.clear();
    viewsOf = organisationGeneration();
  }
  let found = views.get(key);
  if (!found) views.set(key, (found = build()));
  return found;
}

/**
 * A pinned version with every office and agency ever known (to read and run a case received
 * under it). Inside a workflow only the released sample is known: new cases carry their office
 * and agencies in the workflow input.
 */
export function getCatalogue(version: string): Catalogue {
  const legal = legalVersion(version);
  return view(`all:${version}`, () => ({ ...legal, offices: allOffices(), agencies: allAgencies() }));
}

/** The version of the law in force on a Vietnam-local date. */
function legalVersionOn(localDate: string): LegalVersion {
  const inForce = CATALOGUE_VERSIONS.filter((c) => c.effectiveFrom <= localDate);
  const latest = inForce[inForce.length - 1];
  if (!latest) throw new RangeError(`no catalogue in force on ${localDate}`);
  return latest;
}

/** The version in force on a Vietnam-local receipt date, with the offices and agencies open that day. */
export function catalogueInForceOn(localDate: string): Catalogue {
  const legal = legalVersionOn(localDate);
  return view(`on:${localDate}`, () => ({ ...legal, offices: officesOn(localDate), agencies: agenciesOn(localDate) }));
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

/**
 * The identity as compared before it was normalised (values only trimmed): cases opened then still
 * carry a key made from it. Give it the subject as the request typed it.
 */
export function legacySubjectIdentity(group: ProcedureGroup, subject: Readonly<Record<string, unknown>>): string {
  return identityValues(group, subject)
    .map((v) => v.trim())
    .join('|');
}

/** The role that handles a procedure for this subject, or undefined when it is not available to them. */
export function routeProcedure(procedure: Procedure, subject: Readonly<Record<string, unknown>>): AgencyRole | undefined {
  const routing = procedure.routing;
  if (routing.kind === 'fixed') return routing.role;
  const value = subject[routing.field];
  return typeof value === 'string' ? routing.routes[value] : undefined;
}
