import { caseReturnView, findAgency, findGroup, findProcedure, getCatalogue } from '../domain';
import type { Principal } from '../prisma/api-keys';
import { getCaseDetail, type CaseDetail } from '../prisma/cases-read';
import type { PrismaClient } from '../prisma/generated/client';
import { Problem } from './problem';
import { hidePersonalFields } from './personal-data';

/** The case as the API shows it: ledger data plus names from the catalogue version the case pinned. */
export function caseResource(detail: CaseDetail, dossier?: { applicant: unknown; subject: unknown; handover?: unknown }) {
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
    resultReturn: caseReturnView(detail),
    links: { self: `/v1/cases/${detail.caseCode}` },
  };
}

/**
 * What an agency may see of a case: its own steps in full, the other steps' status only, and the
 * timeline of its own steps — not other agencies' decisions, amounts or the desk's notes.
 */
export function agencyView(detail: CaseDetail, agencyCode: string): CaseDetail {
  const own = new Set(detail.steps.filter((s) => s.agencyCode === agencyCode).map((s) => s.stepId));
  return {
    ...detail,
    steps: detail.steps.map((s) => (own.has(s.stepId) ? s : { ...s, result: null, rejection: null, supplementRequest: null })),
    timeline: detail.timeline.filter((e) => e.stepId !== null && own.has(e.stepId)),
  };
}

/** What an operator sees of a case: everything but the personal fields of results (the child's personal ID, card numbers). */
export function operatorView(detail: CaseDetail): CaseDetail {
  return { ...detail, steps: detail.steps.map((s) => (s.result ? { ...s, result: hidePersonalFields(s.result) } : s)) };
}

/**
 * Need to know: an agency sees a case once one of its steps was handed over to it — the timeline
 * holds the hand-over — not while the step is pending, being sent, skipped, cancelled before it
 * was sent, or waiting for an operator after its dispatch failed.
 */
export function agencyMaySee(detail: CaseDetail, agencyCode: string): boolean {
  const party = `agency:${agencyCode}`;
  return detail.timeline.some((e) => e.type === 'DISPATCHED' && e.to === party);
}

/**
 * Who may read a case at all: the desk of the office that received it, an operator, or an agency
 * once a step of its was handed over (agencyMaySee). What each of them sees is agencyView /
 * operatorView; GET /v1/cases/{caseCode} and its sub-resources answer 404 to everyone else.
 */
export function mayReadCase(p: Pick<Principal, 'role' | 'officeCode' | 'agencyCode'>, detail: CaseDetail): boolean {
  return p.role === 'operator' || p.role === 'admin' || (p.role === 'desk' && detail.receivingOffice === p.officeCode) || (p.role === 'agency' && agencyMaySee(detail, p.agencyCode!));
}

/** The answer for a case that does not exist or that the caller may not see: the two look the same, so case codes cannot be probed. */
export const caseNotFound = (code: string): Problem => new Problem(404, 'Case not found', `No case ${code} visible to this key.`, [], undefined, { code: 'CASE_NOT_FOUND' });

/** The case if the caller may read it (mayReadCase), else caseNotFound. */
export function visibleCase(p: Principal, detail: CaseDetail | undefined, code: string): CaseDetail {
  if (!detail || !mayReadCase(p, detail)) throw caseNotFound(code);
  return detail;
}

/** The case read from the ledger, if the caller may read it, else caseNotFound. */
export const readableCase = async (db: PrismaClient, p: Principal, code: string): Promise<CaseDetail> => visibleCase(p, await getCaseDetail(db, code), code);
