import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { CaseAction, caseWorkflowId, isOpenCase, party, RefusalCode, RequestIdentity } from '../domain';
import type { Principal } from '../prisma/api-keys';
import { findCaseAction, isStartPending } from '../prisma/cases-read';
import type { PrismaClient } from '../prisma/generated/client';
import { readableCase } from './case-resource';
import { Problem, RETRY_AFTER_SECONDS } from './problem';
import { requestHash } from './request-hash';

// An action on a case (an agency's answer, a desk's supplement or withdrawal) is one Temporal
// Update. The workflow's validator is the only judge of whether it is allowed: the route checks
// the body's shape and sends it. With an Idempotency-Key the Update id names the request, so a
// retry is the same Update and Temporal answers it once, before and after the case closed; the
// ledger keeps the answer too, for retries after the workflow's history is gone.

const STATUS_BY_REFUSAL: Record<RefusalCode, [number, string]> = {
  CASE_NOT_FOUND: [404, 'Case not found'],
  UNKNOWN_STEP: [404, 'Unknown step'],
  NOT_YOUR_STEP: [403, 'Not your step'],
  WRONG_STATE: [409, 'Wrong state'],
  CASE_CLOSED: [409, 'Case closed'],
  INVALID_PAYLOAD: [422, 'Validation failed'],
  IDEMPOTENCY_KEY_REUSED: [422, 'Idempotency-Key reused'],
};

/** How long a caller waits for the workflow to apply its action before a 503 tells it to retry (the same key attaches to the same Update). */
const UPDATE_WAIT_MS = 8_000;

export interface ActionDeps {
  db: PrismaClient;
  temporal: Client;
}

export interface ActionCall<A, R> {
  caseCode: string;
  action: CaseAction;
  stepId?: string;
  update: UpdateDefinition<R, [A]>;
  args: Omit<A, 'idempotency'>;
  /** The validated body: with the action and the step it makes the request hash. */
  body: unknown;
  idempotencyKey?: string;
  principal: Principal;
}

/** The problem an action refused with `code` answers (status and title by code). */
export const refusal = (code: RefusalCode, detail: string, issues: { path: string; message: string }[] = []) => {
  const [status, title] = STATUS_BY_REFUSAL[code];
  return new Problem(status, title, detail, issues, undefined, { code });
};

/** A console user's action names them (the user id only: the ledger adds the name); a key's adds nothing. */
export const byPerson = (p: Principal): { by?: { userId: string } } => (p.userId ? { by: { userId: p.userId } } : {});

/**
 * An Idempotency-Key as the ledger and the workflow keep it: scoped by whose it is — the caller's
 * agency, its desk (the office), or the operators. The same key sent by another party is another
 * key, so a replay never answers a caller the workflow would refuse (it is judged like a request
 * without a key).
 */
export const scopedKey = (p: Principal, key: string): string => `${p.agencyCode ? party.agency(p.agencyCode) : p.officeCode ? party.desk(p.officeCode) : party.operators}|${key}`;

/** How long an action sent right after its case's receipt waits for the case's workflow to start. */
const START_WAIT_MS = 3_000;

/** Sends the action as an Update and answers with the workflow's answer, or the problem it refused with. */
export async function sendAction<A, R>(deps: ActionDeps, call: ActionCall<A, R>, startWaitMs = START_WAIT_MS): Promise<R> {
  const identity: RequestIdentity | undefined = call.idempotencyKey
    ? {
        idempotencyKey: scopedKey(call.principal, call.idempotencyKey),
        requestHash: requestHash({ action: call.action, stepId: call.stepId ?? null, body: call.body }),
        unscopedKey: call.idempotencyKey,
      }
    : undefined;
  const updateId = identity && `${call.action}:${call.stepId ?? '-'}:${identity.idempotencyKey}:${identity.requestHash.slice(0, 16)}`;
  const handle = deps.temporal.workflow.getHandle(caseWorkflowId(call.caseCode));
  try {
    return await deps.temporal.connection.withDeadline(Date.now() + UPDATE_WAIT_MS, () =>
      handle.executeUpdate(call.update, { args: [{ ...call.args, idempotency: identity, ...byPerson(call.principal) } as A], updateId }),
    );
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type && err.cause.type in STATUS_BY_REFUSAL) {
      const issues = (err.cause.details?.[0] as { path: string; message: string }[] | undefined) ?? [];
      throw refusal(err.cause.type as RefusalCode, err.cause.message, issues);
    }
    // Refused by Temporal, not by the workflow: the task that carried it was dropped (another action
    // reached the case at the same moment), so nothing was taken. Sent again, it is judged afresh.
    if (err instanceof WorkflowUpdateFailedError) throw Problem.unavailable('The case was taking another action at the same moment; nothing was done: send it again.', 1);
    if (err instanceof WorkflowNotFoundError) {
      // Received a moment ago, its workflow still starting (the receipt answers before the start):
      // the action waits for it rather than sending the caller away.
      if (startWaitMs > 0 && (await startedWithin(deps, call, startWaitMs))) return sendAction(deps, call, 0);
      return (await answerWithoutWorkflow(deps, call, identity)) as R;
    }
    throw err;
  }
}

/** Whether a case whose workflow start is owed gets it within `ms` (false at once for any other case). */
async function startedWithin<A, R>(deps: ActionDeps, call: ActionCall<A, R>, ms: number): Promise<boolean> {
  const { caseCode } = call;
  if (!(await isStartPending(deps.db, caseCode))) return false;
  // Only the caller's own case is waited for (anyone else's: 404 at once).
  await readableCase(deps.db, call.principal, caseCode);
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (!(await isStartPending(deps.db, caseCode))) return true;
  }
  return false;
}

/** An action recorded before keys were scoped by party, if the caller is the party that could have made it. */
async function unscopedAction<A, R>(deps: ActionDeps, call: ActionCall<A, R>, identity: RequestIdentity) {
  const record = identity.unscopedKey === undefined ? undefined : await findCaseAction(deps.db, call.caseCode, identity.unscopedKey);
  if (!record) return undefined;
  const p = call.principal;
  const detail = await readableCase(deps.db, p, call.caseCode);
  const same = p.agencyCode ? detail.steps.find((s) => s.stepId === call.stepId)?.agencyCode === p.agencyCode : p.officeCode ? detail.receivingOffice === p.officeCode : true;
  return same ? record : undefined;
}

/**
 * The workflow has ended (or its history is gone, or it has not started yet): the ledger answers.
 * A retry gets the answer recorded for its key; anything else learns the case is closed, or that
 * there is no such case for this caller.
 */
async function answerWithoutWorkflow<A, R>(deps: ActionDeps, call: ActionCall<A, R>, identity: RequestIdentity | undefined): Promise<unknown> {
  if (identity) {
    const known = (await findCaseAction(deps.db, call.caseCode, identity.idempotencyKey)) ?? (await unscopedAction(deps, call, identity));
    if (known && known.requestHash === identity.requestHash) return known.response;
    if (known) throw refusal('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used on this case for another request', [{ path: 'Idempotency-Key', message: 'already used with another request' }]);
  }
  const detail = await readableCase(deps.db, call.principal, call.caseCode);
  // Received, its workflow not started yet (the starter will): the action can be taken shortly.
  if (await isStartPending(deps.db, call.caseCode)) throw Problem.unavailable('The case is being started; try again shortly.', RETRY_AFTER_SECONDS);
  throw refusal('CASE_CLOSED', isOpenCase(detail.status) ? 'The case no longer runs.' : `The case is ${detail.status}.`);
}
