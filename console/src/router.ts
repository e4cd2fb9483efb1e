import { useEffect, useState } from 'preact/hooks';

// Client routes under /console/ (the API answers index.html for each, so a reload or a shared link
// opens the same screen). History API only; no router library for a dozen screens.

export const BASE = '/console';
const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const l of listeners) l();
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  for (const l of listeners) l();
});

export interface Location {
  /** The path below /console, e.g. `/cases/001…`. */
  path: string;
  query: URLSearchParams;
}

const current = (): Location => ({ path: location.pathname.slice(BASE.length).replace(/\/+$/, '') || '/', query: new URLSearchParams(location.search) });

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const l = () => setLoc(current());
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return loc;
}

/** A path pattern such as `/cases/:code` against a path: the parameters, or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_m, n: string) => (names.push(n), '([^/]+)'))}$`);
  const m = re.exec(path);
  if (!m) return undefined;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
}

/** A link inside the console: navigates without reloading (modified clicks open normally). */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.currentTarget as HTMLAnchorElement | null) ?? undefined;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target) return;
  e.preventDefault();
  navigate(a.getAttribute('href')!);
}
