import { findAgency } from '../catalogue';
import { ActionRefused } from '../errors';
import { party, type StepAttention } from '../ledger';
import type { Rejection, SupplementRequest } from '../results';
import { isFinalStep } from '../status';
import { noncharacterTexts } from '../text';
import { ClockedCaseMachine, type ClockSettings, reminderAt } from './clock';
import type { StepState } from './machine';

/** The longest wait between two asks of an agency that answers by callback but has not. */
const MAX_POLL_GAP_MS = 24 * 60 * 60_000;

/** An agency's answer as its own system reports it when asked (the status endpoint of the dispatch contract). */
export type PolledAnswer =
  | { action: 'complete'; body: { result: Record<string, unknown> } }
  | { action: 'reject'; body: Rejection }
  | { action: 'request-supplement'; body: SupplementRequest };

/** What the agency's system said about a dispatch: `undefined` when it does not know it at all. */
export type PolledStatus = { state: 'recorded' | 'cancelled' } | { state: 'answered'; answer: PolledAnswer } | undefined;

/** How an agency answers, from its endpoint's configuration (told by the connector with the acknowledgement). */
export interface AnswerMode {
  mode: 'callback' | 'poll';
  pollEveryMs?: number;
}

/**
 * The case as operators run it (the `linkedCase` workflow): a dispatch that fails for good makes
 * its step NEEDS_ATTENTION until an operator retries it or hands it to another agency of the same
 * role; a dispatched step whose answer does not come is asked for at the agency's system. Pure,
 * like the rest of the machine: the workflow feeds it failures, time and answers.
 */
export class OperatedCaseMachine extends ClockedCaseMachine {
  // ---- incidents ----

  /** The dispatch numbered `resubmission` failed for good: the step waits for an operator. */
  needsAttention(stepId: string, resubmission: number, why: Omit<StepAttention, 'at'>, now: Date): StepState | undefined {
    const step = this.step(stepId);
    if (!step || step.resubmission !== resubmission || step.status !== 'DISPATCHED' || !step.deliveryPending) return undefined;
    step.deliveryPending = false;
    step.pollAt = undefined;
    step.attention = { ...why, at: now.toISOString() };
    this.move(step, 'NEEDS_ATTENTION', now);
    this.emit('NEEDS_ATTENTION', now, step, party.engine, party.agency(step.agencyCode), party.operators, { ...why });
    return step;
  }

  validateRetry(stepId: string): StepState {
    const step = this.operableStep(stepId);
    if (step.status !== 'NEEDS_ATTENTION') throw new ActionRefused('WRONG_STATE', `step ${stepId} is ${step.status}; only a step that needs attention is retried`);
    return step;
  }

  /** The operator sends the step again to the same agency; its due date stands (the delay was not the applicant's). */
  retry(stepId: string, operatorKeyId: string, now: Date): StepState {
    const step = this.validateRetry(stepId);
    this.emit('DISPATCH_RETRIED', now, step, party.operator(operatorKeyId), party.operators, party.agency(step.agencyCode), { previousReason: step.attention?.reason });
    this.redeliver(step, now);
    return step;
  }

  /** Another agency of the same role, for a step that needs attention or whose agency has it without answering. */
  validateReassign(stepId: string, agencyCode: string, agencyRole?: string): StepState {
    const step = this.operableStep(stepId);
    if (step.status !== 'NEEDS_ATTENTION' && step.status !== 'DISPATCHED') {
      throw new ActionRefused('WRONG_STATE', `step ${stepId} is ${step.status}; only a step that needs attention or waits at its agency is reassigned`);
    }
    // Cases started with their agencies' roles in the input are checked with the role the API
    // resolved; older ones against the catalogue compiled into the workflow.
    const current = step.role ? { role: step.role } : findAgency(this.catalogue, step.agencyCode);
    const next = step.role ? (agencyRole ? { role: agencyRole } : undefined) : findAgency(this.catalogue, agencyCode);
    if (!next) throw new ActionRefused('INVALID_PAYLOAD', `no agency ${agencyCode} in the catalogue of this case`, [{ path: 'agencyCode', message: 'unknown agency' }]);
    if (agencyCode === step.agencyCode) throw new ActionRefused('INVALID_PAYLOAD', `step ${stepId} is already with ${agencyCode}`, [{ path: 'agencyCode', message: 'is the current agency' }]);
    if (current && next.role !== current.role) {
      throw new ActionRefused('INVALID_PAYLOAD', `${agencyCode} is a ${next.role} agency; step ${stepId} needs a ${current.role} agency`, [{ path: 'agencyCode', message: `must be an agency of role ${current.role}` }]);
    }
    return step;
  }

