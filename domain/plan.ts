import { Catalogue, findGroup, findOffice, routeProcedure } from './catalogue';

/** A step of a case as planned at receipt: which procedure, which agency, after which steps. */
export interface StepPlan {
  /** Stable within a case; equal to the procedure code (a group never bundles a procedure twice). */
  stepId: string;
  procedure: string;
  agencyCode: string;
  /** The agency's role; absent in cases planned before offices came from province data. */
  role?: string;
  dependsOn: string[];
  timeLimitWorkingDays: number;
}

export class PlanningError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/**
 * Resolves the chosen procedures of a group into steps with their competent agencies. The request
 * has been validated before; a PlanningError here means the catalogue cannot serve it (e.g. an
 * office with no agency for a role).
 */
export function planSteps(
  catalogue: Catalogue,
  groupCode: string,
  procedures: readonly string[],
  officeCode: string,
  subject: Readonly<Record<string, unknown>>,
): StepPlan[] {
  const group = findGroup(catalogue, groupCode);
  if (!group) throw new PlanningError('group', `unknown group ${groupCode}`);
  const office = findOffice(catalogue, officeCode);
  if (!office) throw new PlanningError('receivingOffice', `unknown office ${officeCode}`);
  // Catalogue order, so every case of a group lists its steps the same way.
  return group.procedures
    .filter((p) => procedures.includes(p.code))
    .map((p) => {
      const role = routeProcedure(p, subject);
      if (!role) throw new PlanningError('procedures', `${p.code} is not available for this ${group.subjectField}`);
      const agencyCode = office.agencies[role];
      if (!agencyCode) throw new PlanningError('receivingOffice', `office ${office.code} has no ${role} agency`);
      return {
        stepId: p.code,
        procedure: p.code,
        agencyCode,
        role,
        dependsOn: p.dependsOn.filter((d) => procedures.includes(d)),
        timeLimitWorkingDays: p.timeLimit.workingDays,
      };
    });
}
