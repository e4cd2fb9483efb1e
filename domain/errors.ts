import type { z } from 'zod';

/** Why a caller's action on a case was refused; the API maps each code to an HTTP status. */
/**
 * `CASE_NOT_FOUND` answers both "no such case" and "a case this caller may not see" (another
 * office's, or one where none of the agency's steps was handed to it yet), so codes cannot be probed.
 * `IDEMPOTENCY_KEY_REUSED`: the Idempotency-Key was used on this case for a different request.
 */
export const REFUSAL_CODES = ['CASE_NOT_FOUND', 'UNKNOWN_STEP', 'NOT_YOUR_STEP', 'WRONG_STATE', 'CASE_CLOSED', 'INVALID_PAYLOAD', 'IDEMPOTENCY_KEY_REUSED'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type RefusalIssue = FieldIssue;

export class ActionRefused extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly issues: RefusalIssue[] = [],
  ) {
    super(message);
    this.name = 'ActionRefused';
  }
}

/** One bad field of a request: where (`a.b[0].c`) and what is wrong. */
export interface FieldIssue {
  path: string;
  message: string;
}

export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** Zod issues as field issues; an unknown field is named by its own path rather than its parent's. */
export function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: issuePath([...prefix, ...i.path, key]), message: 'unknown field' }))
      : [{ path: issuePath([...prefix, ...i.path]), message: i.message }],
  );
}
