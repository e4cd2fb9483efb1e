import { OfficeHours } from '../calendar/deadline';
import { ClockStartKind, DeadlineExplanation, explainDeadline } from '../calendar/deadline-explanation';
import type { Bilingual } from '../calendar/holidays';
import { CalendarOverride } from '../calendar/legal-calendar';
import type { CaseDetail, EventRecord, StepRecord } from '../ledger';
import { FINAL_STEP_STATUSES } from '../status';

/**
 * Why each date of a case is what it is, recomputed from what the ledger stored (receipt time,
 * each step's clock start, its working days) with the office's hours and the calendar overrides
 * stored now — the same way the workflow computes them (domain/case/machine.ts `dispatch`, and
 * domain/appointment.ts for the appointment). A recomputed date that differs from the stored one
 * is reported, not hidden: a calendar decision entered after the date was set is the usual cause.
 */

export interface LimitSource {
  source: string;
  confirmed: boolean;
}

/** How the clock start of a step was found in the ledger. */
export type ClockStartBasis =
  /** A first step: its clock starts at valid receipt (on the desk's calendar). */
  | 'receipt'
  /** After a supplement: the limit restarts when it arrives (Decree 61/2018 Art 19(2)). */
  | 'supplement-received'
  /** A step that waited for others starts when the engine hands it on, right after the last of them completed. */
  | 'dependencies-completed'
  /** The same, read from the hand-over event when that is what gives the stored date (the clock start itself is not stored). */
  | 'handed-over';

export interface StepDeadline {
  stepId: string;
  procedure: string;
  agencyCode: string;
  status: string;
  resubmission: number;
  storedDueAt: string | null;
  clockStart: string | null;
  clockStartBasis: ClockStartBasis | null;
  /** Null while the step has no due date (not yet dispatched, or skipped). */
  explanation: DeadlineExplanation | null;
  matchesStored: boolean | null;
  note: Bilingual | null;
}

export interface AppointmentMove {
  type: string;
  at: string;
  previousAppointmentAt: string | null;
  newAppointmentAt: string | null;
  reason: string | null;
}

export interface AppointmentDeadline {
  /** The appointment in force. */
  storedAt: string;
  /** The appointment on the receipt slip (before any move). */
  originalAt: string;
  /** The receipt-slip appointment recomputed: each step using its whole limit, in dependency order. */
  recomputedAt: string;
  matchesOriginal: boolean;
  /** The chain of steps that ends at the appointment, each with its explanation. */
  path: { stepId: string; explanation: DeadlineExplanation }[];
  /** Moves of the appointment the ledger recorded (supplement received, apology with a new date). */
  moves: AppointmentMove[];
  note: Bilingual | null;
}

export interface CaseDeadlineInput {
  hours: OfficeHours;
  overrides: readonly CalendarOverride[];
  /** The limit's source for a procedure code, from the catalogue version the case pinned. */
  limitOf: (procedure: string) => LimitSource | undefined;
}

const DIFFERS: Bilingual = {
  vi: 'Ngày tính lại khác ngày đã lưu: lịch làm việc (quyết định về ngày nghỉ, hoán đổi ngày làm việc) có thể đã thay đổi sau khi ngày này được tính; ngày đã lưu vẫn là ngày có hiệu lực.',
  en: 'The recomputed date differs from the stored one: the working calendar (a decision on days off or swapped days) may have changed after this date was set; the stored date is the one in force.',
};

const START_KIND: Record<ClockStartBasis, ClockStartKind> = {
  receipt: 'received',
  'supplement-received': 'supplement-received',
  'dependencies-completed': 'step-started',
  'handed-over': 'step-started',
};

function details(e: EventRecord): Record<string, unknown> {
  return e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {};
}
const sameInstant = (a: string, b: string): boolean => Date.parse(a) === Date.parse(b);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

type Explain = (from: Date, s: Pick<StepRecord, 'procedure' | 'timeLimitWorkingDays'>, basis: ClockStartBasis) => DeadlineExplanation;

