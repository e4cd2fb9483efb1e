import { z } from 'zod';
import { agenciesOn, allAgencies, codeText, localDateOf } from '../../domain';
import { listIncidents, listReconciliationRuns } from '../../prisma/incidents-read';
import { reassignStepUpdate, retryStepUpdate } from '../../workflows/messages';
import { sendAction } from '../actions';
import type { ApiDeps } from '../deps';
import { route, Route } from '../http/route';
import { Problem } from '../problem';
import { caseStepParams, idempotencyHeaders, instant, stepViewSchema } from '../schemas';

// Operators act on what went wrong: a step whose dispatch failed for good is retried or handed to
// another agency of the same role (each action an Update the workflow validates, recorded in the
// timeline with the operator's key id); the reconciler's findings are listed beside.

const limitQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number 1–500')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional()
    .meta({ description: 'At most this many of each kind (default 100).' }),
});

const stepAttention = z.object({ reason: z.string(), httpStatus: z.number().int().optional(), attempts: z.number().int().optional(), at: instant });
const stepIncident = z
  .object({
    caseCode: z.string(),
    stepId: z.string(),
    procedure: z.string(),
    agencyCode: z.string(),
    status: z.string(),
    attention: stepAttention.nullable(),
    dispatchAttempts: z.number().int(),
    dispatchError: z.string().nullable(),
    dueAt: instant.nullable(),
    updatedAt: instant,
  })
  .meta({ id: 'StepIncident' });
const incidentsSchema = z
  .object({
    needsAttention: z.array(stepIncident).meta({ description: 'Steps whose dispatch failed for good (NEEDS_ATTENTION): retry or reassign them.' }),
    retrying: z.array(stepIncident).meta({ description: 'Dispatches still being retried with backoff (counted, not yet escalated).' }),
    cases: z
      .array(z.object({ caseCode: z.string(), status: z.string(), receivingOffice: z.string(), attention: z.object({ reason: z.string(), temporalStatus: z.string().optional(), at: instant }) }))
      .meta({ description: 'Cases the reconciler flagged or closed: their workflow failed, timed out, went missing or was stopped outside the engine.' }),
  })
  .meta({ id: 'Incidents' });
const reconciliationSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        startedAt: instant,
        finishedAt: instant,
        checked: z.number().int().meta({ description: 'Open ledger cases compared with Temporal.' }),
        repaired: z.number().int().meta({ description: 'Differences the reconciler repaired (closed, rewritten or started).' }),
        differences: z.record(z.string(), z.number().int()).meta({ description: 'Differences found, by kind.' }),
      }),
    ),
  })
  .meta({ id: 'ReconciliationRuns' });

const OPERATOR_ACTION_RESPONSES = {
  200: { description: 'The step after the action (the first answer again, for a retry with the same Idempotency-Key and body).', json: stepViewSchema },
  404: { description: 'No such case or step.' },
  409: { description: '`CASE_CLOSED`, or `WRONG_STATE`: the step is not in a state that allows this action.' },
  422: { description: 'Validation failed (every invalid field in `errors`, a field given twice included; `INVALID_PAYLOAD` when the workflow refused it), or `IDEMPOTENCY_KEY_REUSED`.' },
} as const;

/**
 * The role of a known agency in service on `today` (Vietnam date); an unknown code, or an agency
 * whose period in the province data ended (a merged ward's), is refused here, naming the field.
 */
function agencyRole(code: string, today: string): string {
  const agency = allAgencies().find((a) => a.code === code);
  if (!agency) throw Problem.validation([{ path: 'agencyCode', message: 'unknown agency' }]);
  if (!agenciesOn(today).some((a) => a.code === code)) {
    throw Problem.validation([{ path: 'agencyCode', message: `not in service on ${today} (province data: ${agency.validFrom ?? '…'} to ${agency.validTo ?? '…'})` }]);
  }
  return agency.role;
}

