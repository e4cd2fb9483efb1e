import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { CaseActivities, DispatchOrder as DispatchRequest, ReminderOrder as ReminderRequest } from '../../activities';
import type { CalendarOverride, CaseSnapshot, DispatchAcknowledgement, LedgerEvent } from '../../domain';
import { testServerExecutable } from '../../platform/temporal-dev-server';
import { createLogger } from '../../platform/logger';
import { installTemporalLogging } from '../../platform/temporal-logging';
import { ensureSearchAttributes } from '../../worker/search-attributes';
import { testDataConverter } from './keys';

/** In-memory stand-ins for the activities: the ledger as the list of snapshots, agencies as call logs. */
export class FakeActivities {
  snapshots: CaseSnapshot[] = [];
  dispatches: DispatchRequest[] = [];
  reminders: ReminderRequest[] = [];
  /** Hand-overs the connector writes to the ledger when an agency acknowledges a dispatch. */
  handOvers: LedgerEvent[] = [];
  overrides: CalendarOverride[] = [];
  /** What an agency's system says when the workflow asks it for an answer. */
  polled: Awaited<ReturnType<CaseActivities['pollStep']>> = { state: 'recorded' };

  get events(): LedgerEvent[] {
    return this.snapshots.flatMap((s) => s.events);
  }

  get latest(): CaseSnapshot | undefined {
    return [...this.snapshots].sort((a, b) => b.revision - a.revision)[0];
  }

  activities(): CaseActivities {
    return {
      recordCase: async (s, calendar) => {
        this.snapshots.push(s);
        return calendar && { overrides: this.overrides };
      },
      // The workflow takes its own time as the acknowledgement's when the connector gives none.
      dispatchStep: async (r) => {
        this.dispatches.push(r);
        if (r.handOver) this.handOvers.push({ ...r.handOver, at: 'at acknowledgement' });
        return undefined as unknown as DispatchAcknowledgement;
      },
      cancelStep: async () => undefined,
      remindAgency: async (r) => void this.reminders.push(r),
      pollStep: async () => this.polled,
      loadCalendar: async () => this.overrides,
    };
  }
}

export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  installTemporalLogging(createLogger('tests', { level: 'warn' }), 'warn');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() }, client: { dataConverter: testDataConverter() } });
  // The test server, like a real one, refuses search attributes it does not know.
  await ensureSearchAttributes(env.connection, 'default', { assumeNone: true });
  return env;
}

export async function createFakeWorker(env: TestWorkflowEnvironment, fakes: FakeActivities): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = `clock-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    activities: fakes.activities(),
    dataConverter: testDataConverter(),
  });
  return { worker, taskQueue };
}
