// Domain modules by file, not the barrel: each workflow evaluates what it imports (the API's
// request schemas would cost every case their construction).
import { basicCalendar, WorkingCalendar } from '../calendar/working-calendar';
import { computeDeadline, OfficeHours } from '../calendar/deadline';
import { Catalogue, findGroup, findOffice, findProcedure, getCatalogue, Procedure } from '../catalogue';
import { ActionRefused, zodIssues } from '../errors';
import { ActingPerson, ActionRecord, CaseSnapshot, eventId, EventType, LedgerEvent, party, RequestIdentity, StepSnapshot } from '../ledger';
import type { StepPlan } from '../plan';
import { Rejection, rejectionSchema, resultDatesOutside, resultSchemaFor, SupplementRequest, supplementRequestSchema, SupplementSubmission } from '../results';
import { localDateOf } from '../calendar/local-time';
import { AgencyAction, AGENCY_ACTIONS_BY_STATUS, canStepMove, caseOutcome, CaseStatus, isFinalStep, openCaseStatus, StepStatus } from '../status';

export interface CaseWorkflowInput {
  /** Legal-clock settings (ClockSettings); absent in cases started before the legal clock existed. */
  clock?: { reminderLeadMinutes: number; quietInsideLead?: boolean };
  /** Incidents and answer polls (the `linkedCase` workflow); absent in cases started before. */
  operations?: CaseOperations;
  caseCode: string;
  group: string;
  catalogueVersion: string;
  receivingOffice: string;
  receivedAt: string;
  appointmentAt: string;
  steps: StepPlan[];
  /** The receiving office's hours, from the province data at receipt; absent in cases started before (read from the released sample). */
  office?: { cutoff: string; opensAt: string; closesAt: string };
}

/** How a case escalates failed dispatches and asks agencies for answers that did not come. */
export interface CaseOperations {
  /** Dispatch attempts (transient failures retried with backoff) before the step needs an operator. */
  dispatchAttempts: number;
  /** How long a dispatched step may wait for its answer before the engine asks the agency's system. */
  answerPollAfterMs: number;
  /**
   * A polled answer dated ahead of today (validateCompletion) needs an operator, as an answer
   * sent is refused; absent in cases started before (their polled answers replay as applied).
   */
  pollsJudgeDates?: boolean;
  /** And one dated before the case was received; absent in cases started before (likewise). */
  pollsJudgeReceipt?: boolean;
  /**
   * And one carrying a noncharacter of the supplementary planes, which the API's door refuses in an
   * answer sent (not the field rules: recorded answers must still parse); absent before (likewise).
   */
  pollsJudgeText?: boolean;
}

export interface StepState extends Omit<StepSnapshot, 'status'> {
  /** The workflow's own status; the ledger may show DISPATCHED as SENDING (see `acknowledgedDispatch`). */
  status: StepStatus;
  essential: boolean;
  /** The agency's role (StepPlan.role); absent in cases started before. */
  role?: string;
  supplementWindowWorkingDays?: number;
  /** When the applicant's time to supplement runs out (only for procedures with a window). */
  supplementDeadlineAt?: string;
  resultKind: string;
  forwards: readonly string[];
  /** The agency has not yet acknowledged the latest dispatch. */
  deliveryPending: boolean;
  /** When the agency acknowledged the latest dispatch (acknowledged-dispatch mode). */
  deliveredAt?: string;
  /**
   * The DISPATCHED hand-over of the latest dispatch, its place in the timeline reserved when the
   * dispatch was decided (acknowledged-dispatch mode): the connector writes it when the agency
   * acknowledges; if the agency answers first, the machine does.
   */
  handOver?: Omit<LedgerEvent, 'at'>;
  /** Documents of the latest supplement, sent with the re-dispatch. */
  supplement?: SupplementSubmission;
  /** Answer polls (see CaseOperations): when the agency is next asked, how often it was, and how it answers. */
  pollAt?: string;
  polls?: number;
  answers?: { mode: 'callback' | 'poll'; pollEveryMs?: number };
}

const BLOCKING: readonly StepStatus[] = ['REJECTED', 'SKIPPED', 'CANCELLED'];

