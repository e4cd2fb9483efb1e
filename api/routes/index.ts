import { buildOpenApiDocument } from '../http/openapi';
import type { Route } from '../http/route';
import type { ApiDeps } from '../deps';
import { calendarRoutes } from './calendar';
import { caseRoutes } from './cases';
import { codecRoutes } from './codec';
import { deadlineRoutes } from './deadlines';
import { formRoutes } from './forms';
import { operationRoutes } from './operations';
import { peopleRoutes, sessionRoutes } from './people';
import { referenceRoutes } from './reference';
import { serviceRoutes } from './service';
import { stepRoutes } from './steps';

export const API_VERSION = '0.2.0';

/** Every route of the API: the public service routes, the console's session routes, the /v1 routes behind an API key or a session, and the codec server. */
export function apiRoutes(deps: ApiDeps): { service: Route[]; session: Route[]; v1: Route[]; codec: Route[] } {
  const codec = codecRoutes(deps);
  return {
    service: serviceRoutes(deps, openApiDocument),
    session: sessionRoutes(deps),
    v1: [...caseRoutes(deps), ...deadlineRoutes(deps), ...stepRoutes(deps), ...operationRoutes(deps), ...referenceRoutes(deps), ...formRoutes(deps), ...calendarRoutes(deps), ...codec.v1, ...peopleRoutes(deps)],
    codec: codec.codec,
  };
}

let cached: unknown;

/** The OpenAPI 3.1 document of every route; built once (the declarations are static), handlers never run. */
export function openApiDocument(): unknown {
  if (!cached) {
    const { service, session, v1, codec } = apiRoutes(undefined as unknown as ApiDeps);
    cached = buildOpenApiDocument([...service, ...session, ...v1, ...codec], API_VERSION);
  }
  return cached;
}
