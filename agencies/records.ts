import type { Answer } from '../domain';

/**
 * What the simulators keep and answer with. The dispatch contract itself (what the engine sends,
 * what comes back) is domain/agency-contract.ts, shared with the engine's connector; this
 * module re-exports it so simulator code and tests import one place.
 */
export {
  AGENCY_ANSWER_MODES,
  ANSWERS,
  answerKey,
  answerPath,
  cancellationSchema,
  dispatchReceiptSchema,
  dispatchSchema,
  dispatchStatusPath,
  dispatchStatusSchema,
  reminderSchema,
  type AgencyAnswerMode,
  type Answer,
  type CancellationReceipt,
  type CancellationRequest,
  type DispatchAnswer,
  type DispatchReceipt,
  type DispatchRequest,
  type DispatchStatus,
  type ReminderRequest,
} from '../domain';

export const RECORD_STATES = ['recorded', 'answered', 'cancelled', 'answer-failed'] as const;
export type RecordState = (typeof RECORD_STATES)[number];

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
  /** The answer chosen (auto mode), set once it is sent, has finally failed, or (poll mode) waits to be fetched. */
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
