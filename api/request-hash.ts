import { createHash } from 'node:crypto';

/** Stable JSON (sorted keys) so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of a request's canonical form: what makes two requests with one Idempotency-Key "the same". */
export const requestHash = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');
