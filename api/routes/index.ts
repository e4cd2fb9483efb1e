import { buildOpenApiDocument } from '../http/openapi';
import type { Route } from '../http/route';
import type { ApiDeps } from '../deps';
import { calendarRoutes } from './calendar';
import { caseRoutes } from './cases';
import { codecRoutes } from './codec';
import { consoleRoutes } from './console';
import { deadlineRoutes } from './deadlines';
import { formRoutes } from './forms';
import { operationRoutes } from './operations';
import { peopleRoutes, sessionRoutes } from './people';
import { referenceRoutes } from './reference';
import { serviceRoutes } from './service';
import { statisticsRoutes } from './statistics';
import { stepRoutes } from './steps';
import { trackingRoutes } from './tracking';

export const API_VERSION = '0.2.0';

/** Every route of the API: the public service routes, the console's session routes, the /v1 routes behind an API key or a session, the codec server and the public tracking page. */
export function apiRoutes(deps: ApiDeps): { service: Route[]; session: Route[]; v1: Route[]; codec: Route[]; tracking: Route[] } {
  const codec = codecRoutes(deps);
  const tracking = trackingRoutes(deps);
  return {
    service: [...serviceRoutes(deps, openApiDocument), ...consoleRoutes(deps)],
    session: sessionRoutes(deps),
    v1: [...caseRoutes(deps), ...deadlineRoutes(deps), ...stepRoutes(deps), ...operationRoutes(deps), ...referenceRoutes(deps), ...formRoutes(deps), ...calendarRoutes(deps), ...statisticsRoutes(deps), ...codec.v1, ...tracking.v1, ...peopleRoutes(deps)],
    codec: codec.codec,
    tracking: tracking.public,
  };
}

let cached: unknown;

/** The OpenAPI 3.1 document of every route; built once (the declarations are static), handlers never run. */
export function openApiDocument(): unknown {
  if (!cached) {
    const { service, session, v1, codec, tracking } = apiRoutes(undefined as unknown as ApiDeps);
    cached = buildOpenApiDocument([...service, ...session, ...v1, ...codec, ...tracking], API_VERSION);
  }
  return cached;
}
