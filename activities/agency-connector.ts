import type { z } from 'zod';
import { dispatchKey, DispatchReceipt, dispatchReceiptSchema, DispatchStatus, dispatchStatusPath, dispatchStatusSchema } from '../domain/agency-contract';
import type { AgencyEndpoint } from '../platform/config';
import { getJson, postJson, PostedResponse } from '../platform/http-client';
import { duplicateKeys } from '../platform/json-text';

/**
 * Why a call to an agency failed. `unreachable`: no answer (network error, timeout, abort);
 * `http`: a status the contract does not expect; `contract`: a 2xx whose body breaks the
 * contract (domain/agency-contract.ts).
 */
export type AgencyFailureKind = 'unreachable' | 'http' | 'contract';

/** Messages name the kind, the agency and the status only: response bodies may carry personal data. */
export class AgencyCallError extends Error {
  constructor(
    readonly kind: AgencyFailureKind,
    readonly agencyCode: string,
    readonly status: number | undefined,
    /** unreachable only: the network error's code or name (e.g. ECONNREFUSED, TimeoutError). */
    reason?: string,
  ) {
    super(
      kind === 'unreachable'
        ? `agency ${agencyCode} unreachable${reason ? ` (${reason})` : ''}`
        : kind === 'http'
          ? `agency ${agencyCode} answered HTTP ${status}`
          : `agency ${agencyCode} broke the contract: HTTP ${status} with a body that does not follow it`,
    );
    this.name = 'AgencyCallError';
  }
}

/** Statuses that say "later": the same request may succeed when repeated. */
const TRANSIENT_4XX = new Set([408, 425, 429]);

/**
 * True when repeating the same call cannot help: a 4xx other than 408/425/429 (refused, not
 * found, unauthorised — a configuration or contract problem an operator must fix), or a body that
 * breaks the contract. Network errors, timeouts, 5xx and 408/425/429 are transient.
 */
export function isPermanentAgencyFailure(err: unknown): boolean {
  if (!(err instanceof AgencyCallError)) return false;
  if (err.kind === 'contract') return true;
  const status = err.status ?? 0;
  return err.kind === 'http' && status >= 400 && status < 500 && !TRANSIENT_4XX.has(status);
}

function urlOf(endpoint: AgencyEndpoint, path: string): string {
  return `${endpoint.baseUrl.replace(/\/+$/, '')}${path}`;
}

const authorization = (endpoint: AgencyEndpoint): Record<string, string> => (endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {});

/** Gives up at the endpoint's own timeout, or when `cancelled` aborts (the workflow withdrew the step). */
async function call(agencyCode: string, endpoint: AgencyEndpoint, send: (signal: AbortSignal) => Promise<PostedResponse>, cancelled?: AbortSignal): Promise<PostedResponse> {
  const timeout = AbortSignal.timeout(endpoint.timeoutMs);
  try {
    return await send(cancelled ? AbortSignal.any([cancelled, timeout]) : timeout);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // An abort rejects with the signal's reason: name the timeout rather than a generic AbortError.
    const reason = timeout.aborted && !cancelled?.aborted ? 'TimeoutError' : (e?.code ?? e?.name);
    throw new AgencyCallError('unreachable', agencyCode, undefined, reason);
  }
}

/** The body parsed and checked against `schema`, or a `contract` failure (which never quotes the body). */
function parseBody<T>(agencyCode: string, res: PostedResponse, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    throw new AgencyCallError('contract', agencyCode, res.status);
  }
  // A field given twice is ambiguous, and a text nested deeper than any answer needs would break
  // the walks over it (the payload converter's JSON.stringify overflows at a few thousand levels).
  const shape = duplicateKeys(res.text);
  if (shape.paths.length || shape.tooDeepAt !== undefined) throw new AgencyCallError('contract', agencyCode, res.status);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AgencyCallError('contract', agencyCode, res.status);
  return parsed.data;
}

/** POSTs to an agency's system; any failure throws an AgencyCallError (isPermanentAgencyFailure says whether retrying can help). */
async function post(agencyCode: string, endpoint: AgencyEndpoint, path: string, idempotencyKey: string, body: unknown, cancelled?: AbortSignal) {
  const headers = { 'idempotency-key': idempotencyKey, ...authorization(endpoint) };
  const res = await call(agencyCode, endpoint, (signal) => postJson(urlOf(endpoint, path), headers, JSON.stringify(body), signal), cancelled);
  if (!res.ok) throw new AgencyCallError('http', agencyCode, res.status);
  return res;
}

/** A reminder or a cancellation: any 2xx acknowledges it. */
export async function postToAgency(agencyCode: string, endpoint: AgencyEndpoint, path: string, idempotencyKey: string, body: unknown, cancelled?: AbortSignal): Promise<void> {
  await post(agencyCode, endpoint, path, idempotencyKey, body, cancelled);
}

/** A dispatch (`POST /v1/dispatches`): acknowledged only by a 2xx whose body is a dispatch receipt, which is returned. */
export async function dispatchToAgency(agencyCode: string, endpoint: AgencyEndpoint, idempotencyKey: string, body: unknown, cancelled?: AbortSignal): Promise<DispatchReceipt> {
  return parseBody(agencyCode, await post(agencyCode, endpoint, '/v1/dispatches', idempotencyKey, body, cancelled), dispatchReceiptSchema);
}

/**
 * Asks an agency's system for the status of one dispatch (`GET /v1/dispatches/{key}`): the
 * status, or undefined when the agency does not know the key (404). A 2xx whose body breaks the
 * contract, or describes another dispatch than `idempotencyKey` names (the engine's keys are
 * dispatchKey()), or another agency, is a `contract` failure: its answer must not reach a case.
 */
export async function fetchDispatchStatus(agencyCode: string, endpoint: AgencyEndpoint, idempotencyKey: string, signal?: AbortSignal): Promise<DispatchStatus | undefined> {
  const res = await call(agencyCode, endpoint, (s) => getJson(urlOf(endpoint, dispatchStatusPath(idempotencyKey)), authorization(endpoint), s), signal);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new AgencyCallError('http', agencyCode, res.status);
  const status = parseBody(agencyCode, res, dispatchStatusSchema);
  if (status.agencyCode !== agencyCode || dispatchKey(status.caseCode, status.stepId, status.resubmission) !== idempotencyKey) {
    throw new AgencyCallError('contract', agencyCode, res.status);
  }
  return status;
}
