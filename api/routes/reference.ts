import { z } from 'zod';
import { CATALOGUE_VERSIONS, catalogueInForceOn, getCatalogue, isIsoDate, localDateOf } from '../../domain';
import { agencyTasks } from '../../prisma/cases-read';
import type { ApiDeps } from '../deps';
import { Route, route } from '../http/route';
import { Problem } from '../problem';
import { agencyCodeSchema, agencyTasksSchema, catalogueSchema } from '../schemas';

export function referenceRoutes(deps: ApiDeps): Route[] {
  return [
    route(
      {
        method: 'get',
        path: '/v1/catalogue',
        operationId: 'getCatalogue',
        tag: 'Reference',
        summary: 'The procedure catalogue (danh mục thủ tục hành chính liên thông)',
        description:
          'The version in force today; with `at` (YYYY-MM-DD) the version that applied to a dossier received that day, with the offices and agencies open then; with `version` the one a case pinned (with every office and agency ever known). Lists every version in `versions`.',
        access: ['desk', 'agency', 'operator', 'admin'],
        roleNote: 'Any key.',
        query: z.strictObject({
          version: z
            .enum(CATALOGUE_VERSIONS.map((c) => c.version) as [string, ...string[]])
            .optional()
            .meta({ description: 'A catalogue version; default the one in force today.' }),
          at: z
            .string()
            .refine(isIsoDate, 'must be a date YYYY-MM-DD')
            .refine((d) => !isIsoDate(d) || d >= CATALOGUE_VERSIONS[0]!.effectiveFrom, `no catalogue before ${CATALOGUE_VERSIONS[0]!.effectiveFrom}`)
            .optional()
            .meta({ description: 'A receipt date: which version (and which offices and agencies) applied that day.', format: 'date' }),
        }),
        responses: { 200: { description: 'The catalogue.', json: catalogueSchema } },
      },
      async ({ query }) => {
        if (query.version && query.at) throw Problem.validation([{ path: 'at', message: 'give either version or at, not both' }]);
        const catalogue = query.version ? getCatalogue(query.version) : catalogueInForceOn(query.at ?? localDateOf(deps.now()));
        return { status: 200, json: { ...catalogue, versions: CATALOGUE_VERSIONS.map((c) => ({ version: c.version, effectiveFrom: c.effectiveFrom })) } };
      },
    ),
    route(
      {
        method: 'get',
        path: '/v1/agencies/{agencyCode}/tasks',
        operationId: 'listAgencyTasks',
        tag: 'Steps',
        summary: "An agency's work queue: steps to act on or awaiting a supplement",
        description: 'Earliest due first. A step appears once its agency acknowledged it.',
        access: ['agency', 'operator', 'admin'],
        roleNote: 'An agency key reads only its own agency code.',
        needs: ['database'],
        params: z.object({ agencyCode: agencyCodeSchema }),
        responses: { 200: { description: 'The queue.', json: agencyTasksSchema }, 403: { description: 'An agency key asked for another agency, or a desk key.' } },
      },
      async ({ principal: p, params }) => {
        if (p.role === 'agency' && p.agencyCode !== params.agencyCode) throw new Problem(403, 'Forbidden', 'An agency sees only its own tasks.');
        return { status: 200, json: { agencyCode: params.agencyCode, items: await agencyTasks(deps.db, params.agencyCode) } };
      },
    ),
  ];
}
