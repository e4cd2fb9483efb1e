import type { AgencyEndpoint } from '../platform/config';
import { postJson, PostedResponse } from '../platform/http-client';

export class AgencyCallError extends Error {
  constructor(
    readonly agencyCode: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'AgencyCallError';
  }
}

/**
 * POSTs to an agency's system, giving up at the endpoint's own timeout or when `cancelled` aborts
 * (the workflow withdrew the step). Any failure throws, and the activity's retry policy keeps
 * trying with backoff: a misconfigured endpoint stays visible to operators as a retrying activity
 * rather than silently dropping the step. Response bodies are not echoed (they may carry personal data).
 */
export async function postToAgency(agencyCode: string, endpoint: AgencyEndpoint, path: string, idempotencyKey: string, body: unknown, cancelled?: AbortSignal): Promise<void> {
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}${path}`;
  let res: PostedResponse;
  try {
    const timeout = AbortSignal.timeout(endpoint.timeoutMs);
    res = await postJson(
      url,
      { 'idempotency-key': idempotencyKey, ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}) },
      JSON.stringify(body),
      cancelled ? AbortSignal.any([cancelled, timeout]) : timeout,
    );
  } catch (err) {
    throw new AgencyCallError(agencyCode, undefined, `agency ${agencyCode} unreachable: ${(err as Error).name}`);
  }
  if (!res.ok) throw new AgencyCallError(agencyCode, res.status, `agency ${agencyCode} answered HTTP ${res.status}`);
}
