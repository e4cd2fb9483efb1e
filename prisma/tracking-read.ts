import type { PrismaClient } from './generated/client';

// What the public tracking page (/tra-cuu) may show of a case, read column by column: states,
// dates and codes only. The dossier, results, refusal reasons, supplement notes and event details
// other than an apology's two dates are never selected, so they cannot reach the page by mistake.

export interface PublicStep {
  stepId: string;
  procedure: string;
  agencyCode: string;
  status: string;
  dueAt: string | null;
  finishedAt: string | null;
  isOverdue: boolean;
}

export interface PublicCase {
  caseCode: string;
  group: string;
  catalogueVersion: string;
  officeCode: string;
  status: string;
  receivedAt: string;
  appointmentAt: string;
  closedAt: string | null;
  isOverdue: boolean;
  returnedAt: string | null;
  steps: PublicStep[];
  /** The latest apology slip's dates (phiếu xin lỗi và hẹn lại), if one was issued. */
  apology: { previousAppointmentAt: string; newAppointmentAt: string } | null;
  /** The applicant rated the service already (the score and comment are not read here). */
  rated: boolean;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const isoText = (v: unknown): string | undefined => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);

export async function findPublicCase(db: PrismaClient, caseCode: string): Promise<PublicCase | undefined> {
  const c = await db.case.findUnique({
    where: { code: caseCode },
    select: {
      code: true,
      group: true,
      catalogueVersion: true,
      officeCode: true,
      status: true,
      receivedAt: true,
      appointmentAt: true,
      closedAt: true,
      isOverdue: true,
      returnedAt: true,
      steps: { select: { stepId: true, procedure: true, agencyCode: true, status: true, dueAt: true, finishedAt: true, isOverdue: true }, orderBy: { stepId: 'asc' } },
      events: { where: { type: 'APOLOGY_ISSUED' }, select: { details: true }, orderBy: { seq: 'desc' }, take: 1 },
      rating: { select: { caseCode: true } },
    },
  });
  if (!c) return undefined;
  const details = (c.events[0]?.details ?? null) as Record<string, unknown> | null;
  const previous = isoText(details?.previousAppointmentAt);
  const next = isoText(details?.newAppointmentAt);
  return {
    caseCode: c.code,
    group: c.group,
    catalogueVersion: c.catalogueVersion,
    officeCode: c.officeCode,
    status: c.status,
    receivedAt: c.receivedAt.toISOString(),
    appointmentAt: c.appointmentAt.toISOString(),
    closedAt: iso(c.closedAt),
    isOverdue: c.isOverdue,
    returnedAt: iso(c.returnedAt),
    steps: c.steps.map((s) => ({ ...s, dueAt: iso(s.dueAt), finishedAt: iso(s.finishedAt) })),
    apology: previous && next ? { previousAppointmentAt: previous, newAppointmentAt: next } : null,
    rated: c.rating !== null,
  };
}
