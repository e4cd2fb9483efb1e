import type { PrismaClient } from './generated/client';

// Reads for the forms of Circular 01/2018 that the case repository does not offer: the dossier
// tracking book (sổ theo dõi hồ sơ) of an office over a range of receipt dates.

export interface BookStep {
  stepId: string;
  procedure: string;
  agencyCode: string;
  status: string;
  timeLimitWorkingDays: number;
  dispatchedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  rejection: unknown;
  supplementRequest: unknown;
}

export interface BookEvent {
  seq: number;
  type: string;
  stepId: string | null;
  actor: string;
  from: string;
  to: string;
  at: string;
  details: unknown;
}

export interface BookCase {
  caseCode: string;
  group: string;
  catalogueVersion: string;
  receivingOffice: string;
  channel: string;
  resultDelivery: string;
  status: string;
  receivedAt: string;
  appointmentAt: string;
  closedAt: string | null;
  steps: BookStep[];
  /** Only the events the book shows: hand-overs to agencies and moves of the appointment. */
  timeline: BookEvent[];
  applicant: unknown;
}

const BOOK_EVENT_TYPES = ['DISPATCHED', 'APOLOGY_ISSUED', 'APPOINTMENT_MOVED'];

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Cases the office received in [from, before): uses the (office_code, received_at) index. */
export async function countOfficeCases(db: PrismaClient, officeCode: string, from: Date, before: Date): Promise<number> {
  return db.case.count({ where: { officeCode, receivedAt: { gte: from, lt: before } } });
}

/** The cases of the book, oldest first, with their steps, the events it shows and the applicant. */
export async function trackingBookCases(db: PrismaClient, officeCode: string, from: Date, before: Date, limit: number): Promise<BookCase[]> {
  const rows = await db.case.findMany({
    where: { officeCode, receivedAt: { gte: from, lt: before } },
    orderBy: [{ receivedAt: 'asc' }, { code: 'asc' }],
    take: limit,
    include: {
      steps: { orderBy: { stepId: 'asc' } },
      events: { where: { type: { in: BOOK_EVENT_TYPES } }, orderBy: { seq: 'asc' } },
      dossier: { select: { applicant: true } },
    },
  });
  return rows.map((c) => ({
    caseCode: c.code,
    group: c.group,
    catalogueVersion: c.catalogueVersion,
    receivingOffice: c.officeCode,
    channel: c.channel,
    resultDelivery: c.resultDelivery,
    status: c.status,
    receivedAt: c.receivedAt.toISOString(),
    appointmentAt: c.appointmentAt.toISOString(),
    closedAt: iso(c.closedAt),
    steps: c.steps.map((s) => ({
      stepId: s.stepId,
      procedure: s.procedure,
      agencyCode: s.agencyCode,
      status: s.status,
      timeLimitWorkingDays: s.timeLimitDays,
      dispatchedAt: iso(s.dispatchedAt),
      dueAt: iso(s.dueAt),
      finishedAt: iso(s.finishedAt),
      rejection: s.rejection,
      supplementRequest: s.supplementRequest,
    })),
    timeline: c.events.map((e) => ({ seq: e.seq, type: e.type, stepId: e.stepId, actor: e.actor, from: e.fromParty, to: e.toParty, at: e.at.toISOString(), details: e.details })),
    applicant: c.dossier?.applicant ?? null,
  }));
}
