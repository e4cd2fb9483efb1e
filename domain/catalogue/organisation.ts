import { RELEASED_SAMPLE_AGENCIES, RELEASED_SAMPLE_OFFICES } from './released-sample';
import { Agency, AgencyRole, Office, Organisation } from './types';

// The province's offices and agencies, loaded once per process from the database (API, worker)
// or from the province's data files (simulators, scripts) — see platform/province-data.ts. The
// workflow sandbox never loads it: a case's workflow gets its office and agencies in its input.
let loaded: Organisation | undefined;
/** Bumped on every load, so views built from the previous data are rebuilt. */
let generation = 0;

export function useOrganisation(organisation: Organisation): void {
  loaded = organisation;
  generation++;
  everyOffice = undefined;
  everyAgency = undefined;
}

// Built once per load: request handlers look codes up in them.
let everyOffice: Office[] | undefined;
let everyAgency: Agency[] | undefined;

export function organisationGeneration(): number {
  return generation;
}

export function loadedOrganisation(): Organisation | undefined {
  return loaded;
}

const withinPeriod = (date: string, from?: string, to?: string) => (from === undefined || from <= date) && (to === undefined || date <= to);

/** Offices open on a date, each with the agency serving each role for dossiers received that day. */
export function officesOn(date: string): Office[] {
  const org = loaded;
  if (!org) return [];
  return org.offices
    .filter((o) => withinPeriod(date, o.validFrom, o.validTo))
    .map((o) => {
      const agencies: Partial<Record<AgencyRole, string>> = {};
      for (const s of org.services) if (s.officeCode === o.code && withinPeriod(date, s.validFrom, s.validTo)) agencies[s.role] = s.agencyCode;
      return { ...o, agencies };
    });
}

export function agenciesOn(date: string): Agency[] {
  return (loaded?.agencies ?? []).filter((a) => withinPeriod(date, a.validFrom, a.validTo));
}

/**
 * Every office ever known, for reading old cases: the loaded data (with the agencies it was last
 * served by) and the released sample the first cases used. The loaded data wins on equal codes.
 */
export function allOffices(): readonly Office[] {
  return (everyOffice ??= buildAllOffices());
}

function buildAllOffices(): Office[] {
  const byCode = new Map<string, Office>(RELEASED_SAMPLE_OFFICES.map((o) => [o.code, o]));
  const org = loaded;
  for (const o of org?.offices ?? []) {
    const agencies: Partial<Record<AgencyRole, string>> = {};
    // Services in file order; a later period of the same role overrides an earlier one.
    for (const s of org?.services ?? []) if (s.officeCode === o.code) agencies[s.role] = s.agencyCode;
    byCode.set(o.code, { ...o, agencies });
  }
  return [...byCode.values()];
}

export function allAgencies(): readonly Agency[] {
  return (everyAgency ??= buildAllAgencies());
}

function buildAllAgencies(): Agency[] {
  const byCode = new Map<string, Agency>(RELEASED_SAMPLE_AGENCIES.map((a) => [a.code, a]));
  for (const a of loaded?.agencies ?? []) byCode.set(a.code, a);
  return [...byCode.values()];
}
