import { z } from 'zod';
import { findGroup, findOffice, findProcedure, getCatalogue } from '../../domain';
import { explainCaseDeadlines } from '../../domain/case/deadlines';
import { listCalendarOverrides } from '../../prisma/calendar';
import { readableCase } from '../case-resource';
import type { ApiDeps } from '../deps';
import { Route, route } from '../http/route';
import { caseCodeParams, caseCodeSchema, deadlineExplanationSchema, instant } from '../schemas';

// Why each date of a case is what it is: the appointment and every step's due date, recomputed
// from what the ledger stored with the deadline function, each with its explanation.

const localized = z.object({ vi: z.string(), en: z.string() });

const stepDeadlineSchema = z.object({
  stepId: z.string(),
  procedure: z.string(),
  agencyCode: z.string(),
  status: z.string(),
  resubmission: z.number().int().meta({ description: 'After n supplements the limit restarted n times; the explanation is of the current period.' }),
  storedDueAt: instant.nullable().meta({ description: 'The due date the ledger stores (null before the step is handed over).' }),
  clockStart: instant.nullable(),
  clockStartBasis: z
    .enum(['receipt', 'supplement-received', 'dependencies-completed', 'handed-over'])
    .nullable()
    .meta({ description: 'Where the clock start was read: the receipt, the supplement, the completion of the steps it waited for, or its hand-over.' }),
  explanation: deadlineExplanationSchema.nullable(),
  matchesStored: z.boolean().nullable().meta({ description: '`false`: the recomputed date differs from the stored one (see `note`); the stored one is in force.' }),
  note: localized.nullable(),
});

const deadlinesSchema = z
  .object({
    caseCode: caseCodeSchema,
    appointment: z
      .object({
        storedAt: instant.meta({ description: 'The appointment in force.' }),
        originalAt: instant.meta({ description: 'The appointment on the receipt slip.' }),
        recomputedAt: instant,
        matchesOriginal: z.boolean(),
        path: z.array(z.object({ stepId: z.string(), explanation: deadlineExplanationSchema })).meta({ description: 'The chain of steps that ends at the appointment.' }),
        moves: z.array(z.object({ type: z.string(), at: instant, previousAppointmentAt: z.string().nullable(), newAppointmentAt: z.string().nullable(), reason: z.string().nullable() })),
        note: localized.nullable(),
      })
      .nullable()
      .meta({ description: 'Null for an agency key (it sees its own steps only).' }),
    steps: z.array(stepDeadlineSchema),
  })
  .meta({ id: 'CaseDeadlines' });

export function deadlineRoutes(deps: ApiDeps): Route[] {
  return [
    route(
      {
        method: 'get',
        path: '/v1/cases/{caseCode}/deadlines',
        operationId: 'getCaseDeadlines',
        tag: 'Cases',
        summary: 'Why each date of a case is what it is (hạn giải quyết, ngày hẹn trả kết quả)',
        description:
          'For the appointment on the receipt slip and each step’s due date: the explanation of the deadline function (the effective receipt day and the rule applied, each day off skipped with its reason and source, the limit’s source from the catalogue version the case pinned, the counting rule), recomputed from what the ledger stored — the receipt time, the step’s clock start (receipt, the supplement that restarted it, or the completion of the steps it waited for), its working days, the office’s hours and the calendar overrides stored now. `matchesStored` / `matchesOriginal` is false when the recomputed date differs, which happens when a calendar decision was entered after the date was set; the stored date stays in force. Moves of the appointment (supplement, apology) are listed with their reasons.',
        access: ['desk', 'agency', 'operator', 'admin'],
        roleNote: 'Who may read the case (GET /v1/cases/{caseCode}): the desk of the receiving office and an operator see every date; an agency, once a step of its was handed over, sees its own steps only.',
        needs: ['database'],
        params: caseCodeParams,
        responses: {
          200: { description: 'The dates and why.', json: deadlinesSchema },
          404: { description: 'No such case, or not visible to this key (the two look the same).' },
        },
      },
      async ({ principal: p, params }) => {
        const detail = await readableCase(deps.db, p, params.caseCode);
        const catalogue = getCatalogue(detail.catalogueVersion);
        const office = findOffice(catalogue, detail.receivingOffice);
        const group = findGroup(catalogue, detail.group);
        if (!office || !group) throw new Error('case does not match its catalogue version');
        // Not the cached list: an explanation should reflect a decision entered a moment ago.
        const overrides = await listCalendarOverrides(deps.db, { fromDate: detail.receivedAt.slice(0, 4) + '-01-01', officeCode: detail.receivingOffice });
        const limitOf = (code: string) => {
          const t = findProcedure(group, code)?.timeLimit;
          return t && { source: t.source, confirmed: t.confirmed };
        };
        const { appointment, steps } = explainCaseDeadlines(detail, { hours: office, overrides, limitOf });
        const own = p.role === 'agency' ? steps.filter((s) => s.agencyCode === p.agencyCode) : steps;
        return { status: 200, json: { caseCode: detail.caseCode, appointment: p.role === 'agency' ? null : appointment, steps: own } };
      },
    ),
  ];
}
