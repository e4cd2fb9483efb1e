import { createHash } from 'node:crypto';
import type { CaseDetail, CaseSnapshot, EventRecord, LedgerEvent, StepPlan } from '../domain';
import { MAX_DAILY_SEQUENCE, receiptDay } from '../domain';
import { isDataRejected } from './errors';
import type { PrismaClient } from './generated/client';

// The ledger's hot writes, each one SQL statement (one round trip, atomic on its own): a receipt
// stores its case, and every workflow snapshot updates it. Prisma's query builder would send one
// statement per row inside an interactive transaction; under load those round trips were most of
// the engine's CPU and held the office's sequence row longer.

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
  /** The RECEIVED event (seq 0) but its id, which comes from the case code. */
  received: Omit<EventRecord, 'seq' | 'type' | 'stepId'>;
  idempotency?: { key: string; requestHash: string };
}

/**
 * Stores a received case in one statement: takes the office's next daily number, stores the case,
 * its steps, dossier, receipt event and Idempotency-Key, and commits. The sequence row is locked
 * only for that statement (gapless codes, unique under concurrency: a statement that fails rolls
 * its number back); the workflow is started after, by the caller or by the starter
 * (`casesAwaitingStart`). A unique violation (same Idempotency-Key, or an open case for the same
 * person) fails the whole statement; the caller decides which.
 */
export async function createCase(db: PrismaClient, c: NewCase): Promise<CaseDetail> {
  const day = receiptDay(c.receivedAt);
  const steps = c.steps.map((s) => ({ step_id: s.stepId, procedure: s.procedure, agency_code: s.agencyCode, depends_on: s.dependsOn, time_limit_days: s.timeLimitWorkingDays }));
  const rows = await db.$queryRaw<{ code: string }[]>`
    WITH seq AS (
      INSERT INTO case_code_sequences (office_code, day, last) VALUES (${c.officeCode}, ${day}, 1)
      ON CONFLICT (office_code, day) DO UPDATE SET last = case_code_sequences.last + 1
      RETURNING last
    ), numbered AS (
      -- Case code V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX (domain/case-code.ts); past 9999 nothing is stored.
      SELECT ${c.officeCode} || '-' || ${day} || '-' || lpad(last::text, 4, '0') AS code FROM seq WHERE last <= ${MAX_DAILY_SEQUENCE}
    ), stored AS (
      INSERT INTO cases (code, group_code, catalogue_version, office_code, channel, result_delivery, status, received_at, appointment_at, open_subject_key, updated_at)
      SELECT code, ${c.group}, ${c.catalogueVersion}, ${c.officeCode}, ${c.channel}, ${c.resultDelivery}, 'RECEIVED', ${c.receivedAt}, ${c.appointmentAt}, ${c.openSubjectKey}, now()
      FROM numbered
      RETURNING code
    ), dossier AS (
      INSERT INTO dossiers (case_code, applicant, subject) SELECT code, ${JSON.stringify(c.applicant)}::jsonb, ${JSON.stringify(c.subject)}::jsonb FROM stored
    ), planned AS (
      INSERT INTO steps (case_code, step_id, procedure, agency_code, status, depends_on, time_limit_days, updated_at)
      SELECT stored.code, x.step_id, x.procedure, x.agency_code, 'PENDING', x.depends_on, x.time_limit_days, now()
      FROM stored, jsonb_to_recordset(${JSON.stringify(steps)}::jsonb) AS x(step_id text, procedure text, agency_code text, depends_on text[], time_limit_days int)
    ), received AS (
      INSERT INTO case_events (id, case_code, seq, type, step_id, actor, from_party, to_party, at, details)
      SELECT code || '#0', code, 0, 'RECEIVED', NULL, ${c.received.actor}, ${c.received.from}, ${c.received.to}, ${c.received.at}::timestamptz, ${JSON.stringify(c.received.details)}::jsonb FROM stored
    ), keyed AS (
      INSERT INTO idempotency_keys (office_code, key, request_hash, case_code)
      SELECT ${c.officeCode}, ${c.idempotency?.key ?? null}, ${c.idempotency?.requestHash ?? null}, code FROM stored WHERE ${c.idempotency?.key ?? null}::text IS NOT NULL
    )
    SELECT code FROM stored`;
  const caseCode = rows[0]?.code;
  if (!caseCode) throw new RangeError(`office ${c.officeCode} received its ${MAX_DAILY_SEQUENCE} cases of the day`);
  return receivedCase(caseCode, c);
}

