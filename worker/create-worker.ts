import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, ActivityDeps } from '../activities';

export interface CaseWorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** platform/temporal.ts's createDataConverter(keyRing): the worker encrypts what it sends and decrypts what it reads. */
  dataConverter: DataConverter;
  /** A pre-built bundle (tests build it once); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

export async function createCaseWorker(o: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities({ db: o.db, agencyEndpoint: o.agencyEndpoint, logger: o.logger }),
    dataConverter: o.dataConverter,
  });
}
