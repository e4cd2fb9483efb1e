import type { CaseDetail, CaseStatus, CaseSummary, EventRecord, LedgerStepStatus, StepRecord } from '../domain';
import { Prisma, type PrismaClient } from './generated/client';

export type { CaseDetail, CaseSummary, EventRecord, StepRecord };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

type CaseRow = Prisma.CaseGetPayload<object>;
type StepRow = Prisma.StepGetPayload<object>;

export function summary(c: CaseRow): CaseSummary {
  return {
    caseCode: c.code,
    group: c.group,
    catalogueVersion: c.catalogueVersion,
    receivingOffice: c.officeCode,
    channel: c.channel,
    resultDelivery: c.resultDelivery,
    status: c.status as CaseStatus,
    receivedAt: c.receivedAt.toISOString(),
    appointmentAt: c.appointmentAt.toISOString(),
    closedAt: iso(c.closedAt),
    apologyIssuedAt: iso(c.apologyIssuedAt),
    isOverdue: c.isOverdue,
    returnedAt: iso(c.returnedAt),
    returnMethod: c.returnMethod,
    attention: (c.attention as CaseSummary['attention']) ?? null,
  };
}

export function stepRecord(s: StepRow): StepRecord {
  return {
    stepId: s.stepId,
    procedure: s.procedure,
    agencyCode: s.agencyCode,
    status: s.status as LedgerStepStatus,
    dependsOn: s.dependsOn,
    timeLimitWorkingDays: s.timeLimitDays,
    resubmission: s.resubmission,
    dispatchedAt: iso(s.dispatchedAt),
    dueAt: iso(s.dueAt),
    finishedAt: iso(s.finishedAt),
    result: s.result,
    rejection: s.rejection,
    supplementRequest: s.supplementRequest,
    remindedAt: iso(s.remindedAt),
    isOverdue: s.isOverdue,
    attention: (s.attention as StepRecord['attention']) ?? null,
    dispatchAttempts: s.dispatchAttempts,
    dispatchError: s.dispatchError,
  };
}

/** An instant as JavaScript's toISOString() writes it, from SQL. */
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * A case with its steps and timeline (and, when asked, its dossier) in one query: lists and the
 * agencies' polling read this on every call, so it is one round trip, built as JSON by PostgreSQL.
 */
export async function getCaseDetail(db: PrismaClient, caseCode: string): Promise<CaseDetail | undefined> {
  return (await readCase(db, caseCode, false))?.detail;
}

/** The case and its dossier (personal data: only for the desk that received it). */
export async function getCaseWithDossier(db: PrismaClient, caseCode: string): Promise<{ detail: CaseDetail; dossier: Dossier | undefined } | undefined> {
  return readCase(db, caseCode, true);
}

/** The dossier; `handover` (who received the result) once the result was returned. */
type Dossier = { applicant: unknown; subject: unknown; handover?: unknown };