  /** Hands the step to another agency; returns the agency that had it, if it had received it (to be told it is withdrawn). */
  reassign(stepId: string, agencyCode: string, operatorKeyId: string, now: Date, agencyRole?: string): { step: StepState; releasedBy?: string } {
    const step = this.validateReassign(stepId, agencyCode, agencyRole);
    const previous = step.agencyCode;
    const hadIt = step.status === 'DISPATCHED';
    this.emit('REASSIGNED', now, step, party.operator(operatorKeyId), party.agency(previous), party.agency(agencyCode), { from: previous, to: agencyCode });
    step.agencyCode = agencyCode;
    this.redeliver(step, now);
    return { step, ...(hadIt ? { releasedBy: previous } : {}) };
  }

  private operableStep(stepId: string): StepState {
    if (this.isClosed) throw new ActionRefused('CASE_CLOSED', `the case is ${this.status}`);
    const step = this.step(stepId);
    if (!step) throw new ActionRefused('UNKNOWN_STEP', `the case has no step ${stepId}`);
    return step;
  }

  /** A new delivery of the same dispatch period: same resubmission, same due date, a new hand-over. */
  private redeliver(step: StepState, now: Date): void {
    if (step.status !== 'DISPATCHED') this.move(step, 'DISPATCHED', now);
    step.attention = undefined;
    step.dispatchedAt = now.toISOString();
    step.deliveryPending = true;
    step.deliveredAt = undefined;
    step.pollAt = undefined;
    step.polls = 0;
    this.reserveHandOver(step);
  }

  // ---- answers asked for ----

  /** The agency acknowledged the dispatch: from then on its answer is awaited, and asked for when late. */
  delivered(stepId: string, resubmission: number, at: Date, answers?: AnswerMode): void {
    const step = this.step(stepId);
    const fresh = step !== undefined && step.deliveryPending && step.resubmission === resubmission;
    this.markDelivered(stepId, resubmission, at);
    if (!fresh || step.status !== 'DISPATCHED' || !this.input.operations) return;
    step.answers = answers;
    step.polls = 0;
    step.pollAt = new Date(at.getTime() + this.pollGap(step)).toISOString();
  }

  /** Polling agencies are asked at their own pace; the others after the configured wait, then less and less often. */
  private pollGap(step: StepState): number {
    if (step.answers?.mode === 'poll' && step.answers.pollEveryMs) return step.answers.pollEveryMs;
    const first = this.input.operations?.answerPollAfterMs ?? MAX_POLL_GAP_MS;
    return Math.min(first * 2 ** (step.polls ?? 0), MAX_POLL_GAP_MS);
  }

  /** Steps whose agency is due to be asked for its answer at `now`; each is asked once, then rescheduled by `polled`. */
  duePolls(now: Date): StepState[] {
    const due = this.steps.filter((s) => s.status === 'DISPATCHED' && s.pollAt !== undefined && now.getTime() >= Date.parse(s.pollAt));
    for (const s of due) s.pollAt = undefined;
    return due;
  }

