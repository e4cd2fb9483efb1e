import { Router } from 'express';
import { z } from 'zod';
import { caseWorkflowId, findGroup, findProcedure, getCatalogue, isOpenCase, rejectionSchema, resultSchemaFor, supplementRequestSchema } from '../../domain';
import { getCaseDetail } from '../../prisma/cases-read';
import { completeStepUpdate, rejectStepUpdate, requestSupplementUpdate } from '../../workflows/messages';
import { requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { Problem } from '../problem';
import { asProblem } from '../update-errors';

const completionSchema = z.strictObject({ result: z.record(z.string(), z.unknown()) });

/**
 * Agencies act on their own steps. The ledger answers the cheap questions first (which step,
 * whose, which result shape); the workflow's Update validator then decides on the live state, so
 * a refused call changes nothing anywhere.
 */
export function stepsRouter(deps: ApiDeps): Router {
  const r = Router();

  /** A retried call with the same Idempotency-Key is the same Update: Temporal answers it once. */
  const updateId = (req: { get(name: string): string | undefined }, action: string, caseCode: string, stepId: string) => {
    const key = req.get('idempotency-key');
    return key ? `${action}:${caseCode}:${stepId}:${key}` : undefined;
  };

  const locate = async (caseCode: string, stepId: string, agencyCode: string) => {
    const detail = await getCaseDetail(deps.db, caseCode);
    const step = detail?.steps.find((s) => s.stepId === stepId);
    if (!detail || !detail.steps.some((s) => s.agencyCode === agencyCode)) throw new Problem(404, 'Case not found', `No case ${caseCode} visible to this key.`);
    if (!step) throw new Problem(404, 'Unknown step', `The case has no step ${stepId}.`, [], undefined, { code: 'UNKNOWN_STEP' });
    if (step.agencyCode !== agencyCode) throw new Problem(403, 'Not your step', `Step ${stepId} is assigned to another agency.`, [], undefined, { code: 'NOT_YOUR_STEP' });
    if (!isOpenCase(detail.status)) throw new Problem(409, 'Case closed', `The case is ${detail.status}.`, [], undefined, { code: 'CASE_CLOSED' });
    const group = findGroup(getCatalogue(detail.catalogueVersion), detail.group)!;
    return { detail, step, procedure: findProcedure(group, step.procedure)!, handle: deps.temporal.workflow.getHandle(caseWorkflowId(caseCode)) };
  };

  r.post('/v1/cases/:caseCode/steps/:stepId/complete', async (req, res) => {
    const agencyCode = requireRole(req, 'agency').agencyCode!;
    const { caseCode, stepId } = req.params;
    const body = completionSchema.safeParse(req.body);
    if (!body.success) throw Problem.fromZod(body.error);
    const { procedure, handle } = await locate(caseCode, stepId, agencyCode);
    const result = resultSchemaFor(procedure.resultKind).safeParse(body.data.result);
    if (!result.success) throw Problem.fromZod(result.error, ['result']);
    res.json(await asProblem(() => handle.executeUpdate(completeStepUpdate, { args: [{ stepId, agencyCode, result: result.data }], updateId: updateId(req, 'complete', caseCode, stepId) })));
  });

  r.post('/v1/cases/:caseCode/steps/:stepId/reject', async (req, res) => {
    const agencyCode = requireRole(req, 'agency').agencyCode!;
    const { caseCode, stepId } = req.params;
    const body = rejectionSchema.safeParse(req.body);
    if (!body.success) throw Problem.fromZod(body.error);
    const { handle } = await locate(caseCode, stepId, agencyCode);
    res.json(await asProblem(() => handle.executeUpdate(rejectStepUpdate, { args: [{ stepId, agencyCode, rejection: body.data }], updateId: updateId(req, 'reject', caseCode, stepId) })));
  });

  r.post('/v1/cases/:caseCode/steps/:stepId/request-supplement', async (req, res) => {
    const agencyCode = requireRole(req, 'agency').agencyCode!;
    const { caseCode, stepId } = req.params;
    const body = supplementRequestSchema.safeParse(req.body);
    if (!body.success) throw Problem.fromZod(body.error);
    const { handle } = await locate(caseCode, stepId, agencyCode);
    res.json(await asProblem(() => handle.executeUpdate(requestSupplementUpdate, { args: [{ stepId, agencyCode, request: body.data }], updateId: updateId(req, 'request-supplement', caseCode, stepId) })));
  });

  return r;
}