async function readCase(db: PrismaClient, caseCode: string, withDossier: boolean): Promise<{ detail: CaseDetail; dossier: Dossier | undefined } | undefined> {
  const ts = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', ${ISO})`);
  const rows = await db.$queryRaw<{ detail: CaseDetail; dossier: Dossier | null }[]>`
    SELECT json_build_object(
      'caseCode', c.code, 'group', c.group_code, 'catalogueVersion', c.catalogue_version, 'receivingOffice', c.office_code,
      'channel', c.channel, 'resultDelivery', c.result_delivery, 'status', c.status,
      'receivedAt', ${ts('c.received_at')}, 'appointmentAt', ${ts('c.appointment_at')}, 'closedAt', ${ts('c.closed_at')},
      'apologyIssuedAt', ${ts('c.apology_issued_at')}, 'isOverdue', c.is_overdue, 'attention', c.attention,
      'returnedAt', ${ts('c.returned_at')}, 'returnMethod', c.return_method,
      'steps', COALESCE((
        SELECT json_agg(json_build_object(
          'stepId', s.step_id, 'procedure', s.procedure, 'agencyCode', s.agency_code, 'status', s.status, 'dependsOn', s.depends_on,
          'timeLimitWorkingDays', s.time_limit_days, 'resubmission', s.resubmission, 'dispatchedAt', ${ts('s.dispatched_at')}, 'dueAt', ${ts('s.due_at')},
          'finishedAt', ${ts('s.finished_at')}, 'result', s.result, 'rejection', s.rejection, 'supplementRequest', s.supplement_request,
          'remindedAt', ${ts('s.reminded_at')}, 'isOverdue', s.is_overdue, 'attention', s.attention,
          'dispatchAttempts', s.dispatch_attempts, 'dispatchError', s.dispatch_error) ORDER BY s.step_id)
        FROM steps s WHERE s.case_code = c.code), '[]'::json),
      'timeline', COALESCE((
        SELECT json_agg(json_build_object(
          'seq', e.seq, 'type', e.type, 'stepId', e.step_id, 'actor', e.actor, 'from', e.from_party, 'to', e.to_party,
          'at', ${ts('e.at')}, 'details', e.details) ORDER BY e.seq)
        FROM case_events e WHERE e.case_code = c.code), '[]'::json)
    ) AS detail,
    CASE WHEN ${withDossier} THEN (SELECT json_build_object('applicant', d.applicant, 'subject', d.subject, 'handover', d.handover) FROM dossiers d WHERE d.case_code = c.code) END AS dossier
    FROM cases c WHERE c.code = ${caseCode}`;
  const row = rows[0];
  if (row?.dossier && row.dossier.handover == null) delete row.dossier.handover;
  return row && { detail: row.detail, dossier: row.dossier ?? undefined };
}

export function eventRecord(e: Prisma.CaseEventGetPayload<object>): EventRecord {
  return { seq: e.seq, type: e.type, stepId: e.stepId, actor: e.actor, from: e.fromParty, to: e.toParty, at: e.at.toISOString(), details: e.details };
}

export async function loadDossier(db: PrismaClient, caseCode: string): Promise<{ applicant: unknown; subject: unknown; handover?: unknown } | undefined> {
  const d = await db.dossier.findUnique({ where: { caseCode } });
  return d ? { applicant: d.applicant, subject: d.subject, ...(d.handover != null ? { handover: d.handover } : {}) } : undefined;
}

export async function findIdempotentCase(db: PrismaClient, officeCode: string, key: string): Promise<{ caseCode: string; requestHash: string } | undefined> {
  const row = await db.idempotencyKey.findUnique({ where: { officeCode_key: { officeCode, key } } });
  return row ? { caseCode: row.caseCode, requestHash: row.requestHash } : undefined;
}

/** The open case whose subject key is one of these (the current key, and the key cases opened before it was normalised carry). */
export async function findOpenCaseBySubjectKey(db: PrismaClient, openSubjectKeys: readonly string[]): Promise<{ caseCode: string; officeCode: string } | undefined> {
  const row = await db.case.findFirst({ where: { openSubjectKey: { in: [...openSubjectKeys] } }, select: { code: true, officeCode: true } });
  return row ? { caseCode: row.code, officeCode: row.officeCode } : undefined;
}

/** The case is stored but its workflow was not confirmed started (the starter will start it). */
export async function isStartPending(db: PrismaClient, caseCode: string): Promise<boolean> {
  return (await db.case.count({ where: { code: caseCode, workflowStartedAt: null } })) > 0;
}

/** An action taken on the case with this Idempotency-Key, with the answer it got. */
export async function findCaseAction(db: PrismaClient, caseCode: string, idempotencyKey: string): Promise<{ requestHash: string; response: unknown } | undefined> {
  const row = await db.caseAction.findUnique({ where: { caseCode_idempotencyKey: { caseCode, idempotencyKey } }, select: { requestHash: true, response: true } });
  return row ?? undefined;
}

