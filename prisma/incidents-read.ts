import type { CaseAttention, StepAttention } from '../domain';
import { Prisma, type PrismaClient } from './generated/client';

// What operators must act on or watch: steps that need attention, cases the reconciler flagged,
// dispatches still being retried, and the reconciler's recent passes.

export interface StepIncident {
  caseCode: string;
  stepId: string;
  procedure: string;
  agencyCode: string;
  status: string;
  attention: StepAttention | null;
  dispatchAttempts: number;
  dispatchError: string | null;
  dueAt: string | null;
  updatedAt: string;
}

export interface CaseIncident {
  caseCode: string;
  status: string;
  receivingOffice: string;
  attention: CaseAttention;
}

export interface Incidents {
  /** Steps whose dispatch failed for good (NEEDS_ATTENTION): retry or reassign them. */
  needsAttention: StepIncident[];
  /** Dispatches the engine is still retrying (counted, not yet escalated). */
  retrying: StepIncident[];
  /** Cases whose workflow failed, timed out, went missing or was stopped outside the engine. */
  cases: CaseIncident[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export async function listIncidents(db: PrismaClient, limit: number): Promise<Incidents> {
  const stepRow = (s: Awaited<ReturnType<typeof db.step.findMany>>[number]): StepIncident => ({
    caseCode: s.caseCode,
    stepId: s.stepId,
    procedure: s.procedure,
    agencyCode: s.agencyCode,
    status: s.status,
    attention: (s.attention as StepAttention | null) ?? null,
    dispatchAttempts: s.dispatchAttempts,
    dispatchError: s.dispatchError,
    dueAt: iso(s.dueAt),
    updatedAt: s.updatedAt.toISOString(),
  });
  const [attention, retrying, cases] = await Promise.all([
    db.step.findMany({ where: { status: 'NEEDS_ATTENTION' }, orderBy: { updatedAt: 'asc' }, take: limit }),
    db.step.findMany({ where: { status: { in: ['SENDING', 'DISPATCHED'] }, dispatchAttempts: { gt: 1 }, dispatchError: { not: null }, dispatchedAt: null }, orderBy: { updatedAt: 'asc' }, take: limit }),
    db.case.findMany({ where: { attention: { not: Prisma.DbNull } }, orderBy: { updatedAt: 'desc' }, take: limit }),
  ]);
  return {
    needsAttention: attention.map(stepRow),
    retrying: retrying.map(stepRow),
    cases: cases.map((c) => ({ caseCode: c.code, status: c.status, receivingOffice: c.officeCode, attention: c.attention as unknown as CaseAttention })),
  };
}

export interface ReconciliationRunRecord {
  id: string;
  startedAt: string;
  finishedAt: string;
  checked: number;
  repaired: number;
  differences: Record<string, number>;
}

export async function listReconciliationRuns(db: PrismaClient, limit: number): Promise<ReconciliationRunRecord[]> {
  const rows = await db.reconciliationRun.findMany({ orderBy: { startedAt: 'desc' }, take: limit });
  return rows.map((r) => ({ id: r.id, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt.toISOString(), checked: r.checked, repaired: r.repaired, differences: r.differences as Record<string, number> }));
}
