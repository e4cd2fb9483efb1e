import { ApplicationFailure, Context } from '@temporalio/activity';
import { CalendarOverride, CaseSnapshot, dispatchKey, SupplementSubmission } from '../domain';
import type { PrismaClient } from '../prisma/generated/client';
import { listCalendarOverrides } from '../prisma/calendar';
import { loadDossier } from '../prisma/cases-read';
import { CaseNotInLedger, recordSnapshot } from '../prisma/cases-write';
import type { AgencyEndpoint } from '../platform/config';
import type { Logger } from '../platform/logger';
import { postToAgency } from './agency-connector';

export interface ActivityDeps {
  db: PrismaClient;
  /** The endpoint of an agency's system; a real agency and a simulator differ only here. */
  agencyEndpoint: (agencyCode: string) => AgencyEndpoint | undefined;
  logger: Logger;
}

export interface DispatchRequest {
  caseCode: string;
  stepId: string;
  procedure: string;
  agencyCode: string;
  dueAt: string;
  resubmission: number;
  upstreamResults: Record<string, Record<string, unknown>>;
  supplement?: SupplementSubmission;
}

export interface ReminderRequest {
  caseCode: string;
  stepId: string;
  agencyCode: string;
  dueAt: string;
  /** Which period of the step (0, or n after the n-th supplement): each gets its own reminder. */
  resubmission?: number;
}

export interface CancelRequest {
  caseCode: string;
  stepId: string;
  agencyCode: string;
  reason: string;
}

function endpointOf(deps: ActivityDeps, agencyCode: string): AgencyEndpoint {
  const endpoint = deps.agencyEndpoint(agencyCode);
  // Retryable on purpose: adding the endpoint to the configuration lets the case continue.
  if (!endpoint) throw ApplicationFailure.retryable(`no endpoint configured for agency ${agencyCode}`, 'AGENCY_NOT_CONFIGURED');
  return endpoint;
}

/** Side effects of the case workflow; built from injected dependencies so tests can swap them. */
export function createActivities(deps: ActivityDeps) {
  return {
    async recordCase(snapshot: CaseSnapshot): Promise<void> {
      let applied: boolean;
      try {
        ({ applied } = await recordSnapshot(deps.db, snapshot));
      } catch (err) {
        // The receipt never committed (the API terminates such workflows; this catches the rest):
        // after ~15 minutes of retries stop, so the workflow fails visibly instead of looping.
        if (err instanceof CaseNotInLedger && Context.current().info.attempt >= 12) {
          throw ApplicationFailure.nonRetryable(`case ${snapshot.caseCode} was never stored`, 'RECEIPT_NOT_STORED');
        }
        throw err;
      }
      deps.logger.debug({ caseCode: snapshot.caseCode, revision: snapshot.revision, applied }, 'ledger snapshot');
    },

    /** Sends a step and the dossier to the agency. The idempotency key makes a retried send harmless. */
    async dispatchStep(req: DispatchRequest): Promise<void> {
      const endpoint = endpointOf(deps, req.agencyCode);
      const dossier = await loadDossier(deps.db, req.caseCode);
      if (!dossier) throw ApplicationFailure.retryable(`dossier of ${req.caseCode} not found`, 'DOSSIER_MISSING');
      const key = dispatchKey(req.caseCode, req.stepId, req.resubmission);
      await postToAgency(req.agencyCode, endpoint, '/v1/dispatches', key, { ...req, dossier });
      deps.logger.info({ caseCode: req.caseCode, stepId: req.stepId, agencyCode: req.agencyCode, idempotencyKey: key }, 'step dispatched');
    },

    /** Calendar overrides (general and the office's) from a date on, for the workflow's deadlines. */
    async loadCalendar(req: { officeCode: string; fromDate: string }): Promise<CalendarOverride[]> {
      return listCalendarOverrides(deps.db, { fromDate: req.fromDate, officeCode: req.officeCode });
    },

    async remindAgency(req: ReminderRequest): Promise<void> {
      const endpoint = endpointOf(deps, req.agencyCode);
      const { resubmission = 0, ...body } = req;
      await postToAgency(req.agencyCode, endpoint, '/v1/reminders', `${dispatchKey(req.caseCode, req.stepId, resubmission)}:reminder`, body);
      deps.logger.info({ caseCode: req.caseCode, stepId: req.stepId, agencyCode: req.agencyCode }, 'agency reminded');
    },

    async cancelStep(req: CancelRequest): Promise<void> {
      const endpoint = endpointOf(deps, req.agencyCode);
      await postToAgency(req.agencyCode, endpoint, '/v1/cancellations', `${req.caseCode}:${req.stepId}:cancel`, req);
      deps.logger.info({ caseCode: req.caseCode, stepId: req.stepId, agencyCode: req.agencyCode }, 'step cancelled at agency');
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
