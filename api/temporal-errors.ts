import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

// gRPC status codes: 14 UNAVAILABLE (server down or restarting), 4 DEADLINE_EXCEEDED (no answer in time).
const TRANSIENT_GRPC = new Set([4, 14]);

/** Temporal could not be reached, or did not answer in time: the call may succeed later (503). */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    const code = (e as { code?: unknown }).code;
    if ((e instanceof ServiceError || (e as Error).name === 'ServiceError' || typeof (e as { details?: unknown }).details === 'string') && typeof code === 'number' && TRANSIENT_GRPC.has(code)) return true;
    if (e instanceof ServiceError && /UNAVAILABLE|DEADLINE_EXCEEDED|Connection refused|failed to connect/i.test((e as Error).message)) return true;
  }
  return false;
}