export interface CaseFilter {
  status?: CaseStatus[];
  overdue?: boolean;
  agencyCode?: string;
  /** Only cases with a step handed over to this agency (a DISPATCHED hand-over to it in the timeline). */
  sentToAgency?: string;
  procedure?: string;
  officeCode?: string;
  receivedFrom?: Date;
  receivedBefore?: Date;
  limit: number;
  /** Continue after this (receivedAt, caseCode) position, newest first. */
  after?: { receivedAt: Date; caseCode: string };
}

export async function listCases(db: PrismaClient, f: CaseFilter): Promise<{ items: CaseSummary[]; next?: { receivedAt: Date; caseCode: string } }> {
  const stepFilter: Prisma.StepWhereInput = {
    ...(f.agencyCode ? { agencyCode: f.agencyCode } : {}),
    ...(f.procedure ? { procedure: f.procedure } : {}),
  };
  const where: Prisma.CaseWhereInput = {
    ...(f.status ? { status: { in: f.status } } : {}),
    ...(f.overdue !== undefined ? { isOverdue: f.overdue } : {}),
    ...(f.officeCode ? { officeCode: f.officeCode } : {}),
    ...(f.agencyCode || f.procedure ? { steps: { some: stepFilter } } : {}),
    ...(f.sentToAgency ? { events: { some: { type: 'DISPATCHED', toParty: `agency:${f.sentToAgency}` } } } : {}),
    receivedAt: { ...(f.receivedFrom ? { gte: f.receivedFrom } : {}), ...(f.receivedBefore ? { lt: f.receivedBefore } : {}) },
    ...(f.after
      ? { OR: [{ receivedAt: { lt: f.after.receivedAt } }, { receivedAt: f.after.receivedAt, code: { lt: f.after.caseCode } }] }
      : {}),
  };
  const rows = await db.case.findMany({ where, orderBy: [{ receivedAt: 'desc' }, { code: 'desc' }], take: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return { items: page.map(summary), next: rows.length > f.limit && last ? { receivedAt: last.receivedAt, caseCode: last.code } : undefined };
}

export interface AgencyTask {
  caseCode: string;
  stepId: string;
  procedure: string;
  status: LedgerStepStatus;
  dispatchedAt: string | null;
  dueAt: string | null;
}

/** Steps waiting on the agency or on the applicant's supplement, earliest due first. */
export async function agencyTasks(db: PrismaClient, agencyCode: string, limit = 500): Promise<AgencyTask[]> {
  const rows = await db.step.findMany({
    where: { agencyCode, status: { in: ['DISPATCHED', 'AWAITING_SUPPLEMENT'] } },
    orderBy: [{ dueAt: 'asc' }, { caseCode: 'asc' }],
    take: limit,
  });
  return rows.map((s) => ({ caseCode: s.caseCode, stepId: s.stepId, procedure: s.procedure, status: s.status as LedgerStepStatus, dispatchedAt: iso(s.dispatchedAt), dueAt: iso(s.dueAt) }));
}

export interface AgencyOverdueCount {
  agencyCode: string;
  /** Steps past their due date and still waiting on the agency. */
  openOverdue: number;
  /** Steps that were (or are) late, finished or not. */
  totalOverdue: number;
}

/** Overdue steps per agency, for the provincial office's statistics. */
export async function overdueCountsByAgency(db: PrismaClient): Promise<AgencyOverdueCount[]> {
  const [all, open] = await Promise.all([
    db.step.groupBy({ by: ['agencyCode'], where: { isOverdue: true }, _count: { _all: true } }),
    db.step.groupBy({ by: ['agencyCode'], where: { isOverdue: true, status: 'DISPATCHED' }, _count: { _all: true } }),
  ]);
  const openBy = new Map(open.map((r) => [r.agencyCode, r._count._all]));
  return all
    .map((r) => ({ agencyCode: r.agencyCode, openOverdue: openBy.get(r.agencyCode) ?? 0, totalOverdue: r._count._all }))
    .sort((a, b) => b.totalOverdue - a.totalOverdue || a.agencyCode.localeCompare(b.agencyCode));
}
