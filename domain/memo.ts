// Values built once per process and then shared: zod schemas and other tables that hold no state
// of their own. The worker preloads this module into its reusable workflow context
// (worker/bundle.ts), so the map outlives each workflow's own copy of the other modules: one
// workflow builds the schemas, the others reuse them instead of building them again on every case.
// Only put here what is pure and never mutated after it is built.

const built = new Map<string, unknown>();

/** The value built under `key`, building it the first time. */
export function once<T>(key: string, build: () => T): T {
  if (!built.has(key)) built.set(key, build());
  return built.get(key) as T;
}
