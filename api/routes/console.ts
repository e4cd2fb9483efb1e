import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { Route, route } from '../http/route';

export const DEFAULT_TEMPORAL_UI_URL = 'http://127.0.0.1:8233';

const consoleConfigSchema = z
  .object({
    temporalUiUrl: z.string().meta({ description: 'The Temporal Web UI (TEMPORAL_UI_URL); a case is `<temporalUiUrl>/namespaces/<namespace>/workflows/<case code>`.' }),
    namespace: z.string().meta({ description: 'The Temporal namespace the cases run in.' }),
  })
  .meta({ id: 'ConsoleConfig' });

/** What the console needs to know about this deployment before anyone signs in (nothing secret). */
export function consoleRoutes(deps: ApiDeps): Route[] {
  return [
    route(
      {
        method: 'get',
        path: '/console/config.json',
        operationId: 'consoleConfig',
        tag: 'Service',
        summary: 'The console’s settings: where the Temporal Web UI is',
        description: 'Public: the operator’s view links each case to its workflow in the Temporal Web UI.',
        access: 'public',
        responses: { 200: { description: 'The settings.', json: consoleConfigSchema } },
      },
      async () => ({
        status: 200,
        json: { temporalUiUrl: (deps.consoleUi?.temporalUiUrl ?? DEFAULT_TEMPORAL_UI_URL).replace(/\/+$/, ''), namespace: deps.temporal.options.namespace },
        headers: { 'Cache-Control': 'no-store' },
      }),
    ),
  ];
}