function explainer(detail: CaseDetail, input: CaseDeadlineInput): Explain {
  return (from, s, basis) =>
    explainDeadline({
      from,
      workingDays: s.timeLimitWorkingDays,
      hours: input.hours,
      overrides: input.overrides,
      officeCode: detail.receivingOffice,
      // As the workflow: the desk's own calendar counts the receipt day of what the desk receives.
      atDesk: basis === 'receipt' || basis === 'supplement-received',
      limit: input.limitOf(s.procedure),
      startKind: START_KIND[basis],
    });
}

export function explainCaseDeadlines(detail: CaseDetail, input: CaseDeadlineInput): { appointment: AppointmentDeadline; steps: StepDeadline[] } {
  const explain = explainer(detail, input);
  const byId = new Map(detail.steps.map((s) => [s.stepId, s]));

  const steps = detail.steps.map((s): StepDeadline => {
    const base = { stepId: s.stepId, procedure: s.procedure, agencyCode: s.agencyCode, status: s.status, resubmission: s.resubmission, storedDueAt: s.dueAt };
    if (!s.dueAt) return { ...base, clockStart: null, clockStartBasis: null, explanation: null, matchesStored: null, note: null };
    const candidates = clockStarts(detail, s, byId);
    let chosen: { at: string; basis: ClockStartBasis; explanation: DeadlineExplanation } | undefined;
    for (const c of candidates) {
      const explanation = explain(new Date(c.at), s, c.basis);
      chosen ??= { ...c, explanation };
      if (sameInstant(explanation.dueAt, s.dueAt)) {
        chosen = { ...c, explanation };
        break;
      }
    }
    if (!chosen) return { ...base, clockStart: null, clockStartBasis: null, explanation: null, matchesStored: null, note: { vi: 'Sổ theo dõi không lưu thời điểm bắt đầu tính thời hạn của bước này.', en: 'The ledger holds no clock start for this step.' } };
    const matches = sameInstant(chosen.explanation.dueAt, s.dueAt);
    return { ...base, clockStart: chosen.at, clockStartBasis: chosen.basis, explanation: chosen.explanation, matchesStored: matches, note: matches ? null : DIFFERS };
  });

  return { appointment: appointmentOf(detail, explain), steps };
}

/** A date of an open case that the deadline function gives differently under another override list. */
export interface DateMove {
  caseCode: string;
  /** Null for the appointment. */
  stepId: string | null;
  /** The date the ledger stores (the step's due date, or the appointment in force). */
  storedAt: string;
  /** The date recomputed with the overrides stored now. */
  currentAt: string;
  /** The date recomputed with the proposed overrides. */
  newAt: string;
}

const FINAL_LEDGER_STEP = new Set<string>(FINAL_STEP_STATUSES);

/**
 * Which dates of an open case a change of the calendar would move: the due date of every step
 * still open (from its clock start as the ledger shows it), and the receipt-slip appointment while
 * it was never moved (a moved appointment came from a replan this does not repeat). Both lists go
 * through the same deadline function.
 */
export function datesMovedBy(detail: CaseDetail, hours: OfficeHours, current: readonly CalendarOverride[], proposed: readonly CalendarOverride[]): DateMove[] {
  const none = () => undefined;
  const before = explainCaseDeadlines(detail, { hours, overrides: current, limitOf: none });
  const after = explainer(detail, { hours, overrides: proposed, limitOf: none });
  const moves: DateMove[] = [];
  for (const s of before.steps) {
    if (FINAL_LEDGER_STEP.has(s.status) || !s.explanation || !s.clockStart || !s.clockStartBasis || !s.storedDueAt) continue;
    const step = detail.steps.find((x) => x.stepId === s.stepId)!;
    const newAt = after(new Date(s.clockStart), step, s.clockStartBasis).dueAt;
    if (!sameInstant(newAt, s.explanation.dueAt)) moves.push({ caseCode: detail.caseCode, stepId: s.stepId, storedAt: s.storedDueAt, currentAt: s.explanation.dueAt, newAt });
  }
  if (before.appointment.moves.length === 0) {
    const newAt = appointmentOf(detail, after).recomputedAt;
    if (!sameInstant(newAt, before.appointment.recomputedAt)) moves.push({ caseCode: detail.caseCode, stepId: null, storedAt: detail.appointmentAt, currentAt: before.appointment.recomputedAt, newAt });
  }
  return moves;
}

