import type { Payload, PayloadCodec } from '@temporalio/common';

// Payloads found anywhere in a Temporal message (a history, a describe answer), whatever its shape:
// what the tests inspect to show nothing readable is stored, and what keepHistory decodes.

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

function isPayload(v: unknown): v is Payload {
  if (!v || typeof v !== 'object' || isBytes(v) || Array.isArray(v)) return false;
  const p = v as { metadata?: unknown; data?: unknown };
  if (!p.metadata || typeof p.metadata !== 'object') return false;
  const values = Object.values(p.metadata);
  return values.length > 0 && values.every(isBytes) && (p.data === undefined || p.data === null || isBytes(p.data));
}

type Visit = (p: Payload, path: string[], replace: (q: Payload) => void) => void;

/** Calls `visit` with every payload in `root`, its path and the function that replaces it there. */
function walk(root: unknown, visit: Visit, path: string[] = [], seen = new Set<unknown>()): void {
  if (!root || typeof root !== 'object' || isBytes(root) || seen.has(root)) return;
  seen.add(root);
  for (const [key, value] of Object.entries(root)) {
    if (isPayload(value)) visit(value, [...path, key], (q) => ((root as Record<string, unknown>)[key] = q));
    else walk(value, visit, [...path, key], seen);
  }
}

export function collectPayloadsWithPaths(root: unknown): { payload: Payload; path: string[] }[] {
  const found: { payload: Payload; path: string[] }[] = [];
  walk(root, (payload, path) => found.push({ payload, path }));
  return found;
}

/** Decodes every payload of `root` in place (a history kept as a fixture stays readable without the run's keys). */
export async function decodeAllPayloads(root: unknown, codec: PayloadCodec): Promise<void> {
  const jobs: Promise<void>[] = [];
  walk(root, (p, _path, replace) => jobs.push(codec.decode([p]).then(([q]) => replace(q!))));
  await Promise.all(jobs);
}
