import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, findAgency, findGroup, findOffice, getCatalogue, localDateOf, type CalendarOverride } from '../domain';
import type { CaseOperations } from '../domain/case/machine';
import type { Logger } from '../platform/logger';
import { cachedCalendarOverrides } from '../prisma/calendar';
import { casesAwaitingStart, markWorkflowStarted, type CaseToStart } from '../prisma/cases-write';
import type { PrismaClient } from '../prisma/generated/client';
import type { linkedCase, CaseWorkflowInput } from '../workflows/case-workflow';
import { caseSearchAttributes } from '../workflows/search-attributes';

// A receipt commits first and starts its workflow after (no lock held across the network). If the
// process dies between the two, the case is stored but not running: the starter, in every API
// process, finds such cases within seconds and starts them. Starting twice is harmless: the
// workflow ID is the case code, an existing run is used as it is, and a closed one is never re-run.

export interface StarterDeps {
  db: PrismaClient;
  temporal: Client;
  taskQueue: string;
  reminderLeadMinutes: number;
  /** How the case escalates failed dispatches and asks for late answers. */
  operations: CaseOperations;
  logger: Logger;
  now: () => Date;
}

/** The workflow's input, from what the receipt stored: the same whoever starts it. */
export function workflowInput(c: CaseToStart, reminderLeadMinutes: number, calendarOverrides: CalendarOverride[], operations: CaseOperations): CaseWorkflowInput {
  const catalogue = getCatalogue(c.catalogueVersion);
  const group = findGroup(catalogue, c.group);
  const order = (procedure: string) => group?.procedures.findIndex((p) => p.code === procedure) ?? 0;
  // The workflow cannot read the province data: the office's hours and the agencies' roles go in its input.
  const office = findOffice(catalogue, c.officeCode);
  // Never start a workflow that could not find its office (province data not loaded yet): the starter tries again.
  if (!office) throw new Error(`office ${c.officeCode} is not in the province data in use`);
  const roleOf = (agencyCode: string) => findAgency(catalogue, agencyCode)?.role;
  return {
    caseCode: c.caseCode,
    // quietInsideLead: new cases only, so running ones replay as they ran (see domain/case/clock.ts).
    clock: { reminderLeadMinutes, quietInsideLead: true },
    operations: { ...operations, pollsJudgeDates: true, pollsJudgeReceipt: true, pollsJudgeText: true },
    group: c.group,
    catalogueVersion: c.catalogueVersion,
    receivingOffice: c.officeCode,
    receivedAt: c.receivedAt.toISOString(),
    appointmentAt: c.appointmentAt.toISOString(),
    office: { cutoff: office.cutoff, opensAt: office.opensAt, closesAt: office.closesAt },
    // Catalogue order, as planned at receipt.
    steps: [...c.steps].sort((a, b) => order(a.procedure) - order(b.procedure)).map((s) => ({ ...s, role: s.role ?? roleOf(s.agencyCode) })),
    calendarOverrides,
  };
}

/** Starts the case's workflow unless it runs or ran already, then records that it is started. */
export async function startCaseWorkflow(deps: StarterDeps, input: CaseWorkflowInput): Promise<void> {
  try {
    await deps.temporal.workflow.start<typeof linkedCase>(CASE_WORKFLOW_TYPE, {
      workflowId: caseWorkflowId(input.caseCode),
      taskQueue: deps.taskQueue,
      // A case code is never reused: a running workflow is this case's, a closed one must not run again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      args: [input],
      // What operators read in the Temporal UI: codes and dates only (encrypted with the payloads).
      staticSummary: `${input.group} case ${input.caseCode}: ${input.steps.map((s) => s.procedure).join(', ')}`,
      staticDetails: [
        `Group: ${input.group} (catalogue ${input.catalogueVersion})`,
        `Received at: ${input.receivingOffice}, ${input.receivedAt}`,
        `Appointment: ${input.appointmentAt}`,
        ...input.steps.map((s) => `- ${s.stepId}: ${s.agencyCode}${s.dependsOn.length ? ` after ${s.dependsOn.join(', ')}` : ''}`),
      ].join('\n'),
      memo: { group: input.group, procedures: input.steps.map((s) => s.procedure), receivingOffice: input.receivingOffice, appointmentAt: input.appointmentAt },
      typedSearchAttributes: [
        { key: caseSearchAttributes.caseCode, value: input.caseCode },
        { key: caseSearchAttributes.procedureGroup, value: input.group },
        { key: caseSearchAttributes.caseStatus, value: 'RECEIVED' },
        { key: caseSearchAttributes.pendingAgencies, value: [] },
        { key: caseSearchAttributes.dueAt, value: new Date(input.appointmentAt) },
        { key: caseSearchAttributes.isOverdue, value: false },
        { key: caseSearchAttributes.needsAttention, value: false },
      ],
    });
  } catch (err) {
    // It ran and closed already: started, long ago.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  await markWorkflowStarted(deps.db, input.caseCode, deps.now());
}

export interface StarterOptions {
  /** How often to look for cases whose start is owed. */
  intervalMs?: number;
  /** Cases younger than this are left to the receipt that is starting them. */
  graceMs?: number;
}

export interface RunningStarter {
  /** One pass now (tests, and at start-up); resolves with the number of cases started. */
  sweep(): Promise<number>;
  /**
   * Starts a just-received case's workflow in the background. A failure
   * is only logged: the sweep starts the case later.
   */
  startSoon(input: CaseWorkflowInput): void;
  /** Stops sweeping and waits (at most `graceMs`) for the starts in flight, so none outlives the connection. */
  stop(graceMs?: number): Promise<void>;
}

export function startCaseStarter(deps: StarterDeps, o: StarterOptions = {}): RunningStarter {
  const intervalMs = o.intervalMs ?? 2_000;
  const graceMs = o.graceMs ?? 5_000;
  let current: Promise<number> | undefined;

  const pass = async (): Promise<number> => {
    const owed = await casesAwaitingStart(deps.db, new Date(deps.now().getTime() - graceMs), 50);
    for (const c of owed) {
      const overrides = await cachedCalendarOverrides(deps.db, { fromDate: localDateOf(c.receivedAt), officeCode: c.officeCode });
      await startCaseWorkflow(deps, workflowInput(c, deps.reminderLeadMinutes, overrides, deps.operations));
      deps.logger.warn({ caseCode: c.caseCode }, 'started a case whose receipt did not start it');
    }
    return owed.length;
  };
  const sweep = (): Promise<number> => {
    current ??= pass().finally(() => (current = undefined));
    return current;
  };
  const timer = setInterval(() => {
    // PostgreSQL or Temporal down: the next pass tries again. Only the error's kind is logged.
    sweep().catch((err: unknown) => deps.logger.warn({ error: (err as Error).name }, 'case starter: will retry'));
  }, intervalMs);
  timer.unref();

  const inFlight = new Set<Promise<void>>();
  const startSoon = (input: CaseWorkflowInput): void => {
    const work = startCaseWorkflow(deps, input)
      .catch((err: unknown) => deps.logger.warn({ caseCode: input.caseCode, error: (err as Error).name }, 'case received; its workflow will be started by the starter'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  };

  return {
    sweep,
    startSoon,
    stop: async (graceMs = 10_000) => {
      clearInterval(timer);
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([current, ...inFlight]),
        new Promise((resolve) => {
          bound = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(bound);
    },
  };
}
