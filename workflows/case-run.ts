import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  setCurrentDetails,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { createLegalCalendar, type CalendarOverride } from '../domain/calendar/legal-calendar';
import { localDateOf } from '../domain/calendar/local-time';
import type { CaseSnapshot } from '../domain/ledger';
import { agencies, agencyCall, askAgency, dispatchTo, ledger, ledgerWrite, localLedger, remindAgency, reminders } from './activity-options';
import { attentionOf, caseDetails, ledgerSummary } from './operations';
import type { ClockSettings } from '../domain/case/clock';
import type { CaseWorkflowInput as MachineInput, StepState } from '../domain/case/machine';
import { OperatedCaseMachine } from '../domain/case/operations';
import type { CaseView, StepView } from './messages';
import { caseSearchAttributes } from './search-attributes';

export interface CaseWorkflowInput extends MachineInput {
  /** Calendar overrides in force from the receipt date, as read at receipt (patch `two-doors`): no read at start. */
  calendarOverrides?: CalendarOverride[];
}

/** Which released behaviours a case runs with; chosen once, at its start (see caseWorkflow). */
export interface CaseBehaviour {
  legalClock: boolean;
  twoDoors: boolean;
  /** `linkedCase`: incidents, answer polls, summaries, the run in every ledger write. */
  operators: boolean;
}

/**
 * Patch `reassign-stale-delivery` (linkedCase): when a step is reassigned while its dispatch to the
 * first agency is still being sent, what that dispatch answers no longer counts for the step, and the
 * first agency is told of the reassignment once that dispatch has ended (it may have got the step).
 * Asked only where a case meets that race, so other cases' histories carry no marker (nor the
 * search-attribute write a patch makes). The dispatch is not cancelled: that would need a scope per
 * delivery, which reorders the commands of released histories.
 */
const staleDeliveriesIgnored = () => patched('reassign-stale-delivery');

/** How old (workflow time) the calendar may be when a two-doors case computes a deadline. */
const CALENDAR_FRESH_MS = 10 * 60_000;

/** A dispatch in flight: the scope a withdrawal cancels and (`linkedCase`) its agency and whether it ended, for a reassignment. */
interface Delivery {
  scope: CancellationScope;
  done: Promise<void>;
  agencyCode?: string;
  settled?: boolean;
}

const isLedgerRejection = (err: unknown) => err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'LEDGER_REJECTED';

/**
 * The mechanics of one case workflow around its CaseMachine: ledger writes, deliveries to the
 * agencies, the legal clock's timer and the run loop. Update handlers change the machine and then
 * wait for `committed()`.
 */
