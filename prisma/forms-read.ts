import { CaseSummary, eventRecord, EventRecord, StepRecord, stepRecord, summary } from './cases-read';
import type { PrismaClient } from './generated/client';

// Reads for the forms of Circular 01/2018 that the case repository does not offer: the dossier
// tracking book (sổ theo dõi hồ sơ) of an office over a range of receipt dates.

export interface BookCase extends CaseSummary {
  steps: StepRecord[];
  /** Only the events the book shows: hand-overs to agencies and moves of the appointment. */
  timeline: EventRecord[];
  applicant: unknown;
}

const BOOK_EVENT_TYPES = ['DISPATCHED', 'APOLOGY_ISSUED', 'APPOINTMENT_MOVED'];

/** Cases the office received in [from, before): uses the (office_code, received_at) index. */
export async function countOfficeCases(db: PrismaClient, officeCode: string, from: Date, before: Date): Promise<number> {
  return db.case.count({ where: { officeCode, receivedAt: { gte: from, lt: before } } });
}

/** Cases the office received from `from` up to (not including) a case, in book order (receipt time, then code). */
export async function countOfficeCasesBefore(db: PrismaClient, officeCode: string, from: Date, c: { receivedAt: Date; caseCode: string }): Promise<number> {
  return db.case.count({
    where: { officeCode, receivedAt: { gte: from }, OR: [{ receivedAt: { lt: c.receivedAt } }, { receivedAt: c.receivedAt, code: { lt: c.caseCode } }] },
  });
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
    ...summary(c),
    steps: c.steps.map(stepRecord),
    timeline: c.events.map(eventRecord),
    applicant: c.dossier?.applicant ?? null,
  }));
}
