import { apologyDueAt } from '../calendar/deadline';
import { party } from '../ledger';
import { isFinalStep } from '../status';
import { CaseMachine, StepState } from './machine';

export interface ClockSettings {
  /** How long before a step's due date its agency is reminded. */
  reminderLeadMinutes: number;
  /**
   * No reminder for a step handed to its agency already inside that lead (a same-day death
   * registration received after 13:00): its dispatch carries the due date, and a reminder right
   * after it is only noise. Absent in cases started before (they remind at once); see reminderAt.
   */
  quietInsideLead?: boolean;
}

/** When the step's agency is to be reminded (ms), if it is to be at all in this dispatch period. */
export function reminderAt(step: StepState, s: ClockSettings): number | undefined {
  if (step.status !== 'DISPATCHED' || !step.dueAt || step.remindedAt) return undefined;
  const at = Date.parse(step.dueAt) - s.reminderLeadMinutes * 60_000;
  if (s.quietInsideLead && step.dispatchedAt && Date.parse(step.dispatchedAt) >= at) return undefined;
  return at;
}

/**
 * The legal clock on top of the case machine (Decree 61/2018 Art 19; Circular 01/2018): reminders
 * before a step is due, ONE apology with a new appointment 1 working day before the appointment
 * when work is unfinished, overdue marking, and the supplement window. Pure: the workflow asks
 * when to wake up next and feeds it the time.
 */
export class ClockedCaseMachine extends CaseMachine {
  /** The next instant (ms) at which something on the legal clock happens, if any. */
  nextClockAt(s: ClockSettings): number | undefined {
    if (this.isClosed) return undefined;
    const times: number[] = [];
    for (const step of this.steps) {
      if (step.status === 'DISPATCHED' && step.dueAt) {
        const due = Date.parse(step.dueAt);
        const remindAt = reminderAt(step, s);
        if (remindAt !== undefined) times.push(remindAt);
        if (!step.isOverdue) times.push(due);
      }
      if (step.status === 'AWAITING_SUPPLEMENT' && step.supplementDeadlineAt) times.push(Date.parse(step.supplementDeadlineAt));
    }
    if (this.caseClockRunning) {
      if (!this.apologyIssuedAt) times.push(this.apologyAt().getTime());
      if (!this.caseOverdue) times.push(Date.parse(this.appointmentAt));
    }
    return times.length ? Math.min(...times) : undefined;
  }

  /** Applies everything due at `now`; returns the steps whose agencies must be reminded. */
  onClock(now: Date, s: ClockSettings): StepState[] {
    if (this.isClosed) return [];
    const t = now.getTime();
    // Decided before this tick's step changes: a refusal now must not trigger an apology too.
    const caseClockRunning = this.caseClockRunning;
    let refusedNow = false;
    const remind: StepState[] = [];
    for (const step of this.steps) {
      if (step.status === 'DISPATCHED' && step.dueAt) {
        const due = Date.parse(step.dueAt);
        const remindAt = reminderAt(step, s);
        if (remindAt !== undefined && t >= remindAt) {
          step.remindedAt = now.toISOString();
          // Past due already: the overdue mark below says it; no reminder for a missed date.
          if (t < due) {
            remind.push(step);
            this.emit('REMINDED', now, step, party.engine, party.engine, party.agency(step.agencyCode), { dueAt: step.dueAt });
          }
        }
        if (!step.isOverdue && t >= due) {
          step.isOverdue = true;
          this.emit('OVERDUE', now, step, party.engine, party.agency(step.agencyCode), party.desk(this.input.receivingOffice), { dueAt: step.dueAt });
        }
      }
      if (step.status === 'AWAITING_SUPPLEMENT' && step.supplementDeadlineAt && t >= Date.parse(step.supplementDeadlineAt)) {
        step.rejection = { reasonCode: 'SUPPLEMENT_NOT_RECEIVED', reason: 'Người nộp hồ sơ không bổ sung giấy tờ trong thời hạn quy định.' };
        this.finish(step, 'REJECTED', now);
        this.emit('REJECTED', now, step, party.engine, party.engine, party.desk(this.input.receivingOffice), { reasonCode: 'SUPPLEMENT_NOT_RECEIVED' });
        refusedNow = true;
      }
    }
    if (caseClockRunning && !refusedNow) {
      if (!this.apologyIssuedAt && t >= this.apologyAt().getTime()) this.issueApology(now);
      if (!this.caseOverdue && t >= Date.parse(this.appointmentAt)) {
        this.caseOverdue = true;
        this.emit('OVERDUE', now, undefined, party.engine, party.engine, party.desk(this.input.receivingOffice), { appointmentAt: this.appointmentAt });
      }
    }
    return remind;
  }

  /**
   * The case clock runs while some agency is working on a step. It waits when the only open work
   * is the applicant's supplement (the limit restarts when it arrives, Decree 61/2018 Art 19).
   */
  get caseClockRunning(): boolean {
    return !this.isClosed && this.steps.some((s) => s.status === 'DISPATCHED');
  }

  private apologyAt(): Date {
    return apologyDueAt(new Date(this.appointmentAt), this.hours.opensAt, this.calendar);
  }

  /** Phiếu xin lỗi và hẹn lại ngày trả kết quả: once per case, with a date from the remaining work. */
  private issueApology(now: Date): void {
    const previous = this.appointmentAt;
    const lateSteps = this.steps.filter((s) => !isFinalStep(s.status)).map((s) => s.stepId);
    this.apologyIssuedAt = now.toISOString();
    // A new appointment is a later one: at least one working day after the missed date.
    const planned = this.replan(now).getTime();
    const atLeast = this.deadline(new Date(previous), 1).getTime();
    this.appointmentAt = new Date(Math.max(planned, atLeast)).toISOString();
    this.emit('APOLOGY_ISSUED', now, undefined, party.desk(this.input.receivingOffice), party.desk(this.input.receivingOffice), party.applicant, {
      previousAppointmentAt: previous,
      newAppointmentAt: this.appointmentAt,
      lateSteps,
    });
  }
}