export class CaseRun {
  readonly machine: OperatedCaseMachine;
  private readonly settings: ClockSettings;
  private readonly calendarScope: { officeCode: string; fromDate: string };
  /** Counts changes to the case; `written` is the count the ledger has caught up with. */
  private changes = 0;
  private written = 0;
  private revision = 0;
  private shown = { status: '', agencies: '', clock: '', attention: false };
  private readonly inFlight: Promise<unknown>[] = [];
  // Each delivery runs in its own scope so a withdrawal can stop one that is still retrying.
  private readonly deliveries = new Map<string, Delivery>();
  /** two-doors: handlers waiting for the ledger write that covers their change, and the loop's wake-up. */
  private readonly waiters: { ticket: number; resolve: () => void }[] = [];
  private wake?: () => void;
  /** two-doors: the legal clock's one timer; its firing sets `clockDue` and wakes the loop. */
  private timer?: { at: number; scope: CancellationScope };
  private clockDue = false;
  private cancelledBy?: unknown;
  /**
   * two-doors: one scope for every delivery (a withdrawal stops them all at once) and one
   * non-cancellable scope for every ledger write, made once per case: the SDK's sandbox records a
   * stack for every promise a workflow creates, and scopes create several each.
   */
  private deliveryScope?: CancellationScope;
  private ledgerScope?: CancellationScope;
  /** When (workflow time) the calendar was last read from the ledger. */
  private calendarReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly input: CaseWorkflowInput,
    readonly behaviour: CaseBehaviour,
  ) {
    this.machine = new OperatedCaseMachine(input);
    this.machine.acknowledgedDispatch = behaviour.twoDoors;
    this.settings = input.clock ?? { reminderLeadMinutes: 240 };
    this.calendarScope = { officeCode: input.receivingOffice, fromDate: localDateOf(new Date(input.receivedAt)) };
    this.shown.clock = `false|${input.appointmentAt}`;
  }

  caseView(): CaseView {
    const m = this.machine;
    return {
      caseCode: this.input.caseCode,
      status: m.status,
      revision: this.revision,
      pendingAgencies: m.pendingAgencies,
      steps: m.steps.map((s) => ({ stepId: s.stepId, agencyCode: s.agencyCode, status: s.status, dueAt: s.dueAt })),
    };
  }

  stepView(stepId: string): StepView {
    const s = this.machine.step(stepId)!;
    return { caseCode: this.input.caseCode, stepId, procedure: s.procedure, agencyCode: s.agencyCode, status: s.status, dueAt: s.dueAt, caseStatus: this.machine.status };
  }

  // ---- the legal calendar ----

  private useCalendar(overrides: CalendarOverride[]): void {
    this.calendarReadAt = Date.now();
    // Agencies count on the general calendar; the desk's own overrides only move its receipt days.
    this.machine.calendar = createLegalCalendar(overrides);
    this.machine.receiptCalendar = createLegalCalendar(overrides, this.input.receivingOffice);
  }

  /** Deadlines count on the overrides in the ledger, re-read before use so a decision published mid-case applies. */
  private async refreshCalendar(): Promise<void> {
    this.useCalendar(await (this.behaviour.twoDoors ? localLedger.loadCalendar(this.calendarScope) : ledger.loadCalendar(this.calendarScope)));
  }

  /**
   * two-doors: the calendar is re-read when it is older than CALENDAR_FRESH_MS before a deadline is
   * computed (a case waits days between steps); within a burst of activity, each ledger write
   * already answered it.
   */
  async freshCalendar(): Promise<void> {
    if (Date.now() - this.calendarReadAt > CALENDAR_FRESH_MS) await this.refreshCalendar();
  }

  // ---- the ledger ----

  private async write(snapshot: CaseSnapshot): Promise<void> {
    try {
      if (!this.behaviour.twoDoors) {
        await ledger.recordCase(snapshot);
        return;
      }
      // The write answers the calendar in force too: the next deadlines count on it, no read of their own.
      const writer = this.behaviour.operators ? ledgerWrite(ledgerSummary(snapshot)) : localLedger;
      const fresh = await writer.recordCase(snapshot, this.calendarScope);
      if (fresh) this.useCalendar(fresh.overrides);
      // The ledger holds another run's writes (an operator reset the workflow): it takes the whole case instead.
      if (fresh?.needsComplete) await ledgerWrite('Ledger: the whole case, after a reset').recordCase(this.ledgerState(), this.calendarScope);
    } catch (err) {
      // A write PostgreSQL refuses for good (data it cannot store): the case goes on; the failed
      // write stays visible in the history and the log instead of retrying for ever.
      if (!isLedgerRejection(err)) throw err;
      log.error('the ledger refused a write of this case', { caseCode: this.input.caseCode, revision: snapshot.revision });
    }
  }

  /** The run writing to the ledger (`linkedCase`). */
  private runInfo(): { id: string } {
    return { id: workflowInfo().runId };
  }

  /** The whole case for the ledger, with this run (the `ledgerState` query and a write after a reset). */
  ledgerState(): CaseSnapshot {
    return { ...this.machine.completeSnapshot(), run: this.runInfo() };
  }

  /** Shows the case's state to operators: search attributes, and (`linkedCase`) the workflow's current details. */
  private show(): void {
    const m = this.machine;
    const { legalClock, operators } = this.behaviour;
    const agenciesNow = m.pendingAgencies.join(',');
    const clockNow = `${m.isOverdue}|${m.appointmentAt}`;
    const attention = m.steps.some((s) => s.status === 'NEEDS_ATTENTION');
    const changed = m.status !== this.shown.status || agenciesNow !== this.shown.agencies || (legalClock && clockNow !== this.shown.clock) || (operators && attention !== this.shown.attention);
    if (!changed) return;
    this.shown = { status: m.status, agencies: agenciesNow, clock: clockNow, attention };
    upsertSearchAttributes([
      { key: caseSearchAttributes.caseStatus, value: m.status },
      { key: caseSearchAttributes.pendingAgencies, value: m.pendingAgencies },
      ...(legalClock
        ? [
            { key: caseSearchAttributes.isOverdue, value: m.isOverdue },
            { key: caseSearchAttributes.dueAt, value: new Date(m.appointmentAt) },
          ]
        : []),
      ...(operators ? [{ key: caseSearchAttributes.needsAttention, value: attention }] : []),
    ]);
    if (operators) setCurrentDetails(caseDetails(this.input, m));
  }

  /** Writes the machine's state and new events (and shows the case's status to operators). */
  async flush(): Promise<void> {
    const m = this.machine;
    const covers = this.changes;
    this.show();
    const snapshot = this.behaviour.operators ? { ...m.snapshot(), run: this.runInfo() } : m.snapshot();
    this.revision = snapshot.revision;
    // Its events have left the machine: an operator's cancellation must not lose them.
    if (this.behaviour.twoDoors) {
      this.ledgerScope ??= new CancellationScope({ cancellable: false });
      await this.ledgerScope.run(() => this.write(snapshot));
    } else {
      await (this.behaviour.legalClock ? CancellationScope.nonCancellable(() => this.write(snapshot)) : this.write(snapshot));
    }
    this.written = Math.max(this.written, covers);
    for (const w of this.waiters.filter((w) => w.ticket <= this.written)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  /** Something changed the case (a handler, an acknowledgement): the run loop takes it up. */
  private nudge(): void {
    this.changes++;
    this.wake?.();
  }

  /** Something happened outside a handler (an acknowledgement, a failure, a polled answer): write it if it changed the case, and re-arm the clock. */
  private touch(): void {
    if (this.machine.hasUnwrittenChanges) this.nudge();
    else this.wake?.();
  }

  /**
   * After a handler changed the case. Before two-doors it wrote the ledger itself; since, the run
   * loop writes once for everything that changed in the workflow task, and the handler answers
   * when that write is done (so the caller reads its own change in the ledger).
   */
  committed(): Promise<void> {
    if (!this.behaviour.twoDoors) {
      this.changes++;
      return this.flush();
    }
    this.nudge();
    const ticket = this.changes;
    return new Promise<void>((resolve) => (this.written >= ticket ? resolve() : this.waiters.push({ ticket, resolve })));
  }

  // ---- the agencies ----

  deliver(stepId: string): void {
    const step = this.machine.step(stepId)!;
    const resubmission = step.resubmission;
    const order = {
      caseCode: this.input.caseCode,
      stepId,
      procedure: step.procedure,
      agencyCode: step.agencyCode,
      dueAt: step.dueAt!,
      resubmission,
      upstreamResults: this.machine.upstreamResults(step),
      supplement: step.supplement,
      ...(step.handOver ? { handOver: step.handOver } : {}),
    };
    const scope = this.behaviour.twoDoors ? (this.deliveryScope ??= new CancellationScope()) : new CancellationScope();
    const operations = this.behaviour.operators ? this.input.operations : undefined;
    if (operations) {
      const attempts = operations.dispatchAttempts;
      const call = dispatchTo(`Dispatch ${stepId} to ${step.agencyCode}${resubmission ? ` (resubmission ${resubmission})` : ''}`, attempts);
      const delivery: Partial<Delivery> = { scope, agencyCode: step.agencyCode };
      // What the first agency answers after the step was handed to another is not the step's any more.
      const stale = () => this.machine.step(stepId)?.agencyCode !== delivery.agencyCode && staleDeliveriesIgnored();
      const done = scope
        .run(() => call.dispatchStep({ ...order, escalate: true }))
        .then(
          (ack) => {
            delivery.settled = true;
            if (stale()) return;
            this.machine.delivered(stepId, resubmission, ack?.acknowledgedAt ? new Date(ack.acknowledgedAt) : new Date(), ack?.answers);
            // The connector wrote the hand-over; the loop only re-arms the clock for the answer's poll.
            this.touch();
          },
          (err: unknown) => {
            delivery.settled = true;
            if (isCancellation(err) || stale()) return;
            // A failure for good: the step waits for an operator instead of failing the case.
            this.machine.needsAttention(stepId, resubmission, attentionOf(err, attempts), new Date());
            this.touch();
          },
        );
      delivery.done = done;
      this.deliveries.set(stepId, delivery as Delivery);
      this.inFlight.push(done);
      return;
    }
    const done = scope.run(() => agencies.dispatchStep(order)).then(
      (ack) => {
        // The agency acknowledged; with two-doors the connector has written the hand-over already.
        this.machine.markDelivered(stepId, resubmission, ack?.acknowledgedAt ? new Date(ack.acknowledgedAt) : new Date());
      },
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
    this.deliveries.set(stepId, { scope, done });
    this.inFlight.push(done);
  }

  /**
   * Tells an agency that a step it had was handed to another (an operator's reassignment). While
   * a dispatch to it is still being sent (patch `reassign-stale-delivery`), it is told once that
   * dispatch has ended: told first, it could receive the step afterwards and keep it.
   */
  releaseAt(stepId: string, agencyCode: string): void {
    const request = { caseCode: this.input.caseCode, stepId, agencyCode, reason: 'REASSIGNED' };
    const tell = () => agencyCall(`Withdraw ${stepId} from ${agencyCode} (reassigned)`).cancelStep(request, { refusalIsFinal: true }).catch(() => undefined);
    const sending = this.deliveries.get(stepId);
    if (sending && !sending.settled && sending.agencyCode === agencyCode && staleDeliveriesIgnored()) {
      // Not if the step came back to it meanwhile (A → B → A): it must keep what it received.
      this.inFlight.push(sending.done.then(() => (this.machine.step(stepId)?.agencyCode === agencyCode ? undefined : tell())));
      return;
    }
    this.inFlight.push(tell());
  }

  /** Tells the agencies of withdrawn steps; a dispatch still retrying is stopped first. */
  cancelAtAgencies(steps: readonly StepState[]): void {
    for (const step of steps) {
      const request = { caseCode: this.input.caseCode, stepId: step.stepId, agencyCode: step.agencyCode, reason: 'WITHDRAWN' };
      const cancel = () =>
        this.behaviour.operators
          ? // An agency that refuses the cancellation for good (it finished the step already, say) is not asked again.
            agencyCall(`Withdraw ${step.stepId} from ${step.agencyCode}`)
              .cancelStep(request, { refusalIsFinal: true })
              .catch(() => log.warn('an agency refused the withdrawal of a step', { caseCode: request.caseCode, stepId: request.stepId, agencyCode: request.agencyCode }))
          : agencies.cancelStep(request);
      const delivery = this.deliveries.get(step.stepId);
      if (this.behaviour.legalClock && delivery && step.deliveryPending) {
        // Stop the retrying dispatch first, then tell the agency (it may have received it anyway).
        delivery.scope.cancel();
        this.inFlight.push(delivery.done.then(cancel));
      } else {
        this.inFlight.push(cancel());
      }
    }
  }

  private remind(steps: readonly StepState[]): void {
    for (const step of steps) {
      const proxy = this.behaviour.operators ? remindAgency(`Reminder to ${step.agencyCode}: ${step.stepId} due ${step.dueAt}`) : reminders;
      // Not awaited at the end: a reminder that cannot be delivered never holds the case open.
      void proxy
        .remindAgency({ caseCode: this.input.caseCode, stepId: step.stepId, agencyCode: step.agencyCode, dueAt: step.dueAt!, resubmission: step.resubmission })
        .catch(() => undefined);
    }
  }

  // ---- the run ----

  async run(): Promise<CaseView> {
    const { legalClock, twoDoors } = this.behaviour;
    try {
      if (twoDoors && this.input.calendarOverrides) this.useCalendar(this.input.calendarOverrides);
      else if (legalClock) await this.refreshCalendar();
      await (twoDoors ? this.runTwoDoors() : this.runReleased());
    } catch (err) {
      // Cancelled from the Temporal UI by an operator: close the case in the ledger too, so the
      // person is not blocked by a case that no longer runs.
      if (!isCancellation(err) || !legalClock) throw err;
      await CancellationScope.nonCancellable(async () => {
        const m = this.machine;
        const open = m.steps.filter((s) => s.status === 'DISPATCHED' || s.status === 'AWAITING_SUPPLEMENT');
        m.cancelByOperator(new Date());
        await this.flush();
        await Promise.allSettled(open.map((s) => agencies.cancelStep({ caseCode: this.input.caseCode, stepId: s.stepId, agencyCode: s.agencyCode, reason: 'CANCELLED_BY_OPERATOR' })));
      });
      throw err;
    }
    await Promise.allSettled(this.inFlight);
    return this.caseView();
  }

  /** The loop of cases started before two-doors: its command sequence must not change (replay). */
  private async runReleased(): Promise<void> {
    const m = this.machine;
    const { legalClock } = this.behaviour;
    while (!m.isClosed) {
      const seen = this.changes;
      if (legalClock && m.hasReadySteps) await this.refreshCalendar();
      for (const step of m.advance(new Date())) this.deliver(step.stepId);
      if (m.hasUnwrittenEvents) await this.flush();
      if (m.isClosed) break;
      if (!legalClock) {
        await condition(() => this.changes !== seen);
        continue;
      }
      const next = m.nextClockAt(this.settings);
      const answered = next === undefined ? await condition(() => this.changes !== seen).then(() => true) : await condition(() => this.changes !== seen, Math.max(1, next - Date.now()));
      if (!answered) {
        await this.refreshCalendar();
        this.remind(m.onClock(new Date(), this.settings));
        if (m.hasUnwrittenEvents) await this.flush();
      }
    }
  }

  /**
   * two-doors: woken by a promise (no condition to re-check after every job), one ledger write per
   * wake-up for everything that changed, and one timer kept for the next instant on the legal
   * clock, replaced only when that instant moves.
   */
  private async runTwoDoors(): Promise<void> {
    const m = this.machine;
    // An operator's cancellation wakes the loop, which then throws it (see run()).
    CancellationScope.current().cancelRequested.catch((err: unknown) => {
      this.cancelledBy = err;
      this.wake?.();
    });
    for (;;) {
      const seen = this.changes;
      if (!m.isClosed) {
        if (m.hasReadySteps) await this.freshCalendar();
        for (const step of m.advance(new Date())) this.deliver(step.stepId);
      }
      if (m.hasUnwrittenChanges || this.written < this.changes) await this.flush();
      if (m.isClosed) break;
      if (this.changes !== seen) continue;
      this.armTimer(m.nextClockAt(this.settings));
      if (!this.clockDue && this.cancelledBy === undefined) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      if (this.cancelledBy !== undefined) throw this.cancelledBy;
      if (this.clockDue) {
        this.clockDue = false;
        await this.refreshCalendar();
        this.remind(m.onClock(new Date(), this.settings));
        if (this.behaviour.operators) this.askForAnswers(m.duePolls(new Date()));
      }
    }
  }

  /** Asks agencies' systems for answers that did not come; what they say is applied like an answer sent. */
  private askForAnswers(steps: readonly StepState[]): void {
    for (const step of steps) {
      const { stepId, agencyCode, resubmission } = step;
      const asked = askAgency(`Ask ${agencyCode} for its answer on ${stepId}`)
        .pollStep({ caseCode: this.input.caseCode, stepId, agencyCode, resubmission })
        // Its system could not say: ask again at the next poll.
        .catch((): { state: 'recorded' } => ({ state: 'recorded' }))
        .then((status) => {
          if (this.machine.polled(stepId, resubmission, status, new Date()).redeliver) this.deliver(stepId);
          this.touch();
        });
      this.inFlight.push(asked);
    }
  }

  /** Keeps one timer for the next instant on the legal clock; when it fires, the loop runs the clock. */
  private armTimer(at: number | undefined): void {
    if (this.timer?.at === at) return;
    this.timer?.scope.cancel();
    this.timer = undefined;
    if (at === undefined) return;
    const scope = new CancellationScope();
    const timer = { at, scope };
    this.timer = timer;
    const summary = this.behaviour.operators ? { summary: `Legal clock: ${this.machine.agendaAt(at, this.settings)}` } : undefined;
    scope
      .run(() => sleep(Math.max(1, at - Date.now()), summary))
      .then(
        () => {
          if (this.timer !== timer) return;
          this.timer = undefined;
          this.clockDue = true;
          this.wake?.();
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }
}
