import type { ActionRecord, CaseDetail, CaseSnapshot, LedgerEvent, StepPlan } from '../domain';
import { formatCaseCode, receiptDay } from '../domain';
import { eventRecord, stepRecord, summary } from './cases-read';
import { isDataRejected } from './errors';
import type { Prisma, PrismaClient } from './generated/client';

export interface NewCase {
  group: string;
  catalogueVersion: string;
  officeCode: string;
  channel: string;
  resultDelivery: string;
  receivedAt: Date;
  appointmentAt: Date;
  openSubjectKey: string;
  applicant: Record<string, unknown>;
  subject: Record<string, unknown>;
  steps: StepPlan[];
  receivedEvent: (caseCode: string) => LedgerEvent;
  idempotency?: { key: string; requestHash: string };
}

const json = (v: unknown): Prisma.InputJsonValue => v as Prisma.InputJsonValue;

function eventRow(caseCode: string, e: LedgerEvent): Prisma.CaseEventCreateManyInput {
  return { id: e.id, caseCode, seq: e.seq, type: e.type, stepId: e.stepId ?? null, actor: e.actor, fromParty: e.from, toParty: e.to, at: new Date(e.at), details: json(e.details) };
}

/**
 * Stores a received case: takes the office's next daily number, stores the case, its steps,
 * dossier and receipt event, and commits. The sequence row is locked only for these local writes
 * (gapless codes, unique under concurrency); the workflow is started after the commit, by the
 * caller or by the starter (`casesAwaitingStart`). A unique violation (same Idempotency-Key, or an
 * open case for the same person) aborts the whole transaction; the caller decides which.
 */
