import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { RefusalCode } from '../domain';
import { Problem } from './problem';

const STATUS_BY_REFUSAL: Record<RefusalCode, [number, string]> = {
  UNKNOWN_STEP: [404, 'Unknown step'],
  NOT_YOUR_STEP: [403, 'Not your step'],
  NOT_YOUR_CASE: [403, 'Not your case'],
  WRONG_STATE: [409, 'Wrong state'],
  CASE_CLOSED: [409, 'Case closed'],
  INVALID_PAYLOAD: [422, 'Validation failed'],
};

/** Runs a workflow Update and turns the workflow's refusal into the matching problem. */
export async function asProblem<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const code = err.cause.type as RefusalCode;
      const mapped = STATUS_BY_REFUSAL[code];
      if (mapped) {
        const issues = (err.cause.details?.[0] as { path: string; message: string }[] | undefined) ?? [];
        throw new Problem(mapped[0], mapped[1], err.cause.message, issues, undefined, { code });
      }
    }
    if (err instanceof WorkflowNotFoundError || /already completed/i.test((err as Error).message)) {
      throw new Problem(409, 'Case closed', 'The case is no longer open.', [], undefined, { code: 'CASE_CLOSED' });
    }
    throw err;
  }
}
