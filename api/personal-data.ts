import { HIDDEN_PERSONAL_VALUE, isPersonalResultField } from '../domain';

/**
 * A copy of `value` in which every personal result field (domain/results.ts), at any depth, reads
 * HIDDEN_PERSONAL_VALUE: what operators see of results, in the API and in decoded payloads.
 */
export function hidePersonalFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hidePersonalFields);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isPersonalResultField(k) && v !== null && v !== undefined ? HIDDEN_PERSONAL_VALUE : hidePersonalFields(v)]));
}
