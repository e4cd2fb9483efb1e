import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, WorkflowBundleOption } from '@temporalio/worker';
import { agenciesForKind, createSimulator, Simulator, SIMULATOR_KINDS, SimulatorMode } from '../agencies';
import { startApi, RunningApi, type ApiSettings } from '../api/app';
import type { RateLimits } from '../api/auth';
import { CATALOGUE_VERSIONS } from '../domain';
import { DEV_CODEC_CORS_ORIGINS, loadConfig, rateLimitsOf, type AgencyEndpoint } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { KeyRing } from '../platform/key-ring';
import { createDataConverter } from '../platform/temporal';
import { createApiKey } from '../prisma/api-keys';
import { createPrismaClient, Db } from '../prisma/client';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWorkflowBundleInChild } from '../worker/bundle';
import { createCaseWorker } from '../worker/create-worker';
import { ensureSearchAttributes } from '../worker/search-attributes';

/**
 * The whole engine in one process — API, worker and the four agency simulators — over a given
 * PostgreSQL and Temporal. `npm start` runs it on embedded defaults; the integration tests run one
 * per test file with their own task queue and keys.
 */
export interface SystemOptions {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  apiPort: number;
  subjectKeySecret: string;
  /** The payload encryption keys of the API's client, the worker and the codec server. */
  keyRing: KeyRing;
  /** Web UI origins allowed to call the codec server (default: the dev server's UI). */
  codecCorsOrigins?: readonly string[];
  reminderLeadMinutes?: number;
  logger: Logger;
  simulators: { mode: SimulatorMode; delayMs: number; refuseShare?: number; supplementShare?: number; seed?: number; port?: (kind: string) => number };
  /** Development only: well-known keys instead of random ones, so the README's curl works as printed. */
  fixedDevKeys?: boolean;
  workflowBundle?: WorkflowBundleOption;
  now?: () => Date;
  /** Defaults: the configuration's defaults (platform/config.ts). */
  limits?: RateLimits;
  /** API options for tests: answers checked against their declarations, a hook after a receipt's commit, a faster starter. */
  api?: Pick<ApiSettings, 'validateResponses' | 'afterReceiptCommit' | 'starter'>;
}

export interface SystemKeys {
  desk: Record<string, string>;
  operator: string;
  agencies: Record<string, string>;
}

export interface RunningSystem {
  apiUrl: string;
  apiServer: RunningApi;
  keys: SystemKeys;
  simulators: Record<string, { simulator: Simulator; url: string }>;
  db: Db;
  client: Client;
  /** What the client and the worker encrypt and decrypt with. */
  dataConverter: DataConverter;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

const catalogue = CATALOGUE_VERSIONS[CATALOGUE_VERSIONS.length - 1]!;
const SIMULATOR_TOKEN = 'dev-simulator-inbound-token';

async function seedKeys(db: Db, fixed: boolean): Promise<SystemKeys> {
  const key = async (role: 'desk' | 'agency' | 'operator', label: string, code: { officeCode?: string; agencyCode?: string }, fixedKey: string) =>
    (await createApiKey(db, { role, label, ...code, key: fixed ? fixedKey : undefined })).key;
  const desk: Record<string, string> = {};
  for (const o of catalogue.offices) desk[o.code] = await key('desk', `dev desk ${o.code}`, { officeCode: o.code }, `ltk_dev_desk_${o.code}`);
  const agencies: Record<string, string> = {};
  for (const a of catalogue.agencies) agencies[a.code] = await key('agency', `dev agency ${a.code}`, { agencyCode: a.code }, `ltk_dev_agency_${a.code}`);
  const operator = await key('operator', 'dev operator', {}, 'ltk_dev_operator');
  return { desk, operator, agencies };
}

/** The SDK's own logs (bundling, state changes) at WARN: one runtime per process, installed once. */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN') });
  } catch {
    // Already installed by an earlier system in this process.
  }
}

