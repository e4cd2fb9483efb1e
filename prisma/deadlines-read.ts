import { OPEN_CASE_STATUSES, type CaseDetail } from '../domain';
import type { PrismaClient } from './generated/client';
import { eventRecord, stepRecord, summary } from './cases-read';

/** The timeline events the deadline recomputation reads (clock starts, appointment moves). */
const DEADLINE_EVENTS = ['DISPATCHED', 'SUPPLEMENT_SUBMITTED', 'APPOINTMENT_MOVED', 'APOLOGY_ISSUED'];

/**
 * Open cases received before an instant, newest first, with their steps and the events that date
 * them (no dossier: no personal data). For the dry run of a calendar override: a case received
 * after the day cannot count it. `limit + 1` rows are read so the caller knows the scan was capped.
 */
export async function openCasesForDeadlines(db: PrismaClient, f: { receivedBefore: Date; limit: number }): Promise<{ cases: CaseDetail[]; capped: boolean }> {
  const rows = await db.case.findMany({
    where: { status: { in: [...OPEN_CASE_STATUSES] }, receivedAt: { lt: f.receivedBefore } },
    include: { steps: { orderBy: { stepId: 'asc' } }, events: { where: { type: { in: DEADLINE_EVENTS } }, orderBy: { seq: 'asc' } } },
    orderBy: [{ receivedAt: 'desc' }, { code: 'desc' }],
    take: f.limit + 1,
  });
  const cases = rows.slice(0, f.limit).map(({ steps, events, ...c }) => ({ ...summary(c), steps: steps.map(stepRecord), timeline: events.map(eventRecord) }));
  return { cases, capped: rows.length > f.limit };
}