/**
 * The case as a pure state machine over the pinned catalogue: no Temporal, no I/O, so it is unit
 * tested directly and the workflow stays a thin shell that feeds it time and messages.
 */
export class CaseMachine {
  readonly steps: StepState[];
  protected readonly hours: OfficeHours & { opensAt: string };
  protected readonly catalogue: Catalogue;
  /** Every event this run knows of, in order: a complete snapshot (after an operator's reset) replaces the ledger's timeline with it. */
  protected readonly timeline: LedgerEvent[] = [];
  /** The working calendar deadlines are counted on; the workflow refreshes it from the ledger. */
  calendar: WorkingCalendar = basicCalendar;
  /** The receiving desk's calendar (its own overrides too), for days the desk receives documents. */
  receiptCalendar?: WorkingCalendar;
  appointmentAt: string;
  apologyIssuedAt?: string;
  /** The case missed its (new) appointment. */
  caseOverdue = false;
  /**
   * The ledger shows a step DISPATCHED only once its agency acknowledged it (SENDING before), and
   * the DISPATCHED hand-over is logged then. Off for cases started before this existed, which
   * logged the hand-over when the dispatch was decided.
   */
  acknowledgedDispatch = false;
  /** Actions taken with an Idempotency-Key, by key: a retry gets the first answer. */
  private readonly actions = new Map<string, ActionRecord>();
  private pendingActions: ActionRecord[] = [];

  /** Overdue as the ledger and the IsOverdue search attribute show it: the case, or a step still open past its due date. */
  get isOverdue(): boolean {
    return this.caseOverdue || this.steps.some((s) => s.isOverdue === true && !isFinalStep(s.status));
  }
  private outcome?: CaseStatus;
  private closedAt?: string;
  private seq = 1; // 0 is the RECEIVED event written by the API with the case
  private revision = 1;
  private pending: LedgerEvent[] = [];
  /** A step changed status since the last snapshot. */
  private moved = false;

  constructor(
    readonly input: CaseWorkflowInput,
    catalogue: Catalogue = getCatalogue(input.catalogueVersion),
  ) {
    this.catalogue = catalogue;
    const group = findGroup(catalogue, input.group);
    const office = input.office ?? findOffice(catalogue, input.receivingOffice);
    if (!group || !office) throw new RangeError('case does not match its catalogue version');
    this.hours = { cutoff: office.cutoff, opensAt: office.opensAt, closesAt: office.closesAt };
    this.appointmentAt = input.appointmentAt;
    this.steps = input.steps.map((plan) => {
      const procedure = findProcedure(group, plan.procedure) as Procedure;
      return {
        ...plan,
        dependsOn: [...plan.dependsOn],
        status: 'PENDING',
        resubmission: 0,
        essential: procedure.essential,
        supplementWindowWorkingDays: procedure.supplementWindowWorkingDays,
        resultKind: procedure.resultKind,
        forwards: procedure.forwards,
        deliveryPending: false,
      };
    });
  }

  get status(): CaseStatus {
    return this.outcome ?? openCaseStatus(this.steps);
  }

  get isClosed(): boolean {
    return this.outcome !== undefined;
  }

  /** The revision the next snapshot will carry. */
  get nextRevision(): number {
    return this.revision;
  }

  get hasUnwrittenEvents(): boolean {
    return this.pending.length > 0 || this.pendingActions.length > 0;
  }

  /** Anything the ledger does not show yet: events, actions, or a step that moved without one (a dispatch awaiting its acknowledgement). */
  get hasUnwrittenChanges(): boolean {
    return this.moved || this.hasUnwrittenEvents;
  }

  get pendingAgencies(): string[] {
    return [...new Set(this.steps.filter((s) => s.status === 'DISPATCHED').map((s) => s.agencyCode))].sort();
  }

  /** Steps that the next advance() would dispatch. */
  get hasReadySteps(): boolean {
    return this.steps.some((s) => s.status === 'PENDING' && s.dependsOn.every((d) => this.step(d)?.status === 'COMPLETED'));
  }

  step(stepId: string): StepState | undefined {
    return this.steps.find((s) => s.stepId === stepId);
  }

