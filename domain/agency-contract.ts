import { z } from 'zod';
import type { LedgerEvent } from './ledger';
import { once } from './memo';
import { rejectionSchema, SupplementSubmission, supplementRequestSchema } from './results';
import { codeText, lineText, multilineText } from './text';

// The engine ↔ agency-system contract, in one module that the engine's connector (activities/)
// and the simulators (agencies/) both import. agencies/README.md documents it for vendors.
//
// Engine → agency: POST /v1/dispatches, /v1/reminders and /v1/cancellations, each with an
// Idempotency-Key (the keys below), answered 2xx with a receipt; GET /v1/dispatches/{key}, the
// status of one dispatch and the agency's answer, if any. Agency → engine: the answers
// complete / reject / request-supplement through the engine's API, whose bodies are the schemas
// of domain/results.ts (resultSchemaFor, rejectionSchema, supplementRequestSchema).
//
// Objects are not strict: the engine may add fields without breaking agency systems, which ignore them.

const code = codeText(80);
const jsonObject = z.record(z.string(), z.unknown());
const instant = z.iso.datetime({ offset: true });

export const dispatchSchema = z.object({
  caseCode: code,
  stepId: code,
  procedure: code,
  agencyCode: code,
  dueAt: instant,
  /** 0 for the first dispatch, n for the n-th dispatch after a supplement. */
  resubmission: z.number().int().min(0).max(100),
  /** Personal data: never logged, never kept by the simulator. */
  dossier: z.object({ applicant: jsonObject, subject: jsonObject }),
  /** Forwarded results of the steps this one depends on, by step id. */
  upstreamResults: z.record(z.string(), jsonObject),
  supplement: z
    .object({
      documents: z.array(z.object({ item: codeText(40), reference: lineText({ min: 1, max: 200 }) })).min(1),
      note: multilineText({ max: 2000 }).optional(),
    })
    .optional(),
});
export type DispatchRequest = z.infer<typeof dispatchSchema>;

/**
 * What the case workflow hands to the connector: the dispatch without the dossier, which the
 * connector reads from the ledger, and the hand-over event it writes to the ledger once the agency
 * acknowledged (absent for cases started before acknowledged dispatch).
 */
export type DispatchOrder = Omit<DispatchRequest, 'dossier' | 'supplement'> & {
  supplement?: SupplementSubmission;
  handOver?: Omit<LedgerEvent, 'at'>;
  /** `linkedCase`: a failure for good (refused, contract broken, no endpoint) fails the dispatch at once, so the step needs an operator. */
  escalate?: boolean;
};

/** What the connector answers the workflow: when the agency acknowledged, and how it answers (its endpoint's configuration). */
export interface DispatchAcknowledgement {
  acknowledgedAt: string;
  answers?: { mode: 'callback' | 'poll'; pollEveryMs?: number };
}

/** The agency's acknowledgement of a dispatch (HTTP 2xx). */
export const dispatchReceiptSchema = z.object({
  receiptId: z.string().min(1).max(200),
  /** True when the Idempotency-Key was seen before: nothing new was recorded. */
  duplicate: z.boolean(),
});
export type DispatchReceipt = z.infer<typeof dispatchReceiptSchema>;

export const cancellationSchema = z.object({
  caseCode: code,
  stepId: code,
  agencyCode: code,
  reason: multilineText({ min: 1, max: 2000 }),
});
export type CancellationRequest = z.infer<typeof cancellationSchema>;

export interface CancellationReceipt {
  /** Records newly cancelled by this call (0 on a repeat). */
  cancelled: number;
}

/** A reminder that a step is due soon; repeated reminders with one Idempotency-Key count once. */
export const reminderSchema = z.object({
  caseCode: code,
  stepId: code,
  agencyCode: code,
  dueAt: instant,
});
export type ReminderRequest = z.infer<typeof reminderSchema>;

/** What the workflow hands to the connector for a reminder: the body plus which period of the step it is for. */
export type ReminderOrder = ReminderRequest & { resubmission?: number };

