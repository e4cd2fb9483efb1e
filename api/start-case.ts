import { createHmac } from 'node:crypto';
import {
  catalogueInForceOn,
  createLegalCalendar,
  findGroup,
  findOffice,
  legacySubjectIdentity,
  loadedOrganisation,
  localDateOf,
  party,
  planDueDates,
  planSteps,
  PlanningError,
  subjectIdentity,
  validateCaseRequest,
} from '../domain';
import type { Principal } from '../prisma/api-keys';
import { cachedCalendarOverrides } from '../prisma/calendar';
import { findIdempotentCase, findOpenCaseBySubjectKey, getCaseDetail } from '../prisma/cases-read';
import { createCase } from '../prisma/cases-write';
import { isUniqueViolation } from '../prisma/errors';
import { RunningStarter, StarterDeps, workflowInput } from './case-starter';
import { refusal } from './actions';
import { caseResource } from './case-resource';
import { Problem } from './problem';
import { requestHash } from './request-hash';

export interface StartCaseDeps extends StarterDeps {
  caseStarter: Pick<RunningStarter, 'startSoon'>;
  subjectKeySecret: string;
}

async function replay(deps: StartCaseDeps, officeCode: string, key: string, hash: string) {
  const existing = await findIdempotentCase(deps.db, officeCode, key);
  if (!existing) return undefined;
  if (existing.requestHash !== hash) {
    // The same problem as an action's (with its `code`), so a client handles both doors alike.
    throw refusal('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.', [{ path: 'Idempotency-Key', message: 'already used with another request body' }]);
  }
  const detail = await getCaseDetail(deps.db, existing.caseCode);
  return detail && caseResource(detail);
}


/**
 * Receives a case at a desk: validate everything, refuse a second open case for the person, store
 * the case (one statement), answer, and start its workflow. Returns the case and whether it is an
 * idempotent replay. If the start fails (Temporal down, the process dies) the case is still
 * received: the starter starts it within seconds.
 */
export async function startCase(deps: StartCaseDeps, principal: Principal, body: unknown, idempotencyKey?: string) {
  const now = deps.now();
  if (!loadedOrganisation()) throw new Problem(503, 'Reference data unavailable', 'The province data (offices and agencies) is not loaded yet; try again shortly.');
  const catalogue = catalogueInForceOn(localDateOf(now));
  const checked = validateCaseRequest(body, catalogue, now);
  if (!checked.ok) throw Problem.validation(checked.issues);
  const request = checked.request;
  if (request.receivingOffice !== principal.officeCode) {
    throw new Problem(403, 'Forbidden', 'A desk receives cases only for its own office.', [{ path: 'receivingOffice', message: 'not the office of this API key' }]);
  }
  const officeCode = request.receivingOffice;
  // The request as validation normalised it (trimmed, NFC): a retry that differs only in what
  // validation removes is the same request.
  const hash = requestHash(request);
  const replayed = async () => (idempotencyKey ? replay(deps, officeCode, idempotencyKey, hash) : undefined);
  const first = await replayed();
  if (first) return { resource: first, replayed: true };

  const group = findGroup(catalogue, request.group)!;
  const keyOf = (identity: string) => createHmac('sha256', deps.subjectKeySecret).update(`${request.group}:${identity}`).digest('hex');
  const subjectKey = keyOf(subjectIdentity(group, checked.subject));
  // Cases opened before identities were normalised carry a key of the values as typed (only
  // trimmed then): made from this request as typed, and as normalised for the common case.
  const typed = (body as Record<string, unknown>)[group.subjectField];
  const legacy = [legacySubjectIdentity(group, checked.subject), ...(typed && typeof typed === 'object' ? [legacySubjectIdentity(group, typed as Record<string, unknown>)] : [])];
  const subjectKeys = [...new Set([subjectKey, ...legacy.map(keyOf)])];
  /** The person's open case: a replay when a concurrent retry of this very request opened it, else 409. */
  const duplicateOf = async () => {
    const open = await findOpenCaseBySubjectKey(deps.db, subjectKeys);
    if (!open) return undefined;
    const again = await replayed();
    if (again) return again;
    if (open.officeCode === officeCode) throw new Problem(409, 'Open case exists', `Case ${open.caseCode} for the same person is still open.`, [], undefined, { existingCaseCode: open.caseCode });
    // Need to know: another office's case code is not this desk's business; which office to contact is.
    const office = findOffice(catalogue, open.officeCode);
    throw new Problem(409, 'Open case exists', `The same person has an open case at another office (${office?.name ?? open.officeCode}); contact that office.`, [], undefined, {
      openAtOffice: { officeCode: open.officeCode, name: office?.name ?? open.officeCode },
    });
  };
  const duplicate = await duplicateOf();
  if (duplicate) return { resource: duplicate, replayed: true };

  let steps;
  try {
    steps = planSteps(catalogue, request.group, request.procedures, officeCode, checked.subject);
  } catch (err) {
    if (err instanceof PlanningError) throw Problem.validation([{ path: err.field, message: err.message }]);
    throw err;
  }
  const office = findOffice(catalogue, officeCode)!;
  const overrides = await cachedCalendarOverrides(deps.db, { fromDate: localDateOf(now), officeCode });
  const { appointmentAt } = planDueDates(steps, now, office, createLegalCalendar(overrides), createLegalCalendar(overrides, officeCode));

  let detail;
  try {
    detail = await createCase(deps.db, {
      group: request.group,
      catalogueVersion: catalogue.version,
      officeCode,
      channel: request.channel,
      resultDelivery: request.resultDelivery,
      receivedAt: now,
      appointmentAt,
      openSubjectKey: subjectKey,
      applicant: request.applicant,
      subject: checked.subject,
      steps,
      received: {
        actor: party.desk(officeCode),
        from: party.applicant,
        to: party.desk(officeCode),
        at: now.toISOString(),
        // A person at the desk is named (the API writes this event, not a workflow).
        details: { channel: request.channel, procedures: steps.map((s) => s.procedure), ...(principal.userId ? { by: { userId: principal.userId, name: principal.personName } } : {}) },
      },
      idempotency: idempotencyKey ? { key: idempotencyKey, requestHash: hash } : undefined,
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // A concurrent twin won the race (same key, or same person): answer as if we had been second.
    const again = (await replayed()) ?? (await duplicateOf());
    if (again) return { resource: again, replayed: true };
    throw err;
  }

  // The receipt is complete once committed: the desk gets its answer now, and the workflow is
  // started right after. Should that fail (Temporal down, the process dies), the starter starts it.
  const input = workflowInput({ caseCode: detail.caseCode, group: request.group, catalogueVersion: catalogue.version, officeCode, receivedAt: now, appointmentAt, steps }, deps.reminderLeadMinutes, overrides, deps.operations);
  deps.caseStarter.startSoon(input);
  return { resource: caseResource(detail), replayed: false };
}
