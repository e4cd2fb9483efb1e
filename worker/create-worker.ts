import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, ActivityDeps } from '../activities';
import { createReconcileActivity } from '../activities/reconcile';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../platform/config';

export interface CaseWorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** platform/temporal.ts's createDataConverter(keyRing): the worker encrypts what it sends and decrypts what it reads. */
  dataConverter: DataConverter;
  /** A pre-built bundle (tests build it once); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** WORKER_MAX_CACHED_WORKFLOWS (platform/config.ts). */
  maxCachedWorkflows?: number;
}

/** A client over the worker's own connection: the reconciler reads and queries workflows with it. */
export function workerClient(connection: NativeConnection, namespace: string, dataConverter: DataConverter): Client {
  return new Client({ connection, namespace, dataConverter });
}

export async function createCaseWorker(o: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    activities: {
      ...createActivities({ db: o.db, agencyEndpoint: o.agencyEndpoint, logger: o.logger }),
      ...createReconcileActivity({ db: o.db, temporal: workerClient(o.connection, o.namespace, o.dataConverter), logger: o.logger }),
    },
    dataConverter: o.dataConverter,
    maxCachedWorkflows: o.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
  });
}
