import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, WorkflowBundleOption } from '@temporalio/worker';
import { AgencyAnswerMode, createSimulator, Simulator, SimulatorMode } from '../agencies';
import { startApi, RunningApi, type ApiSettings } from '../api/app';
import type { RateLimits } from '../api/auth';
import { catalogueInForceOn, localDateOf } from '../domain';
import type { CaseOperations } from '../domain/case/machine';
import { caseOperationsOf, DEV_CODEC_CORS_ORIGINS, loadConfig, rateLimitsOf, type AgencyEndpoint } from '../platform/config';
import { AgencyRouting, mergeEndpoints, routeAgencies } from './agency-routing';
import type { Logger } from '../platform/logger';
import type { KeyRing } from '../platform/key-ring';
import { installTemporalLogging } from '../platform/temporal-logging';
import { createDataConverter } from '../platform/temporal';
import { createApiKey } from '../prisma/api-keys';
import { createPrismaClient, Db } from '../prisma/client';
import { randomBytes } from 'node:crypto';
import { ensureUser, type UserRole } from '../prisma/users';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWorkflowBundleInChild } from '../worker/bundle';
import { createCaseWorker } from '../worker/create-worker';
import { ensureReconcilerSchedule, reconcilerScheduleId } from '../worker/reconciler-schedule';
import { ensureSearchAttributes } from '../worker/search-attributes';

/**
 * The whole engine in one process — API, worker and the agency simulators — over a given
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
  /** The Temporal Web UI the console links cases to (default: the dev server's). */
  temporalUiUrl?: string;
  /** Where the slips' QR codes lead (default: the API's own address) and the rating code's secret (default: a random one per start). */
  tracking?: { publicBaseUrl?: string; ratingSecret?: string };
  reminderLeadMinutes?: number;
  /** Runs the reconciler's Temporal Schedule on this task queue every so many seconds (none by default). */
  reconcileIntervalSeconds?: number;
  /** The pino level from which the Temporal SDK's own logs are kept (default `warn`). */
  temporalLogLevel?: string;
  /** How cases escalate failed dispatches and ask for late answers (default: the configuration's defaults). */
  operations?: CaseOperations;
  logger: Logger;
  simulators: { mode: SimulatorMode; answers?: AgencyAnswerMode; delayMs: number; refuseShare?: number; supplementShare?: number; seed?: number; port?: (kind: string) => number };
  /** Agencies served by these endpoints instead of their simulators (AGENCY_ENDPOINTS of npm start). */
  agencyEndpoints?: Record<string, AgencyEndpoint>;
  /** Development only: well-known keys instead of random ones, so the README's curl works as printed. */
  fixedDevKeys?: boolean;
  /** Development only: console users for every role, office and agency, all with DEV_USER_PASSWORD. */
  devUsers?: boolean;
  workflowBundle?: WorkflowBundleOption;
  /** WORKER_MAX_CACHED_WORKFLOWS (default DEFAULT_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows?: number;
  now?: () => Date;
  /** Defaults: the configuration's defaults (platform/config.ts). */
  limits?: RateLimits;
  /** Console sign-in and session settings (default: the configuration's defaults). */
  people?: ApiSettings['people'];
  /** TRUST_PROXY (default: none trusted). */
  trustProxy?: ApiSettings['trustProxy'];
  /** API options for tests: answers checked against their declarations, a faster starter. */
  api?: Pick<ApiSettings, 'validateResponses' | 'starter' | 'requestTimeoutMs'>;
}

export interface SystemKeys {
  desk: Record<string, string>;
  operator: string;
  agencies: Record<string, string>;
}

/** A development console user (password DEV_USER_PASSWORD). */
export interface DevUser {
  username: string;
  fullName: string;
  role: UserRole;
  officeCode?: string;
  agencyCode?: string;
}

/** The one password of the development users: printed by `npm start`, never seeded elsewhere. */
export const DEV_USER_PASSWORD = 'lien-thong-dev';