  /** Moves steps whose dependencies are done to DISPATCHED, and skips those that can never run. */
  advance(now: Date): StepState[] {
    if (this.isClosed) return [];
    const dispatched: StepState[] = [];
    for (const step of this.steps.filter((s) => s.status === 'PENDING')) {
      const deps = step.dependsOn.map((d) => this.step(d)!);
      if (deps.some((d) => BLOCKING.includes(d.status))) {
        this.move(step, 'SKIPPED', now);
        this.emit('SKIPPED', now, step, party.engine, party.engine, party.agency(step.agencyCode), { reason: 'a step it depends on did not complete' });
      } else if (deps.every((d) => d.status === 'COMPLETED')) {
        // The legal clock of a first step starts at valid receipt, however late the workflow runs.
        this.dispatch(step, now, step.dependsOn.length === 0 ? new Date(this.input.receivedAt) : now, step.dependsOn.length === 0);
        dispatched.push(step);
      }
    }
    if (this.steps.every((s) => isFinalStep(s.status))) this.close(caseOutcome(this.steps), now);
    return dispatched;
  }

  /** Results of the steps this one depends on, limited to the fields they forward. */
  upstreamResults(step: StepState): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const dep of step.dependsOn.map((d) => this.step(d)!)) {
      out[dep.stepId] = Object.fromEntries(dep.forwards.map((f) => [f, dep.result?.[f]]));
    }
    return out;
  }

  /**
   * The agency acknowledged dispatch number `resubmission` of a step, at `at`. In acknowledged-dispatch
   * mode the connector has already written that hand-over to the ledger (the event reserved in
   * `handOver`), so nothing is left to write.
   */
  markDelivered(stepId: string, resubmission: number, at?: Date): void {
    const step = this.step(stepId);
    if (!step || step.resubmission !== resubmission || !step.deliveryPending) return;
    step.deliveryPending = false;
    if (this.acknowledgedDispatch && at && step.status === 'DISPATCHED') {
      step.deliveredAt = at.toISOString();
      if (step.handOver) this.timeline.push({ ...step.handOver, at: step.deliveredAt });
    }
  }

  /** An agency answering a step it has not acknowledged yet evidently has it: the answer is the acknowledgement. */
  private answeredBeforeAcknowledged(step: StepState, now: Date): void {
    if (!this.acknowledgedDispatch || !step.deliveryPending) return;
    step.deliveryPending = false;
    step.deliveredAt = now.toISOString();
    // The reserved hand-over, written by whichever of the connector and this machine comes first (same id).
    if (step.handOver) {
      this.pending.push({ ...step.handOver, at: step.deliveredAt });
      this.timeline.push({ ...step.handOver, at: step.deliveredAt });
    }
  }

  /** The hand-over as logged when the dispatch is decided (cases before acknowledged dispatch). */
  private handedOver(step: StepState, now: Date): void {
    this.emit('DISPATCHED', now, step, party.engine, party.desk(this.input.receivingOffice), party.agency(step.agencyCode), {
      resubmission: step.resubmission,
      dueAt: step.dueAt,
    });
  }

  /** Reserves the hand-over's place in the timeline; it is written once the agency has the step. */
  protected reserveHandOver(step: StepState): void {
    const seq = this.seq++;
    step.handOver = {
      id: eventId(this.input.caseCode, seq),
      seq,
      type: 'DISPATCHED',
      stepId: step.stepId,
      actor: party.engine,
      from: party.desk(this.input.receivingOffice),
      to: party.agency(step.agencyCode),
      details: { resubmission: step.resubmission, dueAt: step.dueAt },
    };
  }

  // ---- idempotent requests ----

  /**
   * The answer already given to this request (same Idempotency-Key, same request), if any. The same
   * key with another request is refused: the caller reused a key by mistake.
   */
  priorAnswer(request: RequestIdentity | undefined, sameParty?: (record: ActionRecord) => boolean): { response: unknown } | undefined {
    const unscoped = request?.unscopedKey !== undefined ? this.actions.get(request.unscopedKey) : undefined;
    // A record from before keys were scoped answers only the party that could have made it.
    const known = request && (this.actions.get(request.idempotencyKey) ?? (unscoped && sameParty?.(unscoped) ? unscoped : undefined));
    if (!known) return undefined;
    if (known.requestHash !== request.requestHash) {
      throw new ActionRefused('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used on this case for another request', [
        { path: 'Idempotency-Key', message: 'already used with another request' },
      ]);
    }
    return { response: known.response };
  }

  /** Remembers the answer to a request sent with an Idempotency-Key, for retries and for the ledger. */
  recordAction(request: RequestIdentity | undefined, action: ActionRecord['action'], stepId: string | undefined, response: unknown, now: Date, by?: ActingPerson): void {
    if (!request) return;
    const record: ActionRecord = { idempotencyKey: request.idempotencyKey, requestHash: request.requestHash, action, ...(stepId ? { stepId } : {}), response, at: now.toISOString(), ...(by ? { by } : {}) };
    this.actions.set(request.idempotencyKey, record);
    this.pendingActions.push(record);
  }

  // ---- agency actions: validate* never mutates (it backs the Update validators) ----

  validateAgencyAction(action: AgencyAction, stepId: string, agencyCode: string, payload?: unknown): StepState {
    // An agency sees a case once one of its steps was handed to it; before, the case is not there for it.
    if (!this.steps.some((s) => s.agencyCode === agencyCode && s.dispatchedAt !== undefined)) {
      throw new ActionRefused('CASE_NOT_FOUND', 'no such case visible to this agency');
    }
    if (this.isClosed) throw new ActionRefused('CASE_CLOSED', `the case is ${this.status}`);
    const step = this.step(stepId);
    if (!step) throw new ActionRefused('UNKNOWN_STEP', `the case has no step ${stepId}`);
    if (step.agencyCode !== agencyCode) throw new ActionRefused('NOT_YOUR_STEP', `step ${stepId} is assigned to another agency`);
    if (!(AGENCY_ACTIONS_BY_STATUS[step.status] as readonly AgencyAction[]).includes(action)) {
      throw new ActionRefused('WRONG_STATE', `step ${stepId} is ${step.status}; ${action} is not possible`);
    }
    // One request listing every missing item, once per step (Decree 61/2018 Art 19, as amended by Decree 107/2021).
    if (action === 'request-supplement' && step.supplementRequest) {
      throw new ActionRefused('WRONG_STATE', `a supplement was already requested for step ${stepId}; it may be requested only once`);
    }
    const schema = action === 'complete' ? resultSchemaFor(step.resultKind) : action === 'reject' ? rejectionSchema : supplementRequestSchema;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new ActionRefused('INVALID_PAYLOAD', `the ${action} payload is not valid`, zodIssues(parsed.error, action === 'complete' ? ['result'] : []));
    return step;
  }

  /**
   * The Update validator's judgement of a completion: the rules `complete` applies, and no result
   * dated after today or (`sinceReceipt`) before the case was received. Judged when the answer
   * arrives only, never on replay: a history keeps the results it accepted. Every bad field at once.
   */
  validateCompletion(stepId: string, agencyCode: string, result: unknown, now: Date, sinceReceipt = true): StepState {
    const span = { today: localDateOf(now), receivedOn: sinceReceipt ? localDateOf(new Date(this.input.receivedAt)) : undefined };
    const ahead = result && typeof result === 'object' ? resultDatesOutside(result as Record<string, unknown>, span) : [];
    try {
      const step = this.validateAgencyAction('complete', stepId, agencyCode, result);
      if (ahead.length) throw new ActionRefused('INVALID_PAYLOAD', 'the complete payload is not valid', ahead);
      return step;
    } catch (err) {
      if (!(err instanceof ActionRefused) || err.code !== 'INVALID_PAYLOAD' || !ahead.length) throw err;
      const named = new Set(err.issues.map((i) => i.path));
      throw new ActionRefused(err.code, err.message, [...err.issues, ...ahead.filter((a) => !named.has(a.path))]);
    }
  }

  complete(stepId: string, agencyCode: string, result: Record<string, unknown>, now: Date): StepState {
    const step = this.validateAgencyAction('complete', stepId, agencyCode, result);
    this.answeredBeforeAcknowledged(step, now);
    step.result = resultSchemaFor(step.resultKind).parse(result);
    this.markIfLate(step, now);
    this.finish(step, 'COMPLETED', now);
    this.emit('COMPLETED', now, step, party.agency(agencyCode), party.agency(agencyCode), party.desk(this.input.receivingOffice), {});
    return step;
  }

  reject(stepId: string, agencyCode: string, rejection: Rejection, now: Date): StepState {
    const step = this.validateAgencyAction('reject', stepId, agencyCode, rejection);
    this.answeredBeforeAcknowledged(step, now);
    step.rejection = rejectionSchema.parse(rejection);
    this.markIfLate(step, now);
    this.finish(step, 'REJECTED', now);
    this.emit('REJECTED', now, step, party.agency(agencyCode), party.agency(agencyCode), party.desk(this.input.receivingOffice), { reasonCode: rejection.reasonCode });
    return step;
  }

  requestSupplement(stepId: string, agencyCode: string, request: SupplementRequest, now: Date): StepState {
    const step = this.validateAgencyAction('request-supplement', stepId, agencyCode, request);
    this.answeredBeforeAcknowledged(step, now);
    step.supplementRequest = { ...supplementRequestSchema.parse(request), requestedAt: now.toISOString() };
    if (step.supplementWindowWorkingDays !== undefined) {
      step.supplementDeadlineAt = this.deadline(now, step.supplementWindowWorkingDays).toISOString();
    }
    this.move(step, 'AWAITING_SUPPLEMENT', now);
    this.emit('SUPPLEMENT_REQUESTED', now, step, party.agency(agencyCode), party.agency(agencyCode), party.applicant, {
      items: request.items.map((i) => i.code),
    });
    return step;
  }

  // ---- desk actions ----

  validateSupplement(submission: SupplementSubmission, officeCode: string, now: Date = new Date()): StepState {
    this.validateDesk(officeCode);
    const step = this.step(submission.stepId);
    if (!step) throw new ActionRefused('UNKNOWN_STEP', `the case has no step ${submission.stepId}`);
    if (step.status !== 'AWAITING_SUPPLEMENT' || !step.supplementRequest) {
      throw new ActionRefused('WRONG_STATE', `step ${step.stepId} is ${step.status}; no supplement was requested`);
    }
    // The window closed (its timer may not have fired yet in this activation): too late.
    if (step.supplementDeadlineAt && now.getTime() >= Date.parse(step.supplementDeadlineAt)) {
      throw new ActionRefused('WRONG_STATE', `the time to supplement step ${step.stepId} ended at ${step.supplementDeadlineAt}`);
    }
    const given = new Set(submission.documents.map((d) => d.item));
    const missing = step.supplementRequest.items.filter((i) => !given.has(i.code));
    const requested = new Set(step.supplementRequest.items.map((i) => i.code));
    const issues = [
      ...missing.map((i) => ({ path: 'documents', message: `missing requested item ${i.code}` })),
      ...submission.documents.flatMap((d, n) => (requested.has(d.item) ? [] : [{ path: `documents[${n}].item`, message: `${d.item} was not requested` }])),
    ];
    if (issues.length > 0) throw new ActionRefused('INVALID_PAYLOAD', 'the supplement must answer exactly the requested items', issues);
    return step;
  }

  /** The supplement completes the dossier: the step's time limit restarts from zero (Decree 61/2018 Art 19(2)). */
  submitSupplement(submission: SupplementSubmission, officeCode: string, now: Date): StepState {
    const step = this.validateSupplement(submission, officeCode, now);
    step.supplement = submission;
    step.resubmission += 1;
    this.emit('SUPPLEMENT_SUBMITTED', now, step, party.desk(officeCode), party.applicant, party.desk(officeCode), {
      items: submission.documents.map((d) => d.item),
    });
    step.supplementDeadlineAt = undefined;
    this.dispatch(step, now, now, true);
    this.moveAppointment(this.replan(now), now, 'supplement received: the time limit restarts from zero');
    return step;
  }

  validateDesk(officeCode: string): void {
    // Another office's case is not there for this desk (the same answer as no case at all).
    if (officeCode !== this.input.receivingOffice) throw new ActionRefused('CASE_NOT_FOUND', 'no such case received by this office');
    if (this.isClosed) throw new ActionRefused('CASE_CLOSED', `the case is ${this.status}`);
  }

  validateWithdrawal(officeCode: string): void {
    this.validateDesk(officeCode);
    if (this.steps.every((s) => isFinalStep(s.status))) throw new ActionRefused('WRONG_STATE', 'every step is finished; there is nothing left to withdraw');
  }

  /** An operator cancelled the workflow: close like a withdrawal, recording who did it. */
  cancelByOperator(now: Date): void {
    if (this.isClosed) return;
    this.emit('WITHDRAWN', now, undefined, 'operator', 'operator', party.desk(this.input.receivingOffice), { reason: 'cancelled by an operator' });
    for (const step of this.steps.filter((s) => !isFinalStep(s.status))) this.finish(step, 'CANCELLED', now);
    this.close('WITHDRAWN', now);
  }

  /** Withdrawal stops what has not finished; what was done (e.g. the death registration) stands. */
  withdraw(officeCode: string, reason: string, now: Date): StepState[] {
    this.validateWithdrawal(officeCode);
    const toNotify = this.steps.filter((s) => s.status === 'DISPATCHED' || s.status === 'AWAITING_SUPPLEMENT');
    this.emit('WITHDRAWN', now, undefined, party.desk(officeCode), party.applicant, party.desk(officeCode), { reason });
    for (const step of this.steps.filter((s) => !isFinalStep(s.status))) {
      this.finish(step, 'CANCELLED', now);
      this.emit('CANCELLED', now, step, party.desk(officeCode), party.desk(officeCode), party.agency(step.agencyCode), {});
    }
    this.close('WITHDRAWN', now);
    return toNotify;
  }

  /** Absolute state plus the events not yet written; each call is a new revision. */
  snapshot(): CaseSnapshot {
    const events = this.pending;
    this.pending = [];
    const actions = this.pendingActions;
    this.pendingActions = [];
    this.moved = false;
    return { ...this.state(this.revision++), events, ...(actions.length ? { actions } : {}) };
  }

  /**
   * The whole case as the ledger should show it, every known event included, changing nothing
   * (it backs a query): the reconciler writes it when the ledger holds another run's writes.
   */
  completeSnapshot(): CaseSnapshot {
    return { ...this.state(this.revision - 1), events: [...this.timeline].sort((a, b) => a.seq - b.seq), complete: true };
  }

  private state(revision: number): Omit<CaseSnapshot, 'events'> {
    return {
      caseCode: this.input.caseCode,
      revision,
      status: this.status,
      appointmentAt: this.appointmentAt,
      closedAt: this.closedAt,
      apologyIssuedAt: this.apologyIssuedAt,
      isOverdue: this.isOverdue,
      steps: this.steps.map((s) => this.stepSnapshot(s)),
    };
  }

  /** A step as the ledger shows it (see `acknowledgedDispatch`). */
  private stepSnapshot(step: StepState): StepSnapshot {
    const {
      essential: _e,
      role: _role,
      resultKind: _r,
      forwards: _f,
      deliveryPending,
      deliveredAt,
      handOver: _h,
      supplement: _s,
      supplementWindowWorkingDays: _w,
      supplementDeadlineAt: _sd,
      pollAt: _pa,
      polls: _p,
      answers: _a,
      ...s
    } = step;
    if (!this.acknowledgedDispatch) return s;
    return { ...s, status: s.status === 'DISPATCHED' && deliveryPending ? 'SENDING' : s.status, dispatchedAt: deliveredAt };
  }

  private dispatch(step: StepState, now: Date, clockFrom: Date, atDesk: boolean): void {
    this.move(step, 'DISPATCHED', now);
    step.dispatchedAt = now.toISOString();
    step.dueAt = this.deadline(clockFrom, step.timeLimitWorkingDays, atDesk).toISOString();
    // A new period (first dispatch or restart after a supplement): a new reminder, not yet late.
    step.remindedAt = undefined;
    step.isOverdue = false;
    step.deliveryPending = true;
    step.deliveredAt = undefined;
    // Acknowledged-dispatch mode logs the hand-over when the agency acknowledges it (the connector writes it).
    if (this.acknowledgedDispatch) this.reserveHandOver(step);
    else this.handedOver(step, now);
  }

  protected finish(step: StepState, status: StepStatus, now: Date): void {
    this.move(step, status, now);
    step.finishedAt = now.toISOString();
  }

  /** An agency answering after its due date is late, even if no timer saw it (e.g. the worker was down). */
  private markIfLate(step: StepState, now: Date): void {
    if (step.dueAt && now.getTime() >= Date.parse(step.dueAt)) step.isOverdue = true;
  }

  /** The one deadline function on this case's office hours and calendar. */
  protected deadline(from: Date, workingDays: number, atDesk = false): Date {
    const receipt = atDesk && this.receiptCalendar ? { receiptCalendar: this.receiptCalendar } : {};
    return computeDeadline({ from, workingDays, hours: this.hours, calendar: this.calendar, ...receipt }).dueAt;
  }

  /**
   * When the unfinished work would be done: steps out at an agency keep their due date (at least
   * the next working day if already past it), a step awaiting the applicant gets its whole limit
   * from now, and pending steps follow the steps they depend on.
   */
  protected replan(now: Date): Date {
    const due = new Map<string, number>();
    const open = this.steps.filter((s) => !isFinalStep(s.status));
    const soonest = this.deadline(now, 1).getTime();
    for (let guard = 0; due.size < open.length && guard <= open.length; guard++) {
      for (const s of open) {
        if (due.has(s.stepId)) continue;
        if (s.status === 'DISPATCHED' && s.dueAt) due.set(s.stepId, Math.max(Date.parse(s.dueAt), Date.parse(s.dueAt) < now.getTime() ? soonest : 0));
        else if (s.status === 'AWAITING_SUPPLEMENT') due.set(s.stepId, this.deadline(now, s.timeLimitWorkingDays).getTime());
        else {
          const deps = s.dependsOn.map((d) => this.step(d)!).filter((d) => !isFinalStep(d.status));
          if (deps.some((d) => !due.has(d.stepId))) continue;
          const start = Math.max(now.getTime(), ...deps.map((d) => due.get(d.stepId)!));
          due.set(s.stepId, this.deadline(new Date(start), s.timeLimitWorkingDays).getTime());
        }
      }
    }
    return new Date(Math.max(now.getTime(), ...due.values()));
  }

  /** Appointments only move later; each move is a hand-over the desk must tell the applicant about. */
  protected moveAppointment(to: Date, now: Date, reason: string): void {
    const from = this.appointmentAt;
    if (to.getTime() <= Date.parse(from)) return;
    this.appointmentAt = to.toISOString();
    this.caseOverdue = false;
    this.emit('APPOINTMENT_MOVED', now, undefined, party.engine, party.desk(this.input.receivingOffice), party.applicant, { previousAppointmentAt: from, newAppointmentAt: this.appointmentAt, reason });
  }

  protected move(step: StepState, to: StepStatus, _now: Date): void {
    if (!canStepMove(step.status, to)) throw new Error(`illegal step transition ${step.status} → ${to}`);
    step.status = to;
    this.moved = true;
  }

  protected close(outcome: CaseStatus, now: Date): void {
    // Finished after the appointment in force: late, even if the appointment timer lost the race.
    if (outcome !== 'WITHDRAWN' && now.getTime() > Date.parse(this.appointmentAt)) this.caseOverdue = true;
    this.outcome = outcome;
    this.closedAt = now.toISOString();
    this.emit('CLOSED', now, undefined, party.engine, party.engine, party.desk(this.input.receivingOffice), { outcome });
  }

  /** The sequence number the next event will get. */
  get nextSeq(): number {
    return this.seq;
  }

  /**
   * Names the person behind the events emitted since `seq` that a caller's action wrote (not the
   * engine's own, such as the dispatches and the closing it set off): `details.by`.
   */
  attributeEventsSince(seq: number, by: ActingPerson): void {
    for (const e of this.timeline) {
      if (e.seq >= seq && e.actor !== party.engine) e.details = { ...e.details, by };
    }
  }

  protected emit(type: EventType, now: Date, step: StepState | undefined, actor: string, from: string, to: string, details: Record<string, unknown>): void {
    const seq = this.seq++;
    const event: LedgerEvent = { id: eventId(this.input.caseCode, seq), seq, type, stepId: step?.stepId, actor, from, to, at: now.toISOString(), details };
    this.pending.push(event);
    this.timeline.push(event);
  }
}
