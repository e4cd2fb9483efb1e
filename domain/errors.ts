/** Why a caller's action on a case was refused; the API maps each code to an HTTP status. */
/**
 * `CASE_NOT_FOUND` answers both "no such case" and "a case this caller may not see" (another
 * office's, or one where none of the agency's steps was handed to it yet), so codes cannot be probed.
 * `IDEMPOTENCY_KEY_REUSED`: the Idempotency-Key was used on this case for a different request.
 */
export const REFUSAL_CODES = ['CASE_NOT_FOUND', 'UNKNOWN_STEP', 'NOT_YOUR_STEP', 'WRONG_STATE', 'CASE_CLOSED', 'INVALID_PAYLOAD', 'IDEMPOTENCY_KEY_REUSED'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface RefusalIssue {
  path: string;
  message: string;
}

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