export interface RunningSystem {
  apiUrl: string;
  /** The development users seeded (`devUsers`), else empty. */
  users: DevUser[];
  apiServer: RunningApi;
  keys: SystemKeys;
  simulators: Record<string, { simulator: Simulator; url: string }>;
  /** Which agencies the simulators serve and which configured endpoints serve the others. */
  routing: AgencyRouting;
  /** The endpoint of every agency, as the worker uses them. */
  endpoints: Record<string, AgencyEndpoint>;
  db: Db;
  client: Client;
  /** What the client and the worker encrypt and decrypt with. */
  dataConverter: DataConverter;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** The offices and agencies open today, from the province data in use (loaded before the system starts). */
const catalogueToday = () => catalogueInForceOn(localDateOf(new Date()));
const SIMULATOR_TOKEN = 'dev-simulator-inbound-token';

async function seedKeys(db: Db, fixed: boolean): Promise<SystemKeys> {
  const key = async (role: 'desk' | 'agency' | 'operator', label: string, code: { officeCode?: string; agencyCode?: string }, fixedKey: string) =>
    (await createApiKey(db, { role, label, ...code, key: fixed ? fixedKey : undefined })).key;
  const desk: Record<string, string> = {};
  for (const o of catalogueToday().offices) desk[o.code] = await key('desk', `dev desk ${o.code}`, { officeCode: o.code }, `ltk_dev_desk_${o.code}`);
  const agencies: Record<string, string> = {};
  for (const a of catalogueToday().agencies) agencies[a.code] = await key('agency', `dev agency ${a.code}`, { agencyCode: a.code }, `ltk_dev_agency_${a.code}`);
  const operator = await key('operator', 'dev operator', {}, 'ltk_dev_operator');
  return { desk, operator, agencies };
}

/**
 * One user per role (admin, operator), per office (a desk officer) and per agency (an agency
 * officer): usernames `admin`, `operator`, `desk.<office code>`, `agency.<agency code>` in lower case.
 */
async function seedUsers(db: Db): Promise<DevUser[]> {
  const today = catalogueToday();
  const wanted: DevUser[] = [
    { username: 'admin', fullName: 'Quản trị viên (dev)', role: 'admin' },
    { username: 'operator', fullName: 'Cán bộ vận hành (dev)', role: 'operator' },
    ...today.offices.map((o) => ({ username: `desk.${o.code}`.toLowerCase(), fullName: `Cán bộ một cửa ${o.code} (dev)`, role: 'desk' as const, officeCode: o.code })),
    ...today.agencies.map((a) => ({ username: `agency.${a.code}`.toLowerCase(), fullName: `Cán bộ ${a.code} (dev)`, role: 'agency' as const, agencyCode: a.code })),
  ];
  for (const u of wanted) await ensureUser(db, { ...u, password: DEV_USER_PASSWORD });
  return wanted;
}

export async function startSystem(o: SystemOptions): Promise<RunningSystem> {
  // The SDK's own logs through our logger, from WARN (state changes and bundling are noise here).
  installTemporalLogging(o.logger, o.temporalLogLevel ?? 'warn');
  const db = createPrismaClient(o.databaseUrl);
  // The worker gets its own connection pool, as it has in production (its own process).
  const workerDb = createPrismaClient(o.databaseUrl);
  const connection = await Connection.connect({ address: o.temporalAddress });
  await ensureSearchAttributes(connection, o.namespace);
  const dataConverter = createDataConverter(o.keyRing);
  const client = new Client({ connection, namespace: o.namespace, dataConverter });
  const keys = await seedKeys(db, o.fixedDevKeys ?? false);
  const users = o.devUsers ? await seedUsers(db) : [];
  const api: RunningApi = await startApi(
    {
      db,
      temporal: client,
      taskQueue: o.taskQueue,
      subjectKeySecret: o.subjectKeySecret,
      reminderLeadMinutes: o.reminderLeadMinutes ?? 240,
      operations: o.operations ?? caseOperationsOf(loadConfig({})),
      logger: o.logger.child({ part: 'api' }),
      now: o.now ?? (() => new Date()),
      limits: o.limits ?? rateLimitsOf(loadConfig({})),
      ...(o.people ? { people: o.people } : {}),
      ...(o.trustProxy !== undefined ? { trustProxy: o.trustProxy } : {}),
      codecServer: { keyRing: o.keyRing, corsOrigins: o.codecCorsOrigins ?? DEV_CODEC_CORS_ORIGINS },
      consoleUi: { temporalUiUrl: o.temporalUiUrl },
      tracking: { publicBaseUrl: o.tracking?.publicBaseUrl, ratingSecret: o.tracking?.ratingSecret ?? randomBytes(32).toString('base64url') },
      ...o.api,
    },
    o.apiPort,
  );

  const simulators: RunningSystem['simulators'] = {};
  const simulated: Record<string, AgencyEndpoint> = {};
  const answers = o.simulators.answers ?? 'callback';
  const routing = routeAgencies(catalogueToday(), o.agencyEndpoints ?? {});
  for (const { kind, agencies: served } of routing.simulated) {
    const simulator = createSimulator(
      {
        name: kind.kind,
        agencies: served,
        mode: o.simulators.mode,
        answers,
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
    // Polled simulators are asked at the shortest interval allowed: they answer within seconds.
    for (const code of served) simulated[code] = { baseUrl: url, token: SIMULATOR_TOKEN, timeoutMs: 5000, answers, pollSeconds: 5 };
  }
  const endpoints = mergeEndpoints(simulated, routing.configured);

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let native: NativeConnection | undefined;
  // Bundled in a child process unless given: webpack's memory stays out of the engine's process.
  const ownBundle = o.workflowBundle ? undefined : await buildWorkflowBundleInChild(path.join(os.tmpdir(), `lien-thong-workflows-${process.pid}-${Date.now()}.js`));
  const workflowBundle = o.workflowBundle ?? { codePath: ownBundle! };
  // 4.8 MB in the temp directory at each start: removed on stop, and at any exit before it (a failed
  // start, a stop cut short by a second Ctrl-C or by a part that did not stop in time).
  const removeBundle = () => {
    if (!ownBundle) return;
    process.off('exit', removeBundle);
    rmSync(ownBundle, { force: true });
  };
  if (ownBundle) process.on('exit', removeBundle);
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
      maxCachedWorkflows: o.maxCachedWorkflows,
    });
    running = worker.run();
  };
  const stopWorker = async () => {
    if (!worker) return;
    // Not when the SDK's own signal handler has begun it (shutdown() would throw).
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await native?.close();
    worker = undefined;
  };
  try {
    await startWorker();
  } catch (err) {
    removeBundle();
    throw err;
  }
  if (o.reconcileIntervalSeconds) await ensureReconcilerSchedule(client, { taskQueue: o.taskQueue, intervalSeconds: o.reconcileIntervalSeconds });

  return {
    apiUrl: api.url,
    apiServer: api,
    keys,
    users,
    simulators,
    routing,
    endpoints,
    db,
    client,
    dataConverter,
    startWorker,
    stopWorker,
    stop: async () => {
      // First, and for a second at most: on Ctrl-C the Temporal server is stopping too, and the
      // client would retry on.
      if (o.reconcileIntervalSeconds)
        await connection.withDeadline(Date.now() + 1000, () => client.schedule.getHandle(reconcilerScheduleId(o.taskQueue)).delete()).catch(() => undefined);
      await stopWorker();
      for (const s of Object.values(simulators)) await s.simulator.stop();
      await api.stop();
      await connection.close();
      await db.$disconnect();
      await workerDb.$disconnect();
      removeBundle();
    },
  };
}
