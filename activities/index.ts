import { ApplicationFailure, Context } from '@temporalio/activity';
import { CalendarOverride, CancellationRequest, CaseSnapshot, cancellationKey, DispatchAcknowledgement, DispatchOrder, dispatchKey, ReminderOrder, reminderKey } from '../domain';
import type { PrismaClient } from '../prisma/generated/client';
import { cachedCalendarOverrides } from '../prisma/calendar';
import { loadDossier } from '../prisma/cases-read';
import { LedgerRejected, recordHandOver, recordSnapshot } from '../prisma/cases-write';
import type { AgencyEndpoint } from '../platform/config';
import type { Logger } from '../platform/logger';
import { postToAgency } from './agency-connector';

export type { DispatchOrder, ReminderOrder };

export interface ActivityDeps {
  db: PrismaClient;
  /** The endpoint of an agency's system; a real agency and a simulator differ only here. */
  agencyEndpoint: (agencyCode: string) => AgencyEndpoint | undefined;
  logger: Logger;
}

function endpointOf(deps: ActivityDeps, agencyCode: string): AgencyEndpoint {
  const endpoint = deps.agencyEndpoint(agencyCode);
  // Retryable on purpose: adding the endpoint to the configuration lets the case continue.
  if (!endpoint) throw ApplicationFailure.retryable(`no endpoint configured for agency ${agencyCode}`, 'AGENCY_NOT_CONFIGURED');
  return endpoint;
}

/** Heartbeats while `work` runs, so Temporal notices a dead worker within the heartbeat timeout. */
async function heartbeating<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctx = Context.current();
  ctx.heartbeat();
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

/** Side effects of the case workflow; built from injected dependencies so tests can swap them. */
export function createActivities(deps: ActivityDeps) {
  const dossiers = dossierCache();
  return {
    /**
     * Writes a snapshot to the ledger. With `calendar` it also answers the calendar overrides in
     * force (cached briefly), so the workflow's next deadlines use a fresh calendar without a read
     * of their own.
     */
    async recordCase(snapshot: CaseSnapshot, calendar?: CalendarScope): Promise<{ overrides: CalendarOverride[] } | undefined> {
      let applied: boolean;
      try {
        ({ applied } = await recordSnapshot(deps.db, snapshot));
      } catch (err) {
        // Data PostgreSQL will never accept: retrying cannot help, so fail for good (the workflow
        // logs it and goes on). Anything else (the database is down) is retried.
        if (err instanceof LedgerRejected) throw ApplicationFailure.nonRetryable(err.message, 'LEDGER_REJECTED');
        throw err;
      }
      deps.logger.debug({ caseCode: snapshot.caseCode, revision: snapshot.revision, applied }, 'ledger snapshot');
      return calendar && { overrides: await cachedCalendarOverrides(deps.db, calendar) };
    },

    /**
     * Sends a step and the dossier to the agency; the idempotency key makes a retried send harmless.
     * Once the agency acknowledged, records the hand-over in the ledger (so the workflow need not)
     * and answers when that was.
     */
    async dispatchStep(order: DispatchOrder): Promise<DispatchAcknowledgement> {
      const { handOver, ...dispatch } = order;
      const endpoint = endpointOf(deps, order.agencyCode);
      const dossier = dossiers.get(order.caseCode) ?? (await loadDossier(deps.db, order.caseCode));
      if (!dossier) throw ApplicationFailure.retryable(`dossier of ${order.caseCode} not found`, 'DOSSIER_MISSING');
      dossiers.set(order.caseCode, dossier);
      const key = dispatchKey(order.caseCode, order.stepId, order.resubmission);
      await heartbeating((signal) => postToAgency(order.agencyCode, endpoint, '/v1/dispatches', key, { ...dispatch, dossier }, signal));
      const acknowledgedAt = new Date().toISOString();
      if (handOver) await recordHandOver(deps.db, order.caseCode, { ...handOver, stepId: order.stepId, at: acknowledgedAt }, order);
      deps.logger.info({ caseCode: order.caseCode, stepId: order.stepId, agencyCode: order.agencyCode, idempotencyKey: key }, 'step dispatched');
      return { acknowledgedAt };
    },

    /** Calendar overrides (general and the office's) from a date on, for the workflow's deadlines. */
    async loadCalendar(req: CalendarScope): Promise<CalendarOverride[]> {
      return cachedCalendarOverrides(deps.db, req);
    },

    async remindAgency(req: ReminderOrder): Promise<void> {
      const endpoint = endpointOf(deps, req.agencyCode);
      const { resubmission = 0, ...body } = req;
      await postToAgency(req.agencyCode, endpoint, '/v1/reminders', reminderKey(req.caseCode, req.stepId, resubmission), body);
      deps.logger.info({ caseCode: req.caseCode, stepId: req.stepId, agencyCode: req.agencyCode }, 'agency reminded');
    },

    async cancelStep(req: CancellationRequest): Promise<void> {
      const endpoint = endpointOf(deps, req.agencyCode);
      await postToAgency(req.agencyCode, endpoint, '/v1/cancellations', cancellationKey(req.caseCode, req.stepId), req);
      deps.logger.info({ caseCode: req.caseCode, stepId: req.stepId, agencyCode: req.agencyCode }, 'step cancelled at agency');
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
