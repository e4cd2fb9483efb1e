import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { completeStepUpdate, rejectStepUpdate, requestSupplementUpdate, type CompleteStepArgs, type RejectStepArgs, type RequestSupplementArgs, type StepView } from '../../workflows/messages';
import { sendAction } from '../actions';
import type { ApiDeps } from '../deps';
import { Route, route, RouteContext, RouteSpec } from '../http/route';
import { caseStepParams, completionBody, idempotencyHeaders, rejectionBody, stepViewSchema, supplementRequestBody } from '../schemas';

// Agencies act on their own steps. The route authenticates, checks the body's shape and sends the
// Update; the workflow's validator alone decides whether the action is allowed now (which step,
// whose, in which state, with which result shape), so a refused call changes nothing anywhere.

const CASE_NOT_FOUND = 'No such case, or none of this agency’s steps was handed to it yet (the two look the same, so case codes cannot be probed); `UNKNOWN_STEP`: the case has no such step.';

const agencyAction = <B extends z.ZodType>(operationId: string, action: string, summary: string, description: string, body: B) =>
  ({
    method: 'post',
    path: `/v1/cases/{caseCode}/steps/{stepId}/${action}`,
    operationId,
    tag: 'Steps',
    summary,
    description,
    access: ['agency'],
    roleNote: 'Only the agency the step is assigned to, while the step waits on it (`DISPATCHED`, or `SENDING` when the agency answers before its acknowledgement reached the engine).',
    needs: ['database', 'temporal'],
    params: caseStepParams,
    headers: idempotencyHeaders,
    body,
    responses: {
      200: { description: 'The step after the action (the first answer again, for a retry with the same Idempotency-Key and body).', json: stepViewSchema },
      403: { description: 'Not an agency key, or `NOT_YOUR_STEP`: the step is assigned to another agency.' },
      404: { description: CASE_NOT_FOUND },
      409: { description: '`CASE_CLOSED`: the case is no longer open; `WRONG_STATE`: the step is not in a state that allows this action.' },
      422: { description: 'Validation failed: every invalid field in `errors`, a field given twice included (`INVALID_PAYLOAD` when the workflow refused the payload), or `IDEMPOTENCY_KEY_REUSED`.' },
    },
  }) as const satisfies RouteSpec;

/** The one handler of every agency action: the body's part the workflow needs, sent as the action's Update. */
function sendAgencyAction<S extends ReturnType<typeof agencyAction>, A extends { stepId: string; agencyCode: string }>(
  deps: ApiDeps,
  action: 'complete' | 'reject' | 'request-supplement',
  update: UpdateDefinition<StepView, [A]>,
  args: (body: RouteContext<S>['body'], stepId: string, agencyCode: string) => Omit<A, 'idempotency'>,
) {
  return async ({ principal, params, headers, body }: RouteContext<S>) => ({
    status: 200,
    json: await sendAction(deps, {
      caseCode: params.caseCode,
      action,
      stepId: params.stepId,
      update,
      args: args(body, params.stepId, principal.agencyCode!),
      body,
      idempotencyKey: headers['Idempotency-Key'],
      principal,
    }),
  });
}

export function stepRoutes(deps: ApiDeps): Route[] {
  const complete = agencyAction(
    'completeStep',
    'complete',
    'Complete a step with its result (trả kết quả), e.g. the trích lục khai tử',
    "`result` must match the schema of the procedure's resultKind (see StepResult); a date of something done (extract, deregistration, registration, issue, decision) may be neither after today nor before the day the case was received (Vietnam dates; 422 naming it). Forwarded fields are handed to the dependent steps, which are then dispatched.",
    completionBody,
  );
  const reject = agencyAction(
    'rejectStep',
    'reject',
    'Refuse a step (từ chối giải quyết) with a reason',
    'Refusing an essential step (đăng ký khai tử) refuses the whole case; other refusals leave what was done standing.',
    rejectionBody,
  );
  const requestSupplement = agencyAction(
    'requestSupplement',
    'request-supplement',
    'Ask the applicant for missing documents (yêu cầu bổ sung hồ sơ)',
    'The step waits for the desk to submit the supplement; list every missing item at once (once per step).',
    supplementRequestBody,
  );
  return [
    route(complete, sendAgencyAction<typeof complete, CompleteStepArgs>(deps, 'complete', completeStepUpdate, (body, stepId, agencyCode) => ({ stepId, agencyCode, result: body.result }))),
    route(reject, sendAgencyAction<typeof reject, RejectStepArgs>(deps, 'reject', rejectStepUpdate, (body, stepId, agencyCode) => ({ stepId, agencyCode, rejection: body }))),
    route(
      requestSupplement,
      sendAgencyAction<typeof requestSupplement, RequestSupplementArgs>(deps, 'request-supplement', requestSupplementUpdate, (body, stepId, agencyCode) => ({ stepId, agencyCode, request: body })),
    ),
  ];
}
