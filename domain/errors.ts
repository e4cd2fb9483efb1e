/** Why a caller's action on a case was refused; the API maps each code to an HTTP status. */
export const REFUSAL_CODES = ['UNKNOWN_STEP', 'NOT_YOUR_STEP', 'NOT_YOUR_CASE', 'WRONG_STATE', 'CASE_CLOSED', 'INVALID_PAYLOAD'] as const;
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
