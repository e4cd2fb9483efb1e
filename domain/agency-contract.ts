import { z } from 'zod';
import type { LedgerEvent } from './ledger';
import { SupplementSubmission } from './results';
import { codeText, lineText, multilineText } from './text';

// The engine ↔ agency-system contract, in one module that the engine's connector (activities/)
// and the simulators (agencies/) both import. agencies/README.md documents it for vendors.
//
// Engine → agency: POST /v1/dispatches, /v1/reminders and /v1/cancellations, each with an
// Idempotency-Key (the keys below), answered 2xx with a receipt. Agency → engine: the answers
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
export type DispatchOrder = Omit<DispatchRequest, 'dossier' | 'supplement'> & { supplement?: SupplementSubmission; handOver?: Omit<LedgerEvent, 'at'> };

/** What the connector answers the workflow: when the agency acknowledged. */
export interface DispatchAcknowledgement {
  acknowledgedAt: string;
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
