import { computeDeadline, OfficeHours } from './calendar/deadline';
import { WorkingCalendar } from './calendar/working-calendar';
import { StepPlan } from './plan';

export interface PlannedDates {
  /** Expected due instant of each step if every earlier step uses its whole time limit. */
  stepDueAt: Record<string, Date>;
  /** The appointment on the receipt slip: the latest step due date. */
  appointmentAt: Date;
}

/**
 * Plans due dates along the dependency graph: a step's clock starts when the last step it depends
 * on is due (or at receipt). Every date comes from the one deadline function.
 */
export function planDueDates(steps: readonly StepPlan[], receivedAt: Date, hours: OfficeHours, calendar: WorkingCalendar, receiptCalendar: WorkingCalendar = calendar): PlannedDates {
  const stepDueAt: Record<string, Date> = {};
  const remaining = [...steps];
  while (remaining.length > 0) {
    const index = remaining.findIndex((s) => s.dependsOn.every((d) => stepDueAt[d] !== undefined));
    if (index < 0) throw new RangeError('step dependencies form a cycle or name a missing step');
    const [step] = remaining.splice(index, 1) as [StepPlan];
    const start = step.dependsOn.reduce((latest, d) => Math.max(latest, stepDueAt[d]!.getTime()), receivedAt.getTime());
    // Steps that start at the desk's receipt count that day on the desk's own calendar.
    const atDesk = step.dependsOn.length === 0 ? { receiptCalendar } : {};
    stepDueAt[step.stepId] = computeDeadline({ from: new Date(start), workingDays: step.timeLimitWorkingDays, hours, calendar, ...atDesk }).dueAt;
  }
  const appointmentAt = new Date(Math.max(...Object.values(stepDueAt).map((d) => d.getTime())));
  return { stepDueAt, appointmentAt };
}