  /**
   * What the agency's system said. An answer is applied as if the agency had sent it (a refused
   * one makes the step need attention); a dispatch the agency does not know is to be delivered
   * again (returns true); otherwise the agency is asked again later.
   */
  polled(stepId: string, resubmission: number, status: PolledStatus, now: Date): { redeliver: boolean } {
    const step = this.step(stepId);
    if (!step || step.resubmission !== resubmission || step.status !== 'DISPATCHED') return { redeliver: false };
    if (status === undefined) {
      step.deliveryPending = true;
      return { redeliver: true };
    }
    if (status.state === 'answered') {
      try {
        const a = status.answer;
        const judged = this.input.operations;
        if (judged?.pollsJudgeText) {
          const issues = noncharacterTexts(a.body);
          if (issues.length) throw new ActionRefused('INVALID_PAYLOAD', "the agency's answer holds characters that are not text", issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
        }
        if (a.action === 'complete') {
          if (judged?.pollsJudgeDates) this.validateCompletion(stepId, step.agencyCode, a.body.result, now, judged.pollsJudgeReceipt === true);
          this.complete(stepId, step.agencyCode, a.body.result, now);
        }
        else if (a.action === 'reject') this.reject(stepId, step.agencyCode, a.body, now);
        else this.requestSupplement(stepId, step.agencyCode, a.body, now);
        return { redeliver: false };
      } catch (err) {
        if (!(err instanceof ActionRefused)) throw err;
        step.deliveryPending = true;
        this.needsAttention(stepId, resubmission, { reason: 'ANSWER_INVALID' }, now);
        return { redeliver: false };
      }
    }
    step.polls = (step.polls ?? 0) + 1;
    if (status.state === 'recorded') step.pollAt = new Date(now.getTime() + this.pollGap(step)).toISOString();
    return { redeliver: false };
  }

  // ---- the clock, with polls and steps waiting for an operator ----

  override nextClockAt(s: ClockSettings): number | undefined {
    const clock = super.nextClockAt(s);
    if (this.isClosed) return clock;
    const times = this.steps.flatMap((step) => [
      ...(step.status === 'DISPATCHED' && step.pollAt ? [Date.parse(step.pollAt)] : []),
      ...(step.status === 'NEEDS_ATTENTION' && step.dueAt && !step.isOverdue ? [Date.parse(step.dueAt)] : []),
    ]);
    return times.length ? Math.min(...times, ...(clock === undefined ? [] : [clock])) : clock;
  }

  override onClock(now: Date, s: ClockSettings): StepState[] {
    const remind = super.onClock(now, s);
    for (const step of this.steps.filter((x) => x.status === 'NEEDS_ATTENTION' && x.dueAt && !x.isOverdue && now.getTime() >= Date.parse(x.dueAt!))) {
      step.isOverdue = true;
      this.emit('OVERDUE', now, step, party.engine, party.agency(step.agencyCode), party.desk(this.input.receivingOffice), { dueAt: step.dueAt });
    }
    return remind;
  }

  /** The engine's failure to hand a step over is not the applicant's: the case clock runs on. */
  override get caseClockRunning(): boolean {
    return super.caseClockRunning || (!this.isClosed && this.steps.some((x) => x.status === 'NEEDS_ATTENTION'));
  }

  /** What happens at `at` on this case's clock, for the timer's summary in the Temporal UI (no personal data). */
  agendaAt(at: number, s: ClockSettings): string {
    const items: string[] = [];
    for (const step of this.steps) {
      const due = step.dueAt ? Date.parse(step.dueAt) : undefined;
      if (reminderAt(step, s) === at) items.push(`Reminder to ${step.agencyCode}`);
      if ((step.status === 'DISPATCHED' || step.status === 'NEEDS_ATTENTION') && due === at && !step.isOverdue) items.push(`Due: ${step.stepId} at ${step.agencyCode}`);
      if (step.status === 'DISPATCHED' && step.pollAt && Date.parse(step.pollAt) === at) items.push(`Ask ${step.agencyCode} for its answer on ${step.stepId}`);
      if (step.status === 'AWAITING_SUPPLEMENT' && step.supplementDeadlineAt && Date.parse(step.supplementDeadlineAt) === at) items.push(`Supplement window of ${step.stepId} ends`);
    }
    if (Date.parse(this.appointmentAt) === at && this.steps.some((x) => !isFinalStep(x.status))) items.push('Appointment');
    return items.length ? items.join('; ') : 'Apology check before the appointment';
  }
}