export async function startSystem(o: SystemOptions): Promise<RunningSystem> {
  quietTemporalRuntime();
  const db = createPrismaClient(o.databaseUrl);
  // The worker gets its own connection pool, as it has in production (its own process).
  const workerDb = createPrismaClient(o.databaseUrl);
  const connection = await Connection.connect({ address: o.temporalAddress });
  await ensureSearchAttributes(connection, o.namespace);
  const dataConverter = createDataConverter(o.keyRing);
  const client = new Client({ connection, namespace: o.namespace, dataConverter });
  const keys = await seedKeys(db, o.fixedDevKeys ?? false);
  const api: RunningApi = await startApi(
    {
      db,
      temporal: client,
      taskQueue: o.taskQueue,
      subjectKeySecret: o.subjectKeySecret,
      reminderLeadMinutes: o.reminderLeadMinutes ?? 240,
      logger: o.logger.child({ part: 'api' }),
      now: o.now ?? (() => new Date()),
      limits: o.limits ?? rateLimitsOf(loadConfig({})),
      codecServer: { keyRing: o.keyRing, corsOrigins: o.codecCorsOrigins ?? DEV_CODEC_CORS_ORIGINS },
      ...o.api,
    },
    o.apiPort,
  );

  const simulators: RunningSystem['simulators'] = {};
  const endpoints: Record<string, AgencyEndpoint> = {};
  for (const kind of SIMULATOR_KINDS) {
    const served = agenciesForKind(catalogue, kind);
    const simulator = createSimulator(
      {
        name: kind.kind,
        agencies: served,
        mode: o.simulators.mode,
        engineUrl: api.url,
        agencyKeys: Object.fromEntries(served.map((c) => [c, keys.agencies[c]!])),
        delayMs: o.simulators.delayMs,
        refuseShare: o.simulators.refuseShare ?? 0,
        supplementShare: o.simulators.supplementShare ?? 0,
        inboundToken: SIMULATOR_TOKEN,
        seed: o.simulators.seed,
        retryBaseMs: 200,
      },
      { logger: o.logger.child({ part: `simulator:${kind.kind}` }) },
    );
    const { url } = await simulator.start(o.simulators.port?.(kind.kind) ?? 0);
    simulators[kind.kind] = { simulator, url };
    for (const code of served) endpoints[code] = { baseUrl: url, token: SIMULATOR_TOKEN, timeoutMs: 5000 };
  }

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let native: NativeConnection | undefined;
  // Bundled in a child process unless given: webpack's memory stays out of the engine's process.
  const ownBundle = o.workflowBundle ? undefined : await buildWorkflowBundleInChild(path.join(os.tmpdir(), `lien-thong-workflows-${process.pid}-${Date.now()}.js`));
  const workflowBundle = o.workflowBundle ?? { codePath: ownBundle! };
  const startWorker = async () => {
    native = await NativeConnection.connect({ address: o.temporalAddress });
    worker = await createCaseWorker({
      connection: native,
      namespace: o.namespace,
      taskQueue: o.taskQueue,
      dataConverter,
      db: workerDb,
      agencyEndpoint: (code) => endpoints[code],
      logger: o.logger.child({ part: 'worker' }),
      workflowBundle,
    });
    running = worker.run();
  };
  const stopWorker = async () => {
    if (!worker) return;
    worker.shutdown();
    await running;
    await native?.close();
    worker = undefined;
  };
  await startWorker();

  return {
    apiUrl: api.url,
    apiServer: api,
    keys,
    simulators,
    db,
    client,
    dataConverter,
    startWorker,
    stopWorker,
    stop: async () => {
      await stopWorker();
      for (const s of Object.values(simulators)) await s.simulator.stop();
      await api.stop();
      await connection.close();
      await db.$disconnect();
      await workerDb.$disconnect();
      if (ownBundle) rmSync(ownBundle, { force: true });
    },
  };
}
