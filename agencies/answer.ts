/** Agency → engine calls: POST with bounded exponential backoff on transient failures. */

export interface RetryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  requestTimeoutMs: number;
}

export type AnswerOutcome =
  | { ok: true; status: number; attempts: number }
  /** `status` is absent when the last attempt never got a response (network error, timeout). */
  | { ok: false; final: boolean; status?: number; attempts: number; error?: string }
  | { ok: false; aborted: true; attempts: number };

export interface AnswerCall {
  url: string;
  apiKey: string;
  idempotencyKey: string;
  body: unknown;
}

export interface AnswerDeps {
  fetch: typeof fetch;
  /** Resolves after `ms`, or rejects when `signal` aborts (so stop() ends a backoff at once). */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called before every attempt; false stops sending (the record was cancelled meanwhile). */
  stillWanted: () => boolean;
  onRetry: (attempt: number, reason: string, waitMs: number) => void;
}

/** 429 and 5xx are the engine saying "later"; any other 4xx will not change on retry. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export function backoffMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** (attempt - 1));
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function sendAnswer(call: AnswerCall, policy: RetryPolicy, deps: AnswerDeps, signal: AbortSignal): Promise<AnswerOutcome> {
  let last: { status?: number; error?: string } = {};
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (signal.aborted || !deps.stillWanted()) return { ok: false, aborted: true, attempts: attempt - 1 };
    try {
      const res = await deps.fetch(call.url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${call.apiKey}`,
          'Content-Type': 'application/json',
          // Lets an engine that honours it drop a repeat whose first try did land.
          'Idempotency-Key': call.idempotencyKey,
        },
        body: JSON.stringify(call.body),
        signal: AbortSignal.any([signal, AbortSignal.timeout(policy.requestTimeoutMs)]),
      });
      // Drain the body so the connection is reused.
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, status: res.status, attempts: attempt };
      if (!isTransientStatus(res.status)) return { ok: false, final: true, status: res.status, attempts: attempt };
      last = { status: res.status };
    } catch (err) {
      if (signal.aborted) return { ok: false, aborted: true, attempts: attempt };
      last = { error: err instanceof Error ? err.message : String(err) };
    }
    if (attempt === policy.maxAttempts) break;
    const wait = backoffMs(attempt, policy);
    deps.onRetry(attempt, last.status !== undefined ? `HTTP ${last.status}` : (last.error ?? 'error'), wait);
    try {
      await deps.sleep(wait, signal);
    } catch {
      return { ok: false, aborted: true, attempts: attempt };
    }
  }
  return { ok: false, final: false, attempts: policy.maxAttempts, ...last };
}
