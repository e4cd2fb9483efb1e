import { agenciesOn, allAgencies, allOffices, localDateOf, officesOn } from '../domain';

/**
 * The office and agency codes a key or a user may name: every one the province data has known (an
 * office or agency closed by a reorganisation may still have cases to finish), offered in messages
 * as those in service today, with a note when a closed one is chosen.
 */
export function organisationCodes(now = new Date()) {
  const today = localDateOf(now);
  const officesToday = officesOn(today).map((o) => o.code);
  const agenciesToday = agenciesOn(today).map((a) => a.code);
  return {
    offices: new Set(allOffices().map((o) => o.code)),
    agencies: new Set(allAgencies().map((a) => a.code)),
    officesToday,
    agenciesToday,
    /** A note for a chosen code that is not in service today, else undefined. */
    notInService(kind: 'office' | 'agency', code: string | undefined): string | undefined {
      if (!code || (kind === 'office' ? officesToday : agenciesToday).includes(code)) return undefined;
      return `note: ${kind} ${code} is not in service today (${today})${kind === 'office' ? ': a desk there cannot receive new cases' : ': no new steps go to it'}`;
    },
  };
}
