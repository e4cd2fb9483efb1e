import { ApplicationFailure, Context } from '@temporalio/activity';
import { CalendarOverride, CancellationRequest, CaseSnapshot, cancellationKey, DispatchAcknowledgement, DispatchOrder, dispatchKey, ReminderOrder, reminderKey } from '../domain';
import type { PolledStatus } from '../domain/case/operations';
import type { PrismaClient } from '../prisma/generated/client';
import { cachedCalendarOverrides } from '../prisma/calendar';
import { loadDossier } from '../prisma/cases-read';
import { LedgerRejected, recordDispatchAttempt, recordHandOver, recordSnapshot } from '../prisma/cases-write';
import type { AgencyEndpoint } from '../platform/config';
import type { Logger } from '../platform/logger';
import { AgencyCallError, dispatchToAgency, fetchDispatchStatus, isPermanentAgencyFailure, postToAgency } from './agency-connector';

export type { DispatchOrder, ReminderOrder };

export interface ActivityDeps {
  db: PrismaClient;
  /** The endpoint of an agency's system; a real agency and a simulator differ only here. */
  agencyEndpoint: (agencyCode: string) => AgencyEndpoint | undefined;
  logger: Logger;
}

function endpointOf(deps: ActivityDeps, agencyCode: string, escalate = false): AgencyEndpoint {
  const endpoint = deps.agencyEndpoint(agencyCode);
  // Retryable for released cases: adding the endpoint to the configuration lets the case continue.
  // A linkedCase's step needs an operator instead, who configures the endpoint and retries it.
  if (!endpoint) {
    const message = `no endpoint configured for agency ${agencyCode}`;
    throw escalate ? ApplicationFailure.nonRetryable(message, 'AGENCY_NOT_CONFIGURED') : ApplicationFailure.retryable(message, 'AGENCY_NOT_CONFIGURED');
  }
  return endpoint;
}

/**
 * A linkedCase's dispatch (or cancellation) failure as the workflow needs it: permanent ones (a 4xx, a reply that
 * breaks the contract) fail at once; transient ones are retried by the activity's retry policy up
 * to its limit. Type and HTTP status only — never a response body.
 */
function agencyFailure(err: unknown, attempt: number): ApplicationFailure {
  const status = err instanceof AgencyCallError ? err.status : undefined;
  const details = [{ ...(status !== undefined ? { httpStatus: status } : {}), attempt }];
  if (isPermanentAgencyFailure(err)) {
    const type = err instanceof AgencyCallError && err.kind === 'contract' ? 'CONTRACT_BROKEN' : 'AGENCY_REFUSED';
    return ApplicationFailure.create({ type, message: (err as Error).message, details, nonRetryable: true });
  }
  return ApplicationFailure.create({ type: status === undefined ? 'AGENCY_UNREACHABLE' : 'AGENCY_FAILED', message: (err as Error).message, details });
}

/**
 * Heartbeats while `work` runs, so Temporal notices a dead worker within the heartbeat timeout
 * (counted from the attempt's start). Not at once: most calls end within the first second, and
 * each heartbeat is a write on the server.
 */
async function heartbeating<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctx = Context.current();
  const timer = setInterval(() => ctx.heartbeat(), 1000);
  try {
    return await work(ctx.cancellationSignal);
  } finally {
    clearInterval(timer);
  }
}

type Dossier = NonNullable<Awaited<ReturnType<typeof loadDossier>>>;

/**
 * Dossiers never change after receipt, and a case's steps are dispatched close together: the
 * connector keeps the last ones read (bounded, short-lived) instead of reading each per step.
 */
function dossierCache(max = 500, ttlMs = 10 * 60_000) {
  const entries = new Map<string, { dossier: Dossier; until: number }>();
  return {
    get(caseCode: string): Dossier | undefined {
      const e = entries.get(caseCode);
      if (!e || e.until < Date.now()) return undefined;
      return e.dossier;
    },
    set(caseCode: string, dossier: Dossier): void {
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(caseCode, { dossier, until: Date.now() + ttlMs });
    },
  };
}

/** Which calendar a case's deadlines count on: overrides in force from its receipt date, general and its office's. */
export interface CalendarScope {
  officeCode: string;
  fromDate: string;
}

/** When the running activity was first scheduled (its workflow task's moment); undefined outside an activity (tests). */
function scheduledAt(): Date | undefined {
  try {
    return new Date(Context.current().info.scheduledTimestampMs);
  } catch {
    return undefined;
  }
}

