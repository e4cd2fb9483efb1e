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
    /** A note for each chosen code that is not in service today. */
    notesFor(chosen: { office?: string; agency?: string }): string[] {
      return [
        ...(chosen.office && !officesToday.includes(chosen.office) ? [`note: office ${chosen.office} is not in service today (${today}): a desk there cannot receive new cases`] : []),
        ...(chosen.agency && !agenciesToday.includes(chosen.agency) ? [`note: agency ${chosen.agency} is not in service today (${today}): no new steps go to it`] : []),
      ];
    },
  };
}