/** The case as createCase stored it, without reading it back. */
function receivedCase(caseCode: string, c: NewCase): CaseDetail {
  return {
    caseCode,
    group: c.group,
    catalogueVersion: c.catalogueVersion,
    receivingOffice: c.officeCode,
    channel: c.channel,
    resultDelivery: c.resultDelivery,
    status: 'RECEIVED',
    receivedAt: c.receivedAt.toISOString(),
    appointmentAt: c.appointmentAt.toISOString(),
    closedAt: null,
    apologyIssuedAt: null,
    isOverdue: false,
    returnedAt: null,
    returnMethod: null,
    attention: null,
    steps: c.steps.map((s) => ({
      stepId: s.stepId,
      procedure: s.procedure,
      agencyCode: s.agencyCode,
      status: 'PENDING',
      dependsOn: [...s.dependsOn],
      timeLimitWorkingDays: s.timeLimitWorkingDays,
      resubmission: 0,
      dispatchedAt: null,
      dueAt: null,
      finishedAt: null,
      result: null,
      rejection: null,
      supplementRequest: null,
      remindedAt: null,
      isOverdue: false,
      attention: null,
      dispatchAttempts: 0,
      dispatchError: null,
    })),
    timeline: [{ seq: 0, type: 'RECEIVED', stepId: null, ...c.received, at: new Date(c.received.at).toISOString() }],
  };
}