export function operationRoutes(deps: ApiDeps): Route[] {
  return [
    route(
      {
        method: 'get',
        path: '/v1/incidents',
        operationId: 'listIncidents',
        tag: 'Operations',
        summary: 'What needs an operator: failed dispatches, dispatches being retried, cases the reconciler flagged',
        description: 'Read from the ledger. A step in `needsAttention` is retried with `…/retry` or handed to another agency with `…/reassign`.',
        access: ['operator', 'admin'],
        needs: ['database'],
        query: limitQuery,
        responses: { 200: { description: 'The incidents.', json: incidentsSchema } },
      },
      async ({ query }) => ({ status: 200, json: await listIncidents(deps.db, query.limit ?? 100) }),
    ),
    route(
      {
        method: 'post',
        path: '/v1/cases/{caseCode}/steps/{stepId}/retry',
        operationId: 'retryStep',
        tag: 'Operations',
        summary: 'Send a step that needs attention to its agency again',
        description: 'After the cause was fixed (the agency’s system is back, its endpoint configured). The step keeps its due date; the timeline records the operator’s key id.',
        access: ['operator'],
        needs: ['database', 'temporal'],
        params: caseStepParams,
        headers: idempotencyHeaders,
        body: z.strictObject({}).optional(),
        responses: OPERATOR_ACTION_RESPONSES,
      },
      async ({ principal, params, headers, body }) => ({
        status: 200,
        json: await sendAction(deps, {
          caseCode: params.caseCode,
          action: 'retry',
          stepId: params.stepId,
          update: retryStepUpdate,
          args: { stepId: params.stepId, operatorKeyId: principal.keyId },
          body: body ?? {},
          idempotencyKey: headers['Idempotency-Key'],
          principal,
        }),
      }),
    ),
    route(
      {
        method: 'post',
        path: '/v1/cases/{caseCode}/steps/{stepId}/reassign',
        operationId: 'reassignStep',
        tag: 'Operations',
        summary: 'Hand a step to another agency of the same role',
        description:
          'For a step that needs attention, or one its agency has without answering. The agency that had it is told it is withdrawn; the new one receives it with the same due date. Recorded with the operator’s key id.',
        access: ['operator'],
        needs: ['database', 'temporal'],
        params: caseStepParams,
        headers: idempotencyHeaders,
        body: z.strictObject({ agencyCode: codeText(60).meta({ description: 'An agency of the catalogue with the same role as the current one.' }) }).meta({ id: 'Reassignment' }),
        responses: OPERATOR_ACTION_RESPONSES,
      },
      async ({ principal, params, headers, body }) => ({
        status: 200,
        json: await sendAction(deps, {
          caseCode: params.caseCode,
          action: 'reassign',
          stepId: params.stepId,
          update: reassignStepUpdate,
          // The workflow checks the role against the step's; the agency's role is the province data's.
          args: { stepId: params.stepId, agencyCode: body.agencyCode, agencyRole: agencyRole(body.agencyCode, localDateOf(deps.now())), operatorKeyId: principal.keyId },
          body,
          idempotencyKey: headers['Idempotency-Key'],
          principal,
        }),
      }),
    ),
    route(
      {
        method: 'get',
        path: '/v1/reconciliation',
        operationId: 'listReconciliationRuns',
        tag: 'Operations',
        summary: 'The reconciler’s recent passes: what it compared, found and repaired',
        description: `The reconciler (a Temporal Schedule, every RECONCILE_INTERVAL_SECONDS) compares open ledger cases with their workflows: a workflow terminated, failed or timed out closes or flags its case; a reset workflow rewrites its case; a case whose workflow is missing is flagged.`,
        access: ['operator', 'admin'],
        needs: ['database'],
        query: limitQuery,
        responses: { 200: { description: 'Newest first.', json: reconciliationSchema } },
      },
      async ({ query }) => ({ status: 200, json: { items: await listReconciliationRuns(deps.db, query.limit ?? 100) } }),
    ),
  ];
}
