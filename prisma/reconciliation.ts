import { FINAL_STEP_STATUSES, OPEN_CASE_STATUSES, type CaseAttention } from '../domain';
import type { PrismaClient } from './generated/client';

// What the reconciler reads and writes: it compares open cases with their workflows, closes or
// flags the ones whose workflow was stopped or lost outside the engine, and records each pass.

/** An open case as the reconciler compares it with its workflow. */
export interface CaseToReconcile {
  caseCode: string;
  workflowRunId: string | null;
  flagged: string | null;
}

/** Open ledger cases whose workflow was started, oldest first. */
export async function openStartedCases(db: PrismaClient, limit: number): Promise<CaseToReconcile[]> {
  const rows = await db.case.findMany({
    where: { status: { in: [...OPEN_CASE_STATUSES] }, workflowStartedAt: { not: null } },
    select: { code: true, workflowRunId: true, attention: true },
    orderBy: { receivedAt: 'asc' },
    take: limit,
  });
  return rows.map((r) => ({ caseCode: r.code, workflowRunId: r.workflowRunId, flagged: (r.attention as { reason?: string } | null)?.reason ?? null }));
}

/** Received cases whose workflow start is owed for longer than the starter should take. */
export async function countStartsOwed(db: PrismaClient, before: Date): Promise<number> {
  return db.case.count({ where: { workflowStartedAt: null, receivedAt: { lt: before } } });
}

/**
 * The workflow was stopped outside the engine (terminated, failed, timed out, cancelled without
 * closing the case): the ledger closes the case as STOPPED — open steps cancelled, the person free
 * for a new case — with a timeline entry and the reason. Nothing happens if it is closed already.
 */
export async function stopCase(db: PrismaClient, caseCode: string, attention: CaseAttention): Promise<boolean> {
  const rows = await db.$queryRaw<{ code: string }[]>`
    WITH stopped AS (
      UPDATE cases SET status = 'STOPPED', closed_at = ${attention.at}::timestamptz, open_subject_key = NULL, attention = ${JSON.stringify(attention)}::jsonb, updated_at = now()
      WHERE code = ${caseCode} AND status = ANY(${[...OPEN_CASE_STATUSES]}::text[])
      RETURNING code
    ), cancelled AS (
      UPDATE steps SET status = 'CANCELLED', finished_at = ${attention.at}::timestamptz, updated_at = now()
      FROM stopped WHERE steps.case_code = stopped.code AND steps.status <> ALL(${[...FINAL_STEP_STATUSES]}::text[])
    ), next AS (
      SELECT stopped.code, COALESCE((SELECT max(seq) FROM case_events WHERE case_code = stopped.code), 0) + 1 AS seq FROM stopped
    )
    INSERT INTO case_events (id, case_code, seq, type, step_id, actor, from_party, to_party, at, details)
    SELECT next.code || '#' || next.seq, next.code, next.seq, 'WORKFLOW_STOPPED', NULL, 'engine', 'operators', 'desk:' || c.office_code,
      ${attention.at}::timestamptz, ${JSON.stringify({ reason: attention.reason, temporalStatus: attention.temporalStatus })}::jsonb
    FROM next JOIN cases c ON c.code = next.code
    RETURNING case_code AS code`;
  return rows.length > 0;
}

/** Flags a case for operators (its workflow is missing, or the ledger could not be brought level); `null` clears the flag. */
export async function flagCase(db: PrismaClient, caseCode: string, attention: CaseAttention | null): Promise<void> {
  await db.$executeRaw`UPDATE cases SET attention = ${attention ? JSON.stringify(attention) : null}::jsonb, updated_at = now() WHERE code = ${caseCode}`;
}

/** One pass of the reconciler, for operators (GET /v1/reconciliation). */
export async function recordReconciliationRun(db: PrismaClient, run: { id: string; startedAt: Date; finishedAt: Date; checked: number; repaired: number; differences: Record<string, number> }): Promise<void> {
  await db.reconciliationRun.create({ data: { ...run, differences: run.differences } });
}