/** The agency's answers, each a POST to the engine's API. */
export const ANSWERS = ['complete', 'reject', 'request-supplement'] as const;
export type Answer = (typeof ANSWERS)[number];

/** Idempotency key an agency receives with a dispatch; stable across retries, new for each resubmission. */
export const dispatchKey = (caseCode: string, stepId: string, resubmission: number): string =>
  resubmission === 0 ? `${caseCode}:${stepId}` : `${caseCode}:${stepId}:resubmission-${resubmission}`;
export const reminderKey = (caseCode: string, stepId: string, resubmission: number): string => `${dispatchKey(caseCode, stepId, resubmission)}:reminder`;
export const cancellationKey = (caseCode: string, stepId: string): string => `${caseCode}:${stepId}:cancel`;
/** The key an agency system should send with its answer: retrying it is then harmless. */
export const answerKey = (dispatchIdempotencyKey: string, answer: Answer): string => `${dispatchIdempotencyKey}:${answer}`;
/** Where an agency sends an answer, relative to the engine's base URL. */
export const answerPath = (caseCode: string, stepId: string, answer: Answer): string =>
  `/v1/cases/${encodeURIComponent(caseCode)}/steps/${encodeURIComponent(stepId)}/${answer}`;

/**
 * How an agency's answers reach the engine: `callback` — the agency POSTs each answer to the
 * engine's API; `poll` — the engine asks GET /v1/dispatches/{key} until the answer is there.
 */
export const AGENCY_ANSWER_MODES = ['callback', 'poll'] as const;
export type AgencyAnswerMode = (typeof AGENCY_ANSWER_MODES)[number];

/** The states of a dispatch as its agency reports it. */
export const DISPATCH_STATES = ['recorded', 'answered', 'cancelled'] as const;
export type DispatchState = (typeof DISPATCH_STATES)[number];

// Built once per process (domain/memo.ts): workflows import this module, and building zod schemas is costly.
const statusSchemas = once('domain/agency-contract/status', () => {
  /** `body` is exactly what the agency POSTs to the engine for that answer (answerPath). */
  const answer = z.discriminatedUnion('action', [
    // The result's shape depends on the procedure's resultKind: the workflow checks it, as it does a POSTed one.
    z.object({ action: z.literal('complete'), body: z.strictObject({ result: jsonObject }) }),
    z.object({ action: z.literal('reject'), body: rejectionSchema }),
    z.object({ action: z.literal('request-supplement'), body: supplementRequestSchema }),
  ]);
  const status = z
    .object({
      caseCode: code,
      stepId: code,
      agencyCode: code,
      resubmission: z.number().int().min(0).max(100),
      state: z.enum(DISPATCH_STATES),
      answer: answer.optional(),
    })
    .superRefine((s, ctx) => {
      if (s.state === 'answered' && !s.answer) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'required when state is answered' });
      if (s.state !== 'answered' && s.answer) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'only when state is answered' });
    });
  return { answer, status };
});

/**
 * The answer to `GET /v1/dispatches/{idempotencyKey}` (same bearer token as the other calls;
 * 404 problem+json for a key the agency never received). `recorded`: received, not yet answered;
 * `answered`: the agency decided, and `answer` holds the body it POSTs (or POSTed) to the engine —
 * also when that POST never arrived, which is how the engine recovers an answer lost in an
 * outage; `cancelled`: the engine cancelled the step before it was answered. The engine asks it
 * every `pollSeconds` of an endpoint configured `answers: "poll"`, and may ask any agency.
 */
export const dispatchStatusSchema = statusSchemas.status;
export type DispatchStatus = z.infer<typeof dispatchStatusSchema>;
export type DispatchAnswer = z.infer<typeof statusSchemas.answer>;

/** Where the engine asks for a dispatch's status, relative to the agency system's base URL. */
export const dispatchStatusPath = (idempotencyKey: string): string => `/v1/dispatches/${encodeURIComponent(idempotencyKey)}`;
