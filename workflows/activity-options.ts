import { type ActivityOptions, type LocalActivityOptions, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';

// How each kind of side effect is retried, with the reason. Timeouts and retry policies are not
// part of a workflow's command sequence, so they may change without a patch.

/**
 * The ledger as local activities (cases started since patch `two-doors`): run by the worker that
 * runs the workflow task, recorded as one marker, no task-queue round trip. PostgreSQL is ours:
 * retry briskly for as long as it is down; a write it refuses for good fails non-retryably.
 */
const LOCAL_LEDGER: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  // At most 10 s apart: once PostgreSQL is back, the ledger catches up within seconds.
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds', nonRetryableErrorTypes: ['LEDGER_REJECTED'] },
};
export const localLedger = proxyLocalActivities<CaseActivities>(LOCAL_LEDGER);

/** The ledger as regular activities: cases started before patch `two-doors` replay with these. */
export const ledger = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['LEDGER_REJECTED'] },
});

/**
 * Every call to an agency (dispatch, reminder, cancellation, asking for an answer) ends at the
 * agency endpoint's own timeout (AGENCY_ENDPOINTS[…].timeoutMs, enforced by the connector) and
 * heartbeats while it waits: a worker that dies mid-call is noticed within the heartbeat timeout
 * and the call is retried elsewhere, not after the start-to-close bound (the longest endpoint
 * timeout the configuration allows, 120 s, plus a margin). An agency that takes its time, within
 * its timeout, is never cut short.
 */
const AGENCY_CALL: ActivityOptions = { startToCloseTimeout: '150 seconds', heartbeatTimeout: '5 seconds' };

/** A reminder is worth little once late: a few tries, never holding the case open. */
const REMINDER: ActivityOptions = { ...AGENCY_CALL, retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 5 } };
export const reminders = proxyActivities<CaseActivities>(REMINDER);

const AGENCY_RETRY = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' } as const;

/** Agencies are outside our control: dispatches and cancellations keep trying with backoff for as long as it takes. */
const AGENCY: ActivityOptions = { ...AGENCY_CALL, retry: AGENCY_RETRY };
export const agencies = proxyActivities<CaseActivities>(AGENCY);

// `linkedCase`: each call says in the Temporal UI what it is for (a summary naming step and agency,
// never personal data), so its proxy is made per call.

/** A dispatch: transient failures retried with backoff up to `attempts`, then the step needs an operator (permanent ones at once). */
export const dispatchTo = (summary: string, attempts: number) =>
  proxyActivities<CaseActivities>({ ...AGENCY, retry: { ...AGENCY_RETRY, maximumAttempts: attempts }, summary });

/** Other calls to an agency (cancellations): as `agencies`, with a summary. */
export const agencyCall = (summary: string) => proxyActivities<CaseActivities>({ ...AGENCY, summary });

/** Asking an agency's system for an answer: a few tries; if it cannot say, it is asked again at the next poll. */
export const askAgency = (summary: string) =>
  proxyActivities<CaseActivities>({ ...AGENCY_CALL, retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 }, summary });

/** A reminder, with a summary. */
export const remindAgency = (summary: string) => proxyActivities<CaseActivities>({ ...REMINDER, summary });

/** A ledger write, with a summary of what it records. */
export const ledgerWrite = (summary: string) => proxyLocalActivities<CaseActivities>({ ...LOCAL_LEDGER, summary });
