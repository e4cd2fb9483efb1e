import { useEffect, useState } from 'preact/hooks';
import { api, type Catalogue } from './server';

/**
 * The catalogues already asked for, by version (`''`: the one in force today): every screen that
 * needs one shares the request instead of asking again on each mount. A failed request is dropped,
 * so the next screen asks again.
 */
const cache = new Map<string, Promise<Catalogue>>();

function loadCatalogue(version: string | undefined): Promise<Catalogue> {
  const key = version ?? '';
  let pending = cache.get(key);
  if (!pending) {
    pending = api<Catalogue>('GET', '/v1/catalogue', { query: { version } });
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/** The catalogue in force today, or the version a case pinned; `null`: not yet known (or not needed), nothing is asked. */
export function useCatalogue(version?: string | null): { catalogue?: Catalogue; error?: unknown } {
  const [state, setState] = useState<{ catalogue?: Catalogue; error?: unknown }>({});
  useEffect(() => {
    if (version === null) return;
    loadCatalogue(version).then(
      (catalogue) => setState({ catalogue }),
      (error: unknown) => setState({ error }),
    );
  }, [version]);
  return state;
}
