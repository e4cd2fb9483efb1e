import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { Route, route } from '../http/route';
import { healthSchema } from '../schemas';

/** Health and the API's own description; no key needed. */
export function serviceRoutes(deps: ApiDeps, document: () => unknown): Route[] {
  return [
    route(
      {
        method: 'get',
        path: '/healthz',
        operationId: 'health',
        tag: 'Service',
        summary: 'Liveness, and each dependency as last checked',
        description: 'Answers 200 while the API runs (liveness). `ready` is false while PostgreSQL or Temporal is unreachable (checked every 2 s); `GET /readyz` answers that as a status code.',
        access: 'public',
        responses: { 200: { description: 'The API runs; the dependencies as last checked.', json: healthSchema } },
      },
      async () => ({ status: 200, json: deps.health.report() }),
    ),
    route(
      {
        method: 'get',
        path: '/readyz',
        operationId: 'ready',
        tag: 'Service',
        summary: 'Readiness: 200 when every dependency answers, 503 otherwise',
        description: 'For load balancers: send traffic only while this answers 200.',
        access: 'public',
        responses: { 200: { description: 'Ready.', json: healthSchema }, 503: { description: 'Not ready.', json: healthSchema } },
      },
      async () => {
        const report = deps.health.report();
        return report.ready ? { status: 200, json: report } : { status: 503, json: report, headers: { 'Retry-After': '5' } };
      },
    ),
    route(
      {
        method: 'get',
        path: '/openapi.json',
        operationId: 'openApiDocument',
        tag: 'Service',
        summary: 'This OpenAPI 3.1 document',
        description: 'Describes every endpoint of the API; generated from the same zod declarations the API validates with.',
        access: 'public',
        responses: { 200: { description: 'The OpenAPI document.', json: z.record(z.string(), z.unknown()) } },
      },
      async () => ({ status: 200, json: document() }),
    ),
  ];
}
