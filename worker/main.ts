import { createServer } from 'node:http';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, reconcileIntervalOf, requireKeyRing, requireSetting } from '../platform/config';
import { createLogger } from '../platform/logger';
import { installTemporalLogging } from '../platform/temporal-logging';
import { createDataConverter } from '../platform/temporal';
import { createPrismaClient } from '../prisma/client';
import { createCaseWorker, workerClient } from './create-worker';
import { ensureReconcilerSchedule } from './reconciler-schedule';
import { ensureSearchAttributes } from './search-attributes';

/** Production entry: one worker process for the case task queue. Stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', { level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production' });
  installTemporalLogging(logger, config.LOG_LEVEL);
  const address = requireSetting(config.TEMPORAL_ADDRESS, 'TEMPORAL_ADDRESS');
  if (config.NODE_ENV === 'production' && Object.keys(config.AGENCY_ENDPOINTS).length === 0) {
    throw new Error('invalid configuration:\n  AGENCY_ENDPOINTS: required in production (agency code → endpoint)');
  }
  const dataConverter = createDataConverter(requireKeyRing(config));
  const db = createPrismaClient(requireSetting(config.DATABASE_URL, 'DATABASE_URL'));
  const client = await Connection.connect({ address });
  const added = await ensureSearchAttributes(client, config.TEMPORAL_NAMESPACE);
  if (added.length) logger.info({ added }, 'registered search attributes');
  await client.close();
  const connection = await NativeConnection.connect({ address });
  const worker = await createCaseWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    dataConverter,
    db,
    agencyEndpoint: (code) => config.AGENCY_ENDPOINTS[code],
    logger,
    workflowBundle: config.WORKFLOW_BUNDLE_PATH ? { codePath: config.WORKFLOW_BUNDLE_PATH } : undefined,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  await ensureReconcilerSchedule(workerClient(connection, config.TEMPORAL_NAMESPACE, dataConverter), { taskQueue: config.TASK_QUEUE, intervalSeconds: reconcileIntervalOf(config) });
  logger.info({ taskQueue: config.TASK_QUEUE, reconcileEverySeconds: reconcileIntervalOf(config) }, 'worker started');
  // Optional liveness endpoint for container health checks: 200 while the worker is RUNNING.
  const healthPort = config.WORKER_HEALTH_PORT;
  const health = healthPort
    ? createServer((_req, res) => {
        const state = worker.getState();
        res.writeHead(state === 'RUNNING' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ state }));
      }).listen(Number(healthPort))
    : undefined;
  await worker.run();
  health?.close();
  await connection.close();
  await db.$disconnect();
  logger.info('worker stopped');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