export async function createCase(db: PrismaClient, c: NewCase): Promise<CaseDetail> {
  return db.$transaction(
    async (tx) => {
      const day = receiptDay(c.receivedAt);
      const [row] = await tx.$queryRaw<{ last: number }[]>`
        INSERT INTO case_code_sequences (office_code, day, last) VALUES (${c.officeCode}, ${day}, 1)
        ON CONFLICT (office_code, day) DO UPDATE SET last = case_code_sequences.last + 1
        RETURNING last`;
      const caseCode = formatCaseCode(c.officeCode, c.receivedAt, row!.last);
      if (c.idempotency) {
        await tx.idempotencyKey.create({ data: { officeCode: c.officeCode, key: c.idempotency.key, requestHash: c.idempotency.requestHash, caseCode } });
      }
      const stored = await tx.case.create({
        include: { steps: true },
        data: {
          code: caseCode,
          group: c.group,
          catalogueVersion: c.catalogueVersion,
          officeCode: c.officeCode,
          channel: c.channel,
          resultDelivery: c.resultDelivery,
          status: 'RECEIVED',
          receivedAt: c.receivedAt,
          appointmentAt: c.appointmentAt,
          openSubjectKey: c.openSubjectKey,
          dossier: { create: { applicant: json(c.applicant), subject: json(c.subject) } },
          steps: {
            create: c.steps.map((s) => ({
              stepId: s.stepId,
              procedure: s.procedure,
              agencyCode: s.agencyCode,
              status: 'PENDING',
              dependsOn: s.dependsOn,
              timeLimitDays: s.timeLimitWorkingDays,
            })),
          },
        },
      });
      const received = await tx.caseEvent.create({ data: eventRow(caseCode, c.receivedEvent(caseCode)) });
      // The case as stored, in the order the steps were planned: no read after the commit.
      const order = (stepId: string) => c.steps.findIndex((p) => p.stepId === stepId);
      return { ...summary(stored), steps: stored.steps.sort((a, b) => order(a.stepId) - order(b.stepId)).map(stepRecord), timeline: [eventRecord(received)] };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

/** The case's workflow is running (or ran): the starter leaves it alone. */
export async function markWorkflowStarted(db: PrismaClient, caseCode: string, at: Date): Promise<void> {
  await db.case.updateMany({ where: { code: caseCode, workflowStartedAt: null }, data: { workflowStartedAt: at } });
}

/** A stored case whose workflow is still to be started, with what its workflow needs. */
export interface CaseToStart {
  caseCode: string;
  group: string;
  catalogueVersion: string;
  officeCode: string;
  receivedAt: Date;
  appointmentAt: Date;
  steps: StepPlan[];
}

/** Received before `before` and not yet confirmed started: their receipt's process died between commit and start. */
export async function casesAwaitingStart(db: PrismaClient, before: Date, limit: number): Promise<CaseToStart[]> {
  const rows = await db.case.findMany({
    where: { workflowStartedAt: null, receivedAt: { lt: before } },
    include: { steps: true },
    orderBy: { receivedAt: 'asc' },
    take: limit,
  });
  return rows.map((c) => ({
    caseCode: c.code,
    group: c.group,
    catalogueVersion: c.catalogueVersion,
    officeCode: c.officeCode,
    receivedAt: c.receivedAt,
    appointmentAt: c.appointmentAt,
    steps: c.steps.map((s) => ({ stepId: s.stepId, procedure: s.procedure, agencyCode: s.agencyCode, dependsOn: s.dependsOn, timeLimitWorkingDays: s.timeLimitDays })),
  }));
}

/** A snapshot PostgreSQL refuses for good (data it cannot store, or a case it does not have): retrying cannot help. */
export class LedgerRejected extends Error {
  constructor(caseCode: string, reason: string) {
    super(`the ledger refused a write of case ${caseCode}: ${reason}`);
    this.name = 'LedgerRejected';
  }
}

function actionRow(caseCode: string, a: ActionRecord): Prisma.CaseActionCreateManyInput {
  return { caseCode, idempotencyKey: a.idempotencyKey, action: a.action, stepId: a.stepId ?? null, requestHash: a.requestHash, response: json(a.response), at: new Date(a.at) };
}

/**
 * Writes a workflow snapshot. Idempotent: events and actions are inserted once by id; case and
 * steps move only forward in revision, so a retried or late snapshot never overwrites a newer one.
 * Throws LedgerRejected for a write that can never succeed.
 */
export async function recordSnapshot(db: PrismaClient, s: CaseSnapshot): Promise<{ applied: boolean }> {
  try {
    return await writeSnapshot(db, s);
  } catch (err) {
    if (err instanceof LedgerRejected) throw err;
    if (isDataRejected(err)) throw new LedgerRejected(s.caseCode, 'data PostgreSQL cannot store');
    throw err;
  }
}

async function writeSnapshot(db: PrismaClient, s: CaseSnapshot): Promise<{ applied: boolean }> {
  return db.$transaction(async (tx) => {
    const closed = s.closedAt !== undefined;
    const updated = await tx.case.updateMany({
      where: { code: s.caseCode, revision: { lt: s.revision } },
      data: {
        status: s.status,
        revision: s.revision,
        appointmentAt: new Date(s.appointmentAt),
        closedAt: closed ? new Date(s.closedAt!) : null,
        apologyIssuedAt: s.apologyIssuedAt ? new Date(s.apologyIssuedAt) : null,
        isOverdue: s.isOverdue ?? false,
        // A closed case frees the person for a new case.
        ...(closed ? { openSubjectKey: null } : {}),
      },
    });
    // Workflows start only after their receipt committed, so a missing case will not appear later.
    if (updated.count === 0 && (await tx.case.count({ where: { code: s.caseCode } })) === 0) throw new LedgerRejected(s.caseCode, 'no such case in the ledger');
    // Events and actions are appended even from a late snapshot: each is inserted once, by id.
    if (s.events.length > 0) {
      await tx.caseEvent.createMany({ data: s.events.map((e) => eventRow(s.caseCode, e)), skipDuplicates: true });
    }
    if (s.actions?.length) {
      await tx.caseAction.createMany({ data: s.actions.map((a) => actionRow(s.caseCode, a)), skipDuplicates: true });
    }
    if (updated.count === 0) return { applied: false };
    for (const step of s.steps) {
      await tx.step.update({
        where: { caseCode_stepId: { caseCode: s.caseCode, stepId: step.stepId } },
        data: {
          status: step.status,
          dispatchedAt: step.dispatchedAt ? new Date(step.dispatchedAt) : null,
          dueAt: step.dueAt ? new Date(step.dueAt) : null,
          finishedAt: step.finishedAt ? new Date(step.finishedAt) : null,
          result: step.result ? json(step.result) : undefined,
          rejection: step.rejection ? json(step.rejection) : undefined,
          supplementRequest: step.supplementRequest ? json(step.supplementRequest) : undefined,
          remindedAt: step.remindedAt ? new Date(step.remindedAt) : null,
          isOverdue: step.isOverdue ?? false,
        },
      });
    }
    return { applied: true };
  });
}
