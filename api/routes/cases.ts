import { Router } from 'express';
import { z } from 'zod';
import { CASE_STATUSES, caseWorkflowId, CaseStatus, isIsoDate, instantAt, addDays, isOpenCase, supplementSubmissionSchema, withdrawalSchema } from '../../domain';
import { getCaseDetail, listCases, loadDossier } from '../../prisma/cases-read';
import { submitSupplementUpdate, withdrawUpdate } from '../../workflows/messages';
import { principalOf, requireRole } from '../auth';
import { agencyMaySee, agencyView, caseResource } from '../case-resource';
import type { ApiDeps } from '../deps';
import { Problem } from '../problem';
import { startCase } from '../start-case';
import { asProblem } from '../update-errors';

const dateParam = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const listQuerySchema = z.strictObject({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(CASE_STATUSES)))
    .optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  agency: z.string().min(1).max(60).optional(),
  procedure: z.string().min(1).max(60).optional(),
  office: z.string().min(1).max(40).optional(),
  receivedFrom: dateParam.optional(),
  receivedTo: dateParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const encodeCursor = (c: { receivedAt: Date; caseCode: string }) => Buffer.from(JSON.stringify([c.receivedAt.toISOString(), c.caseCode])).toString('base64url');
function decodeCursor(s: string): { receivedAt: Date; caseCode: string } {
  try {
    const [at, code] = JSON.parse(Buffer.from(s, 'base64url').toString()) as [string, string];
    const receivedAt = new Date(at);
    if (Number.isNaN(receivedAt.getTime()) || typeof code !== 'string') throw new Error('bad');
    return { receivedAt, caseCode: code };
  } catch {
    throw Problem.validation([{ path: 'cursor', message: 'not a cursor returned by this API' }]);
  }
}

export function casesRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/v1/cases', async (req, res) => {
    const principal = requireRole(req, 'desk');
    const key = req.get('idempotency-key');
    if (key !== undefined && !/^[\x21-\x7e]{8,128}$/.test(key)) {
      throw Problem.validation([{ path: 'Idempotency-Key', message: 'must be 8–128 visible ASCII characters' }]);
    }
    const { resource, replayed } = await startCase(deps, principal, req.body, key);
    res.status(201).location(resource.links.self).set(replayed ? { 'Idempotent-Replayed': 'true' } : {}).json(resource);
  });

  r.get('/v1/cases', async (req, res) => {
    const p = principalOf(req);
    const parsed = listQuerySchema.safeParse(req.query);
    if (!parsed.success) throw Problem.fromZod(parsed.error);
    const q = parsed.data;
    // Desks see their office's cases, agencies the cases they have a step in.
    if (p.role === 'desk' && q.office && q.office !== p.officeCode) throw new Problem(403, 'Forbidden', 'A desk lists only its own office.');
    if (p.role === 'agency' && q.agency && q.agency !== p.agencyCode) throw new Problem(403, 'Forbidden', 'An agency lists only its own cases.');
    const page = await listCases(deps.db, {
      status: q.status as CaseStatus[] | undefined,
      overdue: q.overdue,
      agencyCode: p.role === 'agency' ? p.agencyCode : q.agency,
      procedure: q.procedure,
      officeCode: p.role === 'desk' ? p.officeCode : q.office,
      receivedFrom: q.receivedFrom ? instantAt(q.receivedFrom, '00:00') : undefined,
      receivedBefore: q.receivedTo ? instantAt(addDays(q.receivedTo, 1), '00:00') : undefined,
      limit: q.limit,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    res.json({ items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
  });

  const readableCase = async (req: Parameters<Parameters<typeof r.get>[1]>[0], code: string) => {
    const p = principalOf(req);
    const detail = await getCaseDetail(deps.db, code);
    const allowed =
      detail &&
      (p.role === 'operator' || (p.role === 'desk' && detail.receivingOffice === p.officeCode) || (p.role === 'agency' && agencyMaySee(detail, p.agencyCode!)));
    // Not found and not allowed look the same: case codes are not to be probed.
    if (!detail || !allowed) throw new Problem(404, 'Case not found', `No case ${code} visible to this key.`);
    return { p, detail };
  };

  r.get('/v1/cases/:caseCode', async (req, res) => {
    const { p, detail } = await readableCase(req, req.params.caseCode);
    // Personal data goes only to the desk that received the dossier; each such read is logged.
    const dossier = p.role === 'desk' ? await loadDossier(deps.db, detail.caseCode) : undefined;
    if (dossier) deps.logger.info({ caseCode: detail.caseCode, keyId: p.keyId, officeCode: p.officeCode }, 'dossier read');
    res.json(caseResource(p.role === 'agency' ? agencyView(detail, p.agencyCode!) : detail, dossier));
  });

  r.post('/v1/cases/:caseCode/supplements', async (req, res) => {
    const p = requireRole(req, 'desk');
    const { detail } = await readableCase(req, req.params.caseCode);
    const parsed = supplementSubmissionSchema.safeParse(req.body);
    if (!parsed.success) throw Problem.fromZod(parsed.error);
    if (!isOpenCase(detail.status)) throw new Problem(409, 'Case closed', `The case is ${detail.status}.`, [], undefined, { code: 'CASE_CLOSED' });
    const handle = deps.temporal.workflow.getHandle(caseWorkflowId(detail.caseCode));
    const step = await asProblem(() => handle.executeUpdate(submitSupplementUpdate, { args: [{ officeCode: p.officeCode!, submission: parsed.data }] }));
    res.json(step);
  });

  r.post('/v1/cases/:caseCode/withdraw', async (req, res) => {
    const p = requireRole(req, 'desk');
    const { detail } = await readableCase(req, req.params.caseCode);
    const parsed = withdrawalSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw Problem.fromZod(parsed.error);
    if (!isOpenCase(detail.status)) throw new Problem(409, 'Case closed', `The case is ${detail.status}.`, [], undefined, { code: 'CASE_CLOSED' });
    const handle = deps.temporal.workflow.getHandle(caseWorkflowId(detail.caseCode));
    const view = await asProblem(() => handle.executeUpdate(withdrawUpdate, { args: [{ officeCode: p.officeCode!, reason: parsed.data.reason }] }));
    res.json(view);
  });

  return r;
}