/** Where the step's current period started, best first (the ledger does not store it as such). */
function clockStarts(detail: CaseDetail, s: StepRecord, byId: Map<string, StepRecord>): { at: string; basis: ClockStartBasis }[] {
  if (s.resubmission > 0) {
    const supplement = detail.timeline.filter((e) => e.type === 'SUPPLEMENT_SUBMITTED' && e.stepId === s.stepId).at(-1);
    return supplement ? [{ at: supplement.at, basis: 'supplement-received' }] : [];
  }
  if (s.dependsOn.length === 0) return [{ at: detail.receivedAt, basis: 'receipt' }];
  const out: { at: string; basis: ClockStartBasis }[] = [];
  const finished = s.dependsOn.map((d) => byId.get(d)?.finishedAt ?? null);
  if (finished.every((f) => f !== null)) out.push({ at: finished.reduce((a, b) => (a! > b! ? a : b))!, basis: 'dependencies-completed' });
  const handOver = detail.timeline.find((e) => e.type === 'DISPATCHED' && e.stepId === s.stepId && (details(e).resubmission ?? 0) === 0);
  if (handOver) out.push({ at: handOver.at, basis: 'handed-over' });
  return out;
}

/** The receipt-slip appointment (domain/appointment.ts planDueDates), step by step with reasons. */
function appointmentOf(detail: CaseDetail, explain: Explain): AppointmentDeadline {
  const planned = new Map<string, { explanation: DeadlineExplanation; after?: string }>();
  const remaining = [...detail.steps];
  while (remaining.length > 0) {
    const index = remaining.findIndex((s) => s.dependsOn.every((d) => planned.has(d)));
    if (index < 0) throw new RangeError('step dependencies form a cycle or name a missing step');
    const [s] = remaining.splice(index, 1) as [StepRecord];
    let start = detail.receivedAt;
    let after: string | undefined;
    for (const d of s.dependsOn) {
      const due = planned.get(d)!.explanation.dueAt;
      if (Date.parse(due) > Date.parse(start)) [start, after] = [due, d];
    }
    planned.set(s.stepId, { explanation: explain(new Date(start), s, s.dependsOn.length === 0 ? 'receipt' : 'dependencies-completed'), after });
  }
  // The latest due date is the appointment; follow back the steps it waited for.
  let last: string | undefined;
  for (const [id, p] of planned) if (!last || Date.parse(p.explanation.dueAt) > Date.parse(planned.get(last)!.explanation.dueAt)) last = id;
  const path: { stepId: string; explanation: DeadlineExplanation }[] = [];
  for (let id = last; id; id = planned.get(id)!.after) path.unshift({ stepId: id, explanation: planned.get(id)!.explanation });

  const moves: AppointmentMove[] = detail.timeline
    .filter((e) => e.type === 'APPOINTMENT_MOVED' || e.type === 'APOLOGY_ISSUED')
    .map((e) => {
      const d = details(e);
      return {
        type: e.type,
        at: e.at,
        previousAppointmentAt: str(d.previousAppointmentAt),
        newAppointmentAt: str(d.newAppointmentAt),
        reason: str(d.reason) ?? (e.type === 'APOLOGY_ISSUED' ? 'apology: the work was not finished 1 working day before the appointment (Decree 61/2018 Art 19(4))' : null),
      };
    });
  const originalAt = moves[0]?.previousAppointmentAt ?? detail.appointmentAt;
  const recomputedAt = last ? planned.get(last)!.explanation.dueAt : detail.receivedAt;
  const matches = sameInstant(recomputedAt, originalAt);
  return { storedAt: detail.appointmentAt, originalAt, recomputedAt, matchesOriginal: matches, path, moves, note: matches ? null : DIFFERS };
}
