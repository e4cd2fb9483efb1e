import { findAgency, findGroup, findProcedure, getCatalogue } from '../domain';
import type { CaseDetail } from '../prisma/cases-read';

/** The case as the API shows it: ledger data plus names from the catalogue version the case pinned. */
export function caseResource(detail: CaseDetail, dossier?: { applicant: unknown; subject: unknown }) {
  const catalogue = getCatalogue(detail.catalogueVersion);
  const group = findGroup(catalogue, detail.group);
  return {
    ...detail,
    steps: detail.steps.map((s) => {
      const procedure = group && findProcedure(group, s.procedure);
      return {
        ...s,
        procedureName: procedure?.name.vi,
        agencyName: findAgency(catalogue, s.agencyCode)?.name.vi,
      };
    }),
    ...(dossier ? { dossier } : {}),
    links: { self: `/v1/cases/${detail.caseCode}` },
  };
}