/** Side effects of the case workflow; built from injected dependencies so tests can swap them. */
export function createActivities(deps: ActivityDeps) {
  const dossiers = dossierCache();
  return {
    /**
     * Writes a snapshot to the ledger. With `calendar` it also answers the calendar overrides in
     * force (cached briefly), so the workflow's next deadlines use a fresh calendar without a read
     * of their own.
     */
    async recordCase(snapshot: CaseSnapshot, calendar?: CalendarScope): Promise<{ overrides: CalendarOverride[]; needsComplete?: boolean } | undefined> {
      let applied: boolean;
      let needsComplete: boolean | undefined;
      try {
        // When this write was scheduled orders two writes of one revision (see recordSnapshot).
        ({ applied, needsComplete } = await recordSnapshot(deps.db, snapshot, { scheduledAt: scheduledAt() }));
      } catch (err) {
        // Data PostgreSQL will never accept: retrying cannot help, so fail for good (the workflow
        // logs it and goes on). Anything else (the database is down) is retried.
        if (err instanceof LedgerRejected) throw ApplicationFailure.nonRetryable(err.message, 'LEDGER_REJECTED');
        throw err;
      }
      deps.logger.debug({ caseCode: snapshot.caseCode, revision: snapshot.revision, applied }, 'ledger snapshot');
      if (needsComplete) return { overrides: calendar ? await cachedCalendarOverrides(deps.db, calendar) : [], needsComplete };
      return calendar && { overrides: await cachedCalendarOverrides(deps.db, calendar) };
    },

    /**
     * Sends a step and the dossier to the agency; the idempotency key makes a retried send harmless.
     * Once the agency acknowledged, records the hand-over in the ledger (so the workflow need not)
     * and answers when that was.
     */
    async dispatchStep(order: DispatchOrder): Promise<DispatchAcknowledgement> {
      const { handOver, escalate, ...dispatch } = order;
      const endpoint = endpointOf(deps, order.agencyCode, escalate);
      const dossier = dossiers.get(order.caseCode) ?? (await loadDossier(deps.db, order.caseCode));
      if (!dossier) throw ApplicationFailure.retryable(`dossier of ${order.caseCode} not found`, 'DOSSIER_MISSING');
      dossiers.set(order.caseCode, dossier);
      const key = dispatchKey(order.caseCode, order.stepId, order.resubmission);
      try {
        await heartbeating((signal) => dispatchToAgency(order.agencyCode, endpoint, key, { ...dispatch, dossier }, signal));
      } catch (err) {
        if (!escalate || Context.current().cancellationSignal.aborted) throw err;
        const attempt = Context.current().info.attempt;
        const failure = agencyFailure(err, attempt);
        // Counted where operators look, while the retry policy keeps trying.
        await recordDispatchAttempt(deps.db, order.caseCode, order.stepId, order.resubmission, attempt, failure.type ?? 'DISPATCH_FAILED', order.agencyCode).catch(() => undefined);
        deps.logger.warn({ caseCode: order.caseCode, stepId: order.stepId, agencyCode: order.agencyCode, attempt, failure: failure.type }, 'dispatch failed');
        throw failure;
      }
      const acknowledgedAt = new Date().toISOString();
      if (handOver) await recordHandOver(deps.db, order.caseCode, { ...handOver, stepId: order.stepId, at: acknowledgedAt }, order);
      deps.logger.info({ caseCode: order.caseCode, stepId: order.stepId, agencyCode: order.agencyCode, idempotencyKey: key }, 'step dispatched');
      if (!escalate) return { acknowledgedAt };
      return { acknowledgedAt, answers: { mode: endpoint.answers, ...(endpoint.answers === 'poll' ? { pollEveryMs: endpoint.pollSeconds * 1000 } : {}) } };
    },

    /**
     * Asks the agency's system what became of a dispatch whose answer did not come (lost in an
     * outage, or an agency that is polled instead of calling back). `undefined`: it does not know it.
     */
    async pollStep(req: { caseCode: string; stepId: string; agencyCode: string; resubmission: number }): Promise<PolledStatus> {
      const endpoint = endpointOf(deps, req.agencyCode);
      const status = await heartbeating((signal) => fetchDispatchStatus(req.agencyCode, endpoint, dispatchKey(req.caseCode, req.stepId, req.resubmission), signal));
      deps.logger.info({ caseCode: req.caseCode, stepId: req.stepId, agencyCode: req.agencyCode, state: status?.state ?? 'unknown' }, 'agency asked for its answer');
      if (!status) return undefined;
      if (status.state === 'answered' && status.answer) return { state: 'answered', answer: status.answer as Extract<PolledStatus, { state: 'answered' }>['answer'] };
      return { state: status.state === 'cancelled' ? 'cancelled' : 'recorded' };
    },

    /** Calendar overrides (general and the office's) from a date on, for the workflow's deadlines. */
    async loadCalendar(req: CalendarScope): Promise<CalendarOverride[]> {
      return cachedCalendarOverrides(deps.db, req);
    },

    async remindAgency(req: ReminderOrder): Promise<void> {
      const endpoint = endpointOf(deps, req.agencyCode);
      const { resubmission = 0, ...body } = req;
      await heartbeating((signal) => postToAgency(req.agencyCode, endpoint, '/v1/reminders', reminderKey(req.caseCode, req.stepId, resubmission), body, signal));
      deps.logger.info({ caseCode: req.caseCode, stepId: req.stepId, agencyCode: req.agencyCode }, 'agency reminded');
    },

    /**
     * Tells the agency a step is withdrawn from it. With `refusalIsFinal` (linkedCase) an agency
     * that refuses it for good (a 4xx, a reply that breaks the contract — e.g. it already finished
     * the step) fails the call at once instead of being asked again for ever; transient failures
     * are retried either way.
     */
    async cancelStep(req: CancellationRequest, how?: { refusalIsFinal?: boolean }): Promise<void> {
      const endpoint = endpointOf(deps, req.agencyCode);
      try {
        await heartbeating((signal) => postToAgency(req.agencyCode, endpoint, '/v1/cancellations', cancellationKey(req.caseCode, req.stepId), req, signal));
      } catch (err) {
        if (how?.refusalIsFinal && isPermanentAgencyFailure(err)) throw agencyFailure(err, Context.current().info.attempt);
        throw err;
      }
      deps.logger.info({ caseCode: req.caseCode, stepId: req.stepId, agencyCode: req.agencyCode }, 'step cancelled at agency');
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