/** The case's workflow is running (or ran): the starter leaves it alone. */
export async function markWorkflowStarted(db: PrismaClient, caseCode: string, at: Date): Promise<void> {
  await db.$executeRaw`UPDATE cases SET workflow_started_at = ${at} WHERE code = ${caseCode} AND workflow_started_at IS NULL`;
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

/**
 * The agency acknowledged a dispatch: the step shows DISPATCHED and the hand-over enters the
 * timeline (by its reserved id: written once, whether this or the workflow's snapshot comes first).
 * A step the workflow already moved on (answered, cancelled), or handed to another agency, keeps
 * its status.
 */
export async function recordHandOver(db: PrismaClient, caseCode: string, event: LedgerEvent & { stepId: string }, dispatch: { resubmission: number; dueAt: string; agencyCode: string }): Promise<void> {
  const { resubmission, dueAt, agencyCode } = dispatch;
  await db.$executeRaw`
    WITH reassigned AS (
      -- An operator handed the step to another agency after this dispatch was reserved: its late
      -- acknowledgement is not the step's hand-over (the reservation's seq is older than the REASSIGNED event).
      SELECT 1 FROM case_events WHERE case_code = ${caseCode} AND step_id = ${event.stepId} AND type = 'REASSIGNED' AND seq > ${event.seq}
    ), moved AS (
      UPDATE steps SET status = 'DISPATCHED', agency_code = ${agencyCode}, attention = NULL, dispatched_at = ${event.at}::timestamptz, due_at = ${dueAt}::timestamptz, resubmission = ${resubmission}, updated_at = now()
      WHERE case_code = ${caseCode} AND step_id = ${event.stepId} AND NOT EXISTS (SELECT 1 FROM reassigned)
        AND (resubmission < ${resubmission} OR (resubmission = ${resubmission} AND status IN ('PENDING', 'SENDING', 'NEEDS_ATTENTION')))
        AND status NOT IN ('COMPLETED', 'REJECTED', 'SKIPPED', 'CANCELLED')
    )
    INSERT INTO case_events (id, case_code, seq, type, step_id, actor, from_party, to_party, at, details)
    SELECT ${event.id}, ${caseCode}, ${event.seq}, ${event.type}, ${event.stepId}, ${event.actor}, ${event.from}, ${event.to}, ${event.at}::timestamptz, ${JSON.stringify(event.details)}::jsonb
    WHERE NOT EXISTS (SELECT 1 FROM reassigned)
    ON CONFLICT (id) DO NOTHING`;
}

/** What a write says (its case fields and the JSON of its rows, as sent), as a hash: two writes of one revision say the same unless a dropped workflow task made one. */
function snapshotHash(s: CaseSnapshot, ...rows: string[]): string {
  const hash = createHash('sha256').update(JSON.stringify([s.revision, s.status, s.appointmentAt, s.closedAt, s.apologyIssuedAt, s.isOverdue]));
  for (const r of rows) hash.update(r);
  return hash.digest('base64url');
}

/** A snapshot PostgreSQL refuses for good (data it cannot store, or a case it does not have): retrying cannot help. */
export class LedgerRejected extends Error {
  constructor(caseCode: string, reason: string) {
    super(`the ledger refused a write of case ${caseCode}: ${reason}`);
    this.name = 'LedgerRejected';
  }
}

/**
 * Writes a workflow snapshot in one statement. Idempotent: events and actions are inserted once by
 * id (even from a late snapshot); the case and its steps move only forward in revision, so a
 * retried or late snapshot never overwrites a newer one. Throws LedgerRejected for a write that
 * can never succeed.
 *
 * A snapshot that names its workflow run (`linkedCase`) from another run than the ledger's last
 * writer comes from a reset (only a workflow's current run still runs): it replaces what the other
 * run wrote, but only as a complete snapshot, whose events replace the timeline; an incremental one
 * is not applied and `needsComplete` asks for the whole case instead. A late incremental write of
 * the run a reset closed is therefore never applied (that run cannot send the whole case any more).
 *
 * An incremental snapshot of the revision the ledger holds, saying something else, replaces it
 * (`rewrite`): the first came from a workflow task Temporal dropped after its local activity ran
 * (two Updates reached the case at once; or the task failed and ran again with other messages),
 * and the history holds only the second. Its events from the snapshot's first on, its steps and the
 * answers that revision recorded are replaced, so a retry is never told of an action not taken.
 * `scheduledAt` (when the writing local activity was scheduled) orders the two: a dropped task's
 * write that lands after the real one (a task moved to another worker) is older, and is not taken.
 */
export async function recordSnapshot(db: PrismaClient, s: CaseSnapshot, o: { scheduledAt?: Date } = {}): Promise<{ applied: boolean; needsComplete?: boolean }> {
  const events = s.events.map((e) => ({ id: e.id, seq: e.seq, type: e.type, step_id: e.stepId ?? null, actor: e.actor, from_party: e.from, to_party: e.to, at: e.at, details: e.details }));
  const actions = (s.actions ?? []).map((a) => ({ idempotency_key: a.idempotencyKey, action: a.action, step_id: a.stepId ?? null, request_hash: a.requestHash, response: a.response, at: a.at, user_id: a.by?.userId ?? null }));
  const steps = s.steps.map((t) => ({
    step_id: t.stepId,
    agency_code: t.agencyCode,
    status: t.status,
    resubmission: t.resubmission,
    dispatched_at: t.dispatchedAt ?? null,
    due_at: t.dueAt ?? null,
    finished_at: t.finishedAt ?? null,
    // Absent: keep what the ledger has (a result is never taken back).
    result: t.result ?? null,
    rejection: t.rejection ?? null,
    supplement_request: t.supplementRequest ?? null,
    reminded_at: t.remindedAt ?? null,
    is_overdue: t.isOverdue ?? false,
    attention: t.attention ?? null,
  }));
  const runId = s.run?.id ?? null;
  const complete = s.complete === true;
  // Only incremental snapshots are compared: a complete one (a reset, the reconciler) may repeat a
  // revision with the whole timeline, and is never taken for a dropped task's write.
  const eventsJson = JSON.stringify(events);
  const actionsJson = JSON.stringify(actions);
  const stepsJson = JSON.stringify(steps);
  const hash = complete ? null : snapshotHash(s, eventsJson, actionsJson, stepsJson);
  const scheduledAt = complete ? null : (o.scheduledAt?.toISOString() ?? null);
  const eventIds = events.map((e) => e.id);
  const firstSeq = events.length ? Math.min(...events.map((e) => e.seq)) : null;
  let rows: { mode: string; applied: number }[];
  try {
    rows = await db.$queryRaw<{ mode: string; applied: number }[]>`
      WITH decision AS (
        SELECT code, CASE
          WHEN ${runId}::text IS NULL THEN 'legacy'
          -- The same revision with other content: the earlier write came from a workflow task
          -- Temporal dropped (its local activity ran; its history was never written). This one is the workflow's.
          WHEN (workflow_run_id IS NULL OR workflow_run_id = ${runId}::text) AND revision = ${s.revision} AND snapshot_hash IS NOT NULL AND ${hash}::text IS NOT NULL AND snapshot_hash <> ${hash}::text
            -- Unless it is older than the write it would replace: then it is the dropped task's, landing late.
            THEN CASE WHEN snapshot_scheduled_at IS NOT NULL AND ${scheduledAt}::timestamptz IS NOT NULL AND ${scheduledAt}::timestamptz < snapshot_scheduled_at THEN 'stale' ELSE 'rewrite' END
          WHEN workflow_run_id IS NULL OR workflow_run_id = ${runId}::text THEN 'same'
          WHEN ${complete} THEN 'replace'
          ELSE 'needs-complete'
        END AS mode
        FROM cases WHERE code = ${s.caseCode}
      ), known AS (
        SELECT code, mode FROM decision WHERE mode IN ('legacy', 'same', 'replace', 'rewrite')
      ), moved AS (
        UPDATE cases SET
          status = ${s.status}, revision = ${s.revision}, appointment_at = ${s.appointmentAt}::timestamptz,
          closed_at = ${s.closedAt ?? null}::timestamptz, apology_issued_at = ${s.apologyIssuedAt ?? null}::timestamptz,
          is_overdue = ${s.isOverdue ?? false},
          -- A closed case frees the person for a new case.
          open_subject_key = CASE WHEN ${s.closedAt ?? null}::timestamptz IS NULL THEN open_subject_key END,
          workflow_run_id = COALESCE(${runId}::text, workflow_run_id),
          snapshot_hash = ${hash}::text,
          snapshot_scheduled_at = ${scheduledAt}::timestamptz,
          updated_at = now()
        FROM known
        WHERE cases.code = known.code AND (known.mode IN ('replace', 'rewrite') OR cases.revision < ${s.revision})
        RETURNING cases.code, known.mode
      ), cleared AS (
        -- A newer run's timeline replaces the older run's (the RECEIVED event, seq 0, and the
        -- return of the result are the API's: no workflow knows them, so none takes them back).
        -- A rewrite drops what the dropped task wrote from this snapshot's first event on.
        DELETE FROM case_events USING known
        WHERE (known.mode = 'replace' OR (known.mode = 'rewrite' AND case_events.seq >= ${firstSeq}::int))
          AND case_events.case_code = known.code AND case_events.seq > 0 AND case_events.type <> 'RESULT_RETURNED'
          AND NOT case_events.id = ANY(${eventIds}::text[])
      ), logged AS (
        -- A person's action carries their user id (details.by); the ledger adds their full name as it is now.
        INSERT INTO case_events (id, case_code, seq, type, step_id, actor, from_party, to_party, at, details)
        SELECT x.id, known.code, x.seq, x.type, x.step_id, x.actor, x.from_party, x.to_party, x.at,
          CASE WHEN u.full_name IS NULL THEN x.details ELSE jsonb_set(x.details, '{by,name}', to_jsonb(u.full_name)) END
        FROM known, jsonb_to_recordset(${eventsJson}::jsonb) AS x(id text, seq int, type text, step_id text, actor text, from_party text, to_party text, at timestamptz, details jsonb)
          LEFT JOIN users u ON u.id::text = x.details->'by'->>'userId'
        ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, step_id = EXCLUDED.step_id, actor = EXCLUDED.actor, from_party = EXCLUDED.from_party,
          to_party = EXCLUDED.to_party, at = EXCLUDED.at, details = EXCLUDED.details
        WHERE ${complete} OR (SELECT mode FROM known) = 'rewrite'
      ), unanswered AS (
        -- The dropped task's answers were never given by the workflow: a retry must not be told them.
        DELETE FROM case_actions USING known
        WHERE known.mode = 'rewrite' AND case_actions.case_code = known.code AND case_actions.revision = ${s.revision}
          AND NOT case_actions.idempotency_key = ANY(${actions.map((a) => a.idempotency_key)}::text[])
      ), answered AS (
        INSERT INTO case_actions (case_code, idempotency_key, action, step_id, request_hash, response, at, user_id, user_name, revision)
        SELECT known.code, x.idempotency_key, x.action, x.step_id, x.request_hash, x.response, x.at, u.id, u.full_name, ${s.revision}::int
        FROM known, jsonb_to_recordset(${actionsJson}::jsonb) AS x(idempotency_key text, action text, step_id text, request_hash text, response jsonb, at timestamptz, user_id text)
          LEFT JOIN users u ON u.id::text = x.user_id
        ON CONFLICT (case_code, idempotency_key) DO NOTHING
      ), stepped AS (
        -- A dispatch the connector already recorded as acknowledged stays DISPATCHED when this
        -- snapshot was taken before the acknowledgement (SENDING, same resubmission and agency).
        UPDATE steps SET
          status = CASE WHEN x.status = 'SENDING' AND steps.status = 'DISPATCHED' AND steps.resubmission = x.resubmission AND steps.agency_code = x.agency_code THEN steps.status ELSE x.status END,
          dispatched_at = CASE WHEN x.status = 'SENDING' AND steps.status = 'DISPATCHED' AND steps.resubmission = x.resubmission AND steps.agency_code = x.agency_code THEN steps.dispatched_at ELSE x.dispatched_at END,
          agency_code = x.agency_code, resubmission = x.resubmission, due_at = x.due_at, finished_at = x.finished_at,
          -- A result is never taken back, except one a dropped task wrote for a step the workflow did not finish so.
          result = CASE WHEN moved.mode = 'rewrite' AND x.status <> 'COMPLETED' THEN NULL ELSE COALESCE(x.result, steps.result) END,
          rejection = CASE WHEN moved.mode = 'rewrite' AND x.status <> 'REJECTED' THEN NULL ELSE COALESCE(x.rejection, steps.rejection) END,
          supplement_request = COALESCE(x.supplement_request, steps.supplement_request),
          reminded_at = x.reminded_at, is_overdue = x.is_overdue, attention = x.attention, updated_at = now()
        FROM moved, jsonb_to_recordset(${stepsJson}::jsonb) AS x(step_id text, agency_code text, status text, resubmission int, dispatched_at timestamptz, due_at timestamptz, finished_at timestamptz, result jsonb, rejection jsonb, supplement_request jsonb, reminded_at timestamptz, is_overdue boolean, attention jsonb)
        WHERE steps.case_code = moved.code AND steps.step_id = x.step_id
      )
      SELECT d.mode, (SELECT count(*) FROM moved)::int AS applied FROM decision d`;
  } catch (err) {
    if (isDataRejected(err)) throw new LedgerRejected(s.caseCode, 'data PostgreSQL cannot store');
    throw err;
  }
  // Workflows start only after their receipt committed, so a missing case will not appear later.
  if (!rows[0]) throw new LedgerRejected(s.caseCode, 'no such case in the ledger');
  return { applied: rows[0].applied > 0, ...(rows[0].mode === 'needs-complete' ? { needsComplete: true } : {}) };
}


/** The connector's count of a dispatch's attempts while it retries (operators see a struggling agency before it needs them). */
export async function recordDispatchAttempt(db: PrismaClient, caseCode: string, stepId: string, resubmission: number, attempt: number, error: string, agencyCode: string): Promise<void> {
  // Only while the step is this agency's: a dispatch still failing after a reassignment is not the new agency's record.
  await db.$executeRaw`
    UPDATE steps SET dispatch_attempts = ${attempt}, dispatch_error = ${error}, updated_at = now()
    WHERE case_code = ${caseCode} AND step_id = ${stepId} AND resubmission = ${resubmission} AND agency_code = ${agencyCode}`;
}
