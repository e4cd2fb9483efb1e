import { z } from 'zod';

/**
 * The engine → agency-system dispatch contract (documented in agencies/README.md). The simulators
 * implement it; a real agency adapter in the engine sends exactly these requests.
 *
 * Objects are not strict: the engine may add fields without breaking agency systems, which ignore them.
 */
const code = z.string().trim().min(1).max(80);
const jsonObject = z.record(z.string(), z.unknown());

export const dispatchSchema = z.object({
  caseCode: code,
  stepId: code,
  procedure: code,
  agencyCode: code,
  dueAt: z.iso.datetime({ offset: true }),
  /** 0 for the first dispatch, n for the n-th dispatch after a supplement. */
  resubmission: z.number().int().min(0).max(100),
  /** Personal data: never logged, never kept by the simulator. */
  dossier: z.object({ applicant: jsonObject, subject: jsonObject }),
  /** Forwarded results of the steps this one depends on, by step id. */
  upstreamResults: z.record(z.string(), jsonObject),
  supplement: z
    .object({
      documents: z.array(z.object({ item: z.string().min(1).max(40), reference: z.string().min(1).max(200) })).min(1),
      note: z.string().max(2000).optional(),
    })
    .optional(),
});
export type DispatchRequest = z.infer<typeof dispatchSchema>;

export interface DispatchReceipt {
  receiptId: string;
  /** True when the Idempotency-Key was seen before: nothing new was recorded. */
  duplicate: boolean;
}

export const cancellationSchema = z.object({
  caseCode: code,
  stepId: code,
  agencyCode: code,
  reason: z.string().trim().min(1).max(2000),
});
export type CancellationRequest = z.infer<typeof cancellationSchema>;

/** A reminder that a step is due soon; repeated reminders with one Idempotency-Key count once. */
export const reminderSchema = z.object({
  caseCode: code,
  stepId: code,
  agencyCode: code,
  dueAt: z.iso.datetime({ offset: true }),
});
export type ReminderRequest = z.infer<typeof reminderSchema>;

export interface CancellationReceipt {
  /** Records newly cancelled by this call (0 on a repeat). */
  cancelled: number;
}

export const RECORD_STATES = ['recorded', 'answered', 'cancelled', 'answer-failed'] as const;
export type RecordState = (typeof RECORD_STATES)[number];
export const ANSWERS = ['complete', 'reject', 'request-supplement'] as const;
export type Answer = (typeof ANSWERS)[number];

/** What the simulator keeps of a dispatch: routing facts only, no dossier. */
export interface SimulatorRecord {
  receiptId: string;
  idempotencyKey: string;
  caseCode: string;
  stepId: string;
  procedure: string;
  agencyCode: string;
  resubmission: number;
  dueAt: string;
  /** Results of earlier steps handed forward with the dispatch (document numbers and dates). */
  upstreamResults: Record<string, Record<string, unknown>>;
  /** How many times this dispatch was delivered (1 + repeats with the same Idempotency-Key). */
  deliveries: number;
  receivedAt: string;
  state: RecordState;
  /** The answer chosen (auto mode), set once it is sent or has finally failed. */
  answer?: Answer;
  /** Engine HTTP status of the last answer attempt, for diagnosing answer-failed. */
  answerStatus?: number;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}
