import { findAgency, findGroup, findProcedure, getCatalogue } from '../domain';
import type { CaseDetail } from '../prisma/cases-read';

/** The case as the API shows it: ledger data plus names from the catalogue version the case pinned. */
export function caseResource(detail: CaseDetail, dossier?: { applicant: unknown; subject: unknown }) {
  const catalogue = getCatalogue(detail.catalogueVersion);
  const group = findGroup(catalogue, detail.group);
  const order = (procedure: string) => group?.procedures.findIndex((p) => p.code === procedure) ?? 0;
  return {
    ...detail,
    // Catalogue order (death registration first), as on the receipt slip.
    steps: [...detail.steps].sort((a, b) => order(a.procedure) - order(b.procedure)).map((s) => {
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
