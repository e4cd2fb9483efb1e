import type { CaseSnapshot, LedgerEvent, StepPlan } from '../domain';
import { formatCaseCode, receiptDay } from '../domain';
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
 * Stores a received case and starts its workflow in one transaction: the daily sequence row stays
 * locked until commit (gapless codes, unique under concurrency), and if the start fails nothing is
 * stored. A unique violation (same Idempotency-Key, or an open case for the same person) aborts
 * the whole transaction; the caller decides which.
 */
export async function createCase(db: PrismaClient, c: NewCase, start: (caseCode: string) => Promise<void>): Promise<string> {
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
      await tx.case.create({
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
      const received = c.receivedEvent(caseCode);
      await tx.caseEvent.create({ data: eventRow(caseCode, received) });
      await start(caseCode);
      return caseCode;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

export class CaseNotInLedger extends Error {
  constructor(caseCode: string) {
    super(`case ${caseCode} is not in the ledger yet`);
    this.name = 'CaseNotInLedger';
  }
}

/**
 * Writes a workflow snapshot. Idempotent: events are inserted once by id; case and steps move only
 * forward in revision, so a retried or late snapshot never overwrites a newer one.
 */
export async function recordSnapshot(db: PrismaClient, s: CaseSnapshot): Promise<{ applied: boolean }> {
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
    // Not stored yet (the receiving transaction has not committed): fail so the activity retries.
    if (updated.count === 0 && (await tx.case.count({ where: { code: s.caseCode } })) === 0) throw new CaseNotInLedger(s.caseCode);
    // Events are appended even from a late snapshot: each is inserted once, by id.
    if (s.events.length > 0) {
      await tx.caseEvent.createMany({ data: s.events.map((e) => eventRow(s.caseCode, e)), skipDuplicates: true });
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
