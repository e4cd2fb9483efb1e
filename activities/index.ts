import { ApplicationFailure } from '@temporalio/activity';
import { CaseSnapshot, dispatchKey, SupplementSubmission } from '../domain';
import type { PrismaClient } from '../prisma/generated/client';
import { loadDossier } from '../prisma/cases-read';
import { recordSnapshot } from '../prisma/cases-write';
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
      const { applied } = await recordSnapshot(deps.db, snapshot);
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

    async cancelStep(req: CancelRequest): Promise<void> {
      const endpoint = endpointOf(deps, req.agencyCode);
      await postToAgency(req.agencyCode, endpoint, '/v1/cancellations', `${req.caseCode}:${req.stepId}:cancel`, req);
      deps.logger.info({ caseCode: req.caseCode, stepId: req.stepId, agencyCode: req.agencyCode }, 'step cancelled at agency');
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
