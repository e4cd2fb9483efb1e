import { eventId, FINAL_STEP_STATUSES, party, RESULT_READY_STATUSES, RESULT_RETURNED_SEQ, type HandoverDetails, type HandoverMethod } from '../domain';
import type { PrismaClient } from './generated/client';

// The fourth step (trả kết quả) is the desk's alone: the case workflow has usually completed by
// then, so the API writes it to the ledger directly, in one transaction: the case row (when, how),
// the timeline event (method and whether the applicant came: nothing personal), the dossier (who
// received it: personal data) and the Idempotency-Key with its answer. Workflow snapshots never
// write these columns, and a reset run's whole timeline keeps the event (prisma/cases-write.ts).

export interface ResultReturn {
  caseCode: string;
  officeCode: string;
  method: HandoverMethod;
  at: Date;
  /** Personal data: stored with the dossier only. */
  details: HandoverDetails;
  /** `applicant` or `other` (desk), absent otherwise: the timeline's only word on who came. */
  recipient?: 'applicant' | 'other';
  /** `unscopedKey`: the key as sent, which a handover recorded before keys were scoped carries. */
  idempotency?: { key: string; requestHash: string; unscopedKey?: string };
  /** The console user who recorded it (absent for API keys): named in the event and the action. */
  by?: { userId: string; name: string };
  /** Builds the answer (stored with the key, so a retry gets it again) from the case as returned. */
  answer: (c: ReturnedCase) => unknown;
}

export interface ReturnedCase {
  caseCode: string;
  status: string;
  appointmentAt: string;
  returnedAt: string;
  returnMethod: HandoverMethod;
}

export type ResultReturnOutcome =
  | { kind: 'recorded'; response: unknown }
  | { kind: 'replayed'; response: unknown }
  | { kind: 'key-reused' }
  | { kind: 'not-found' }
  | { kind: 'already-returned'; returnedAt: string }
  | { kind: 'not-ready'; status: string }
  | { kind: 'before-ready'; readyAt: string };

interface CaseRow {
  code: string;
  office_code: string;
  status: string;
  appointment_at: Date;
  closed_at: Date | null;
  returned_at: Date | null;
  open_steps: number;
}

export async function recordResultReturn(db: PrismaClient, r: ResultReturn): Promise<ResultReturnOutcome> {
  return db.$transaction(async (tx) => {
    // The row lock makes two concurrent handovers of one case (with or without a key) one after the other.
    const rows = await tx.$queryRaw<CaseRow[]>`
      SELECT c.code, c.office_code, c.status, c.appointment_at, c.closed_at, c.returned_at,
        (SELECT count(*) FROM steps s WHERE s.case_code = c.code AND s.status <> ALL(${[...FINAL_STEP_STATUSES]}::text[]))::int AS open_steps
      FROM cases c WHERE c.code = ${r.caseCode} FOR UPDATE OF c`;
    const c = rows[0];
    // Another office's case looks like no case (case codes are not to be probed).
    if (!c || c.office_code !== r.officeCode) return { kind: 'not-found' };
    if (r.idempotency) {
      const recorded = (idempotencyKey: string) => tx.caseAction.findUnique({ where: { caseCode_idempotencyKey: { caseCode: r.caseCode, idempotencyKey } } });
      // The office is this case's (checked above), so a record under the key as sent is its own.
      const known = (await recorded(r.idempotency.key)) ?? (r.idempotency.unscopedKey !== undefined ? await recorded(r.idempotency.unscopedKey) : null);
      if (known) return known.requestHash === r.idempotency.requestHash ? { kind: 'replayed', response: known.response } : { kind: 'key-reused' };
    }
    if (c.returned_at) return { kind: 'already-returned', returnedAt: c.returned_at.toISOString() };
    if (!RESULT_READY_STATUSES.includes(c.status as never) || !c.closed_at || c.open_steps > 0) return { kind: 'not-ready', status: c.status };
    if (r.at < c.closed_at) return { kind: 'before-ready', readyAt: c.closed_at.toISOString() };

    const returned: ReturnedCase = { caseCode: c.code, status: c.status, appointmentAt: c.appointment_at.toISOString(), returnedAt: r.at.toISOString(), returnMethod: r.method };
    const response = r.answer(returned);
    const desk = party.desk(r.officeCode);
    const details = { method: r.method, ...(r.recipient ? { recipient: r.recipient } : {}), ...(r.by ? { by: r.by } : {}) };
    await tx.$executeRaw`
      WITH moved AS (
        UPDATE cases SET returned_at = ${r.at}, return_method = ${r.method}, updated_at = now() WHERE code = ${c.code} RETURNING code
      ), kept AS (
        UPDATE dossiers SET handover = ${JSON.stringify(r.details)}::jsonb FROM moved WHERE dossiers.case_code = moved.code
      ), keyed AS (
        INSERT INTO case_actions (case_code, idempotency_key, action, step_id, request_hash, response, at, user_id, user_name)
        SELECT moved.code, ${r.idempotency?.key ?? null}, 'return-result', NULL, ${r.idempotency?.requestHash ?? null}, ${JSON.stringify(response)}::jsonb, now(), ${r.by?.userId ?? null}::uuid, ${r.by?.name ?? null}
        FROM moved WHERE ${r.idempotency?.key ?? null}::text IS NOT NULL
      )
      INSERT INTO case_events (id, case_code, seq, type, step_id, actor, from_party, to_party, at, details)
      SELECT ${eventId(c.code, RESULT_RETURNED_SEQ)}, moved.code, ${RESULT_RETURNED_SEQ}, 'RESULT_RETURNED', NULL, ${desk}, ${desk}, ${party.applicant}, ${r.at}, ${JSON.stringify(details)}::jsonb
      FROM moved`;
    return { kind: 'recorded', response };
  });
}

export interface ReturnCounts {
  officeCode: string;
  returned: number;
  returnedOnTime: number;
  returnedLate: number;
  awaitingReturn: number;
  awaitingReturnPastAppointment: number;
}

/** Per office: handovers on time and late (to the appointment in force), and results ready but not yet returned. */
export async function returnCounts(db: PrismaClient, officeCode: string | undefined, now: Date): Promise<ReturnCounts[]> {
  const ready = [...RESULT_READY_STATUSES];
  const rows = await db.$queryRaw<ReturnCounts[]>`
    SELECT office_code AS "officeCode",
      count(*) FILTER (WHERE returned_at IS NOT NULL)::int AS "returned",
      count(*) FILTER (WHERE returned_at <= appointment_at)::int AS "returnedOnTime",
      count(*) FILTER (WHERE returned_at > appointment_at)::int AS "returnedLate",
      count(*) FILTER (WHERE returned_at IS NULL AND status = ANY(${ready}::text[]))::int AS "awaitingReturn",
      count(*) FILTER (WHERE returned_at IS NULL AND status = ANY(${ready}::text[]) AND appointment_at < ${now})::int AS "awaitingReturnPastAppointment"
    FROM cases
    WHERE (${officeCode ?? null}::text IS NULL OR office_code = ${officeCode ?? null}::text) AND (returned_at IS NOT NULL OR status = ANY(${ready}::text[]))
    GROUP BY office_code ORDER BY office_code`;
  return rows;
}
