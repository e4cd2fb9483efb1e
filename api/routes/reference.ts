import { Router } from 'express';
import { CATALOGUE_VERSIONS, catalogueInForceOn, getCatalogue, localDateOf } from '../../domain';
import { agencyTasks } from '../../prisma/cases-read';
import { principalOf } from '../auth';
import type { ApiDeps } from '../deps';
import { Problem } from '../problem';

export function referenceRouter(deps: ApiDeps): Router {
  const r = Router();

  /** The catalogue in force today, or `?version=` for the one a case pinned. */
  r.get('/v1/catalogue', (req, res) => {
    const version = typeof req.query.version === 'string' ? req.query.version : undefined;
    if (version && !CATALOGUE_VERSIONS.some((c) => c.version === version)) {
      throw Problem.validation([{ path: 'version', message: `unknown; known: ${CATALOGUE_VERSIONS.map((c) => c.version).join(', ')}` }]);
    }
    const catalogue = version ? getCatalogue(version) : catalogueInForceOn(localDateOf(deps.now()));
    res.json({ ...catalogue, versions: CATALOGUE_VERSIONS.map((c) => ({ version: c.version, effectiveFrom: c.effectiveFrom })) });
  });

  r.get('/v1/agencies/:agencyCode/tasks', async (req, res) => {
    const p = principalOf(req);
    const { agencyCode } = req.params;
    if (!(p.role === 'operator' || (p.role === 'agency' && p.agencyCode === agencyCode))) {
      throw new Problem(403, 'Forbidden', 'An agency sees only its own tasks.');
    }
    res.json({ agencyCode, items: await agencyTasks(deps.db, agencyCode) });
  });

  return r;
}
