import { z } from 'zod';
import { caseReturnView, type HandoverRequest } from '../../domain';
import { recordResultReturn, returnCounts, type ReturnedCase } from '../../prisma/handover';
import { refusal, scopedKey } from '../actions';
import { caseNotFound } from '../case-resource';
import type { ApiDeps } from '../deps';
import { Route, route } from '../http/route';
import { Problem } from '../problem';
import { requestHash } from '../request-hash';
import { caseCodeParams, caseCodeSchema, caseStatusSchema, handoverBody, idempotencyHeaders, instant, officeCodeSchema, resultReturnSchema } from '../schemas';

// The fourth step of the one-stop process (trả kết quả): the desk records that it returned the
// result. A ledger write, not an Update: the case workflow has completed by then (prisma/handover.ts).

/** A desk's clock may run a little ahead of the server's: an `at` up to this far ahead is accepted. */
const CLOCK_SKEW_MS = 60_000;

const handoverViewSchema = z
  .object({ caseCode: caseCodeSchema, status: caseStatusSchema, appointmentAt: instant, resultReturn: resultReturnSchema, links: z.object({ self: z.string() }) })
  .meta({ id: 'HandoverView', description: 'The case right after the handover. Who received the result is not repeated here (see the case’s `dossier.handover`).' });

const view = (c: ReturnedCase) => ({
  caseCode: c.caseCode,
  status: c.status,
  appointmentAt: c.appointmentAt,
  resultReturn: caseReturnView({ status: c.status as never, appointmentAt: c.appointmentAt, returnedAt: c.returnedAt, returnMethod: c.returnMethod }),
  links: { self: `/v1/cases/${c.caseCode}` },
});

/** What the timeline may say of the recipient: whether the applicant came (never a name). */
const recipientKind = (b: HandoverRequest) => (b.method === 'desk' ? (b.recipient.relationship === 'applicant' ? 'applicant' : 'other') : undefined);

export function handoverRoutes(deps: ApiDeps): Route[] {
  return [
    route(
      {
        method: 'post',
        path: '/v1/cases/{caseCode}/handover',
        operationId: 'returnResult',
        tag: 'Cases',
        summary: 'Record the return of the result (trả kết quả): at the desk, by post or online',
        description:
          'The fourth step of the one-stop process (Decree 61/2018/NĐ-CP Art 20 as amended by Decree 107/2021/NĐ-CP; Circular 01/2018/TT-VPCP Art 9). Allowed once every step is final and the case closed with a result (`COMPLETED`, `PARTIALLY_COMPLETED`, or `REFUSED`: the refusal notice is returned too), once per case. `at` defaults to now; it may not be in the future nor before the results were ready (`closedAt`). The timeline gets `RESULT_RETURNED` (method, and for `desk` whether the applicant came); the case’s on-time verdict (`resultReturn.timeliness`) is measured at this moment against the appointment in force. Who received the result is personal data: stored with the dossier only.',
        access: ['desk'],
        roleNote: 'Only the desk of the office that received the case (the body carries personal data).',
        needs: ['database'],
        params: caseCodeParams,
        headers: idempotencyHeaders,
        body: handoverBody,
        responses: {
          200: { description: 'The case after the handover (or the first answer, replayed by its Idempotency-Key).', json: handoverViewSchema },
          404: { description: 'No such case, or not visible to this key.' },
          409: { description: '`WRONG_STATE`: the results are not ready (steps still open, or the case was withdrawn or stopped), or the result was already returned (`returnedAt`).' },
          422: { description: 'Validation failed (every invalid field in `errors`, a field given twice included; `at` in the future or before the results were ready), or `IDEMPOTENCY_KEY_REUSED`.' },
        },
      },
      async ({ principal: p, params, headers, body }) => {
        const now = deps.now();
        const at = body.at ? new Date(body.at) : now;
        if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw Problem.validation([{ path: 'at', message: 'must not be in the future' }]);
        const key = headers['Idempotency-Key'];
        const { at: _at, ...details } = body;
        const outcome = await recordResultReturn(deps.db, {
          caseCode: params.caseCode,
          officeCode: p.officeCode!,
          method: body.method,
          at,
          details,
          recipient: recipientKind(body),
          by: p.userId ? { userId: p.userId, name: p.personName ?? '' } : undefined,
          // Scoped like every action's key (api/actions.ts).
          idempotency: key ? { key: scopedKey(p, key), requestHash: requestHash({ action: 'return-result', stepId: null, body }), unscopedKey: key } : undefined,
          answer: view,
        });
        switch (outcome.kind) {
          case 'recorded':
          case 'replayed':
            return { status: 200, json: outcome.response };
          case 'not-found':
            throw caseNotFound(params.caseCode);
          case 'key-reused':
            throw refusal('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used on this case for another request', [
              { path: 'Idempotency-Key', message: 'already used with another request' },
            ]);
          case 'already-returned':
            throw new Problem(409, 'Wrong state', `The result was already returned at ${outcome.returnedAt}.`, [], undefined, { code: 'WRONG_STATE', returnedAt: outcome.returnedAt });
          case 'not-ready':
            throw refusal('WRONG_STATE', `The case has no result to return yet (status ${outcome.status}).`);
          case 'before-ready':
            throw Problem.validation([{ path: 'at', message: `must not be before the results were ready (${outcome.readyAt})` }]);
        }
      },
    ),
    route(
      {
        method: 'get',
        path: '/v1/statistics/returns',
        operationId: 'getReturnStatistics',
        tag: 'Statistics',
        summary: 'Results returned on time and late, and results awaiting return, per office (trả kết quả đúng hạn / quá hạn)',
        description:
          'The on-time measure of a case runs to the return of its result (the fourth step), not to the agency’s answer: `returnedOnTime` were returned no later than the appointment in force, `returnedLate` after it; `awaitingReturn` have their results ready but are not yet returned (of which `awaitingReturnPastAppointment` are already past the appointment).',
        access: ['desk', 'operator', 'admin'],
        roleNote: 'A desk sees its own office only.',
        needs: ['database'],
        query: z.strictObject({ office: officeCodeSchema.optional().meta({ description: 'One office (a desk: only its own).' }) }),
        responses: {
          200: {
            description: 'Counts per office.',
            json: z.object({
              items: z.array(
                z.object({
                  officeCode: z.string(),
                  returned: z.number().int(),
                  returnedOnTime: z.number().int(),
                  returnedLate: z.number().int(),
                  awaitingReturn: z.number().int(),
                  awaitingReturnPastAppointment: z.number().int(),
                }),
              ),
            }),
          },
          403: { description: 'A desk asked for another office.' },
        },
      },
      async ({ principal: p, query }) => {
        if (p.role === 'desk' && query.office && query.office !== p.officeCode) throw new Problem(403, 'Forbidden', 'A desk sees only its own office.');
        const office = p.role === 'desk' ? p.officeCode! : query.office;
        return { status: 200, json: { items: await returnCounts(deps.db, office, deps.now()) } };
      },
    ),
  ];
}
