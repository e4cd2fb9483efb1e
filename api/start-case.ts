import { createHash, createHmac } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import {
  CASE_WORKFLOW_TYPE,
  createLegalCalendar,
  catalogueInForceOn,
  caseWorkflowId,
  findGroup,
  findOffice,
  subjectIdentity,
  localDateOf,
  party,
  planDueDates,
  planSteps,
  PlanningError,
  validateCaseRequest,
  eventId,
} from '../domain';
import type { Principal } from '../prisma/api-keys';
import { listCalendarOverrides } from '../prisma/calendar';
import { findIdempotentCase, findOpenCaseBySubjectKey, getCaseDetail } from '../prisma/cases-read';
import { createCase } from '../prisma/cases-write';
import type { PrismaClient } from '../prisma/generated/client';
import type { caseWorkflow } from '../workflows/case-workflow';
import { caseSearchAttributes } from '../workflows/search-attributes';
import { caseResource } from './case-resource';
import { Problem } from './problem';

export interface StartCaseDeps {
  db: PrismaClient;
  temporal: Client;
  taskQueue: string;
  subjectKeySecret: string;
  reminderLeadMinutes: number;
  now: () => Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Stable JSON (sorted keys) so the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function replay(deps: StartCaseDeps, officeCode: string, key: string, requestHash: string) {
  const existing = await findIdempotentCase(deps.db, officeCode, key);
  if (!existing) return undefined;
  if (existing.requestHash !== requestHash) {
    throw new Problem(422, 'Idempotency-Key reused', 'This Idempotency-Key was used for a different request.', [{ path: 'Idempotency-Key', message: 'already used with another request body' }]);
  }
  const detail = await getCaseDetail(deps.db, existing.caseCode);
  return detail && caseResource(detail);
}

async function refuseDuplicate(deps: StartCaseDeps, subjectKey: string): Promise<void> {
  const open = await findOpenCaseBySubjectKey(deps.db, subjectKey);
  if (open) {
    throw new Problem(409, 'Open case exists', `Case ${open} for the same person is still open.`, [], undefined, { existingCaseCode: open });
  }
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';

/**
 * Receives a case at a desk: validate everything, refuse duplicates, then store the case and start
 * its workflow in one transaction. Returns the case and whether it is an idempotent replay.
 */
export async function startCase(deps: StartCaseDeps, principal: Principal, body: unknown, idempotencyKey?: string) {
  const now = deps.now();
  const catalogue = catalogueInForceOn(localDateOf(now));
  const checked = validateCaseRequest(body, catalogue, now);
  if (!checked.ok) throw Problem.validation(checked.issues);
  const request = checked.request;
  if (request.receivingOffice !== principal.officeCode) {
    throw new Problem(403, 'Forbidden', 'A desk receives cases only for its own office.', [{ path: 'receivingOffice', message: 'not the office of this API key' }]);
  }
  const officeCode = request.receivingOffice;
  const requestHash = sha256(canonical(body));
  if (idempotencyKey) {
    const replayed = await replay(deps, officeCode, idempotencyKey, requestHash);
    if (replayed) return { resource: replayed, replayed: true };
  }
  const group = findGroup(catalogue, request.group)!;
  const subjectKey = createHmac('sha256', deps.subjectKeySecret).update(`${request.group}:${subjectIdentity(group, checked.subject)}`).digest('hex');
  await refuseDuplicate(deps, subjectKey);

  let steps;
  try {
    steps = planSteps(catalogue, request.group, request.procedures, officeCode, checked.subject);
  } catch (err) {
    if (err instanceof PlanningError) throw Problem.validation([{ path: err.field, message: err.message }]);
    throw err;
  }
  const office = findOffice(catalogue, officeCode)!;
  const overrides = await listCalendarOverrides(deps.db, { fromDate: localDateOf(now), officeCode });
  const { appointmentAt } = planDueDates(steps, now, office, createLegalCalendar(overrides), createLegalCalendar(overrides, officeCode));
  let started: string | undefined;
  let caseCode: string;
  try {
    caseCode = await createCase(
      deps.db,
      {
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
        receivedEvent: (code) => ({
          id: eventId(code, 0),
          seq: 0,
          type: 'RECEIVED',
          actor: party.desk(officeCode),
          from: party.applicant,
          to: party.desk(officeCode),
          at: now.toISOString(),
          details: { channel: request.channel, procedures: steps.map((s) => s.procedure) },
        }),
        idempotency: idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
      },
      async (code) => {
        await deps.temporal.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW_TYPE, {
          workflowId: caseWorkflowId(code),
          taskQueue: deps.taskQueue,
          // Inside this transaction the office's daily sequence row is locked, so a workflow already
          // holding this code can only be an orphan of a receipt whose commit failed: replace it,
          // rather than blocking every later receipt of the day on that number.
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.TERMINATE_EXISTING,
          args: [
            {
              caseCode: code,
              clock: { reminderLeadMinutes: deps.reminderLeadMinutes },
              group: request.group,
              catalogueVersion: catalogue.version,
              receivingOffice: officeCode,
              receivedAt: now.toISOString(),
              appointmentAt: appointmentAt.toISOString(),
              steps,
            },
          ],
          typedSearchAttributes: [
            { key: caseSearchAttributes.caseCode, value: code },
            { key: caseSearchAttributes.procedureGroup, value: request.group },
            { key: caseSearchAttributes.caseStatus, value: 'RECEIVED' },
            { key: caseSearchAttributes.pendingAgencies, value: [] },
            { key: caseSearchAttributes.dueAt, value: appointmentAt },
          ],
        });
        started = code;
      },
    );
  } catch (err) {
    // The workflow started but the receipt did not commit: stop it, so nothing runs unrecorded.
    if (started) await deps.temporal.workflow.getHandle(started).terminate('receipt transaction failed').catch(() => undefined);
    if (!isUniqueViolation(err)) throw err;
    // A concurrent twin won the race: answer as if we had been second.
    if (idempotencyKey) {
      const replayed = await replay(deps, officeCode, idempotencyKey, requestHash);
      if (replayed) return { resource: replayed, replayed: true };
    }
    await refuseDuplicate(deps, subjectKey);
    throw err;
  }
  const detail = await getCaseDetail(deps.db, caseCode);
  return { resource: caseResource(detail!), replayed: false };
}
