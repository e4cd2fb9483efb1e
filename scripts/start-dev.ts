import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { catalogueInForceOn, localDateOf, useOrganisation } from '../domain';
import { caseOperationsOf, keyRingOf, loadConfig, type Config, peopleSettingsOf, rateLimitsOf, reconcileIntervalOf, requirePublicBaseUrl, requireRatingSecret, temporalUiUrlOf } from '../platform/config';
import { OWNED_SIGNALS, startEmbeddedPostgres } from '../platform/embedded-postgres';
import { developmentKeyRing } from '../platform/key-ring';
import { createLogger, type Logger } from '../platform/logger';
import { requireProvinceData } from '../platform/province-data';
import { startTemporalDevServer } from '../platform/temporal-dev-server';
import { installTemporalLogging } from '../platform/temporal-logging';
import { applyMigrations, ensureDatabase } from '../prisma/migrate';
import { createPrismaClient } from '../prisma/client';
import { syncConfiguredReferenceData } from '../prisma/reference-data';
import { redactDatabaseUrl } from '../platform/database-url';
import { SIMULATOR_KINDS } from '../agencies';
import { describeRouting, routeAgencies } from './agency-routing';
import { buildConsole } from './build-console';
import { portProblem, runningPostgres, type WantedPort } from './dev-ports';
import { DEV_USER_PASSWORD, startSystem } from './dev-system';

/** How long npm start waits for each part (system, Temporal, PostgreSQL) to stop. */
const STOP_STEP_MS = 5_000;

/** A start refused before anything started, for a reason one line tells (printed without a stack). */
class StartRefused extends Error {}

/**
 * Calls `gone` once the process that started this one has exited. `kill <pid of npm>` ends npm and
 * its shell only (the signal is not passed on): this process is then re-parented (to init or a
 * subreaper), and must stop what it started rather than run on orphaned.
 */
function watchParent(gone: () => void): NodeJS.Timeout | undefined {
  // Only under `npm start`: a launcher started directly (a wrapper that backgrounds it and exits)
  // is meant to outlive its parent.
  if (process.env.npm_lifecycle_event !== 'start') return undefined;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    gone();
  }, 1000);
  return timer.unref();
}

/**
 * `npm start`: the whole system on embedded defaults — PostgreSQL (unless DATABASE_URL), a Temporal
 * dev server with its Web UI (unless TEMPORAL_ADDRESS), migrations, worker, API and the agency
 * simulators in auto mode, except for agencies given in AGENCY_ENDPOINTS, which are served there.
 * State is kept under .data/ so cases survive a restart. Ctrl-C stops all.
 */
async function main(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'development', ...process.env });
  if (config.NODE_ENV === 'production') throw new Error('npm start is the development launcher; run api/main.ts and worker/main.ts in production');
  const logger = createLogger('lien-thong', { level: config.LOG_LEVEL, pretty: true });
  const dataDir = path.resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  // Everything started so far stops, newest first (the database last, after what still writes to
  // it). Each part gets STOP_STEP_MS (Ctrl-C reaches the servers too, and a part waiting on a server
  // that is gone must not hold the rest).
  const stopAll = async () => {
    for (const stop of stops) {
      const done = await Promise.race([
        stop().then(
          () => true,
          (err: unknown) => (logger.error({ err }, 'stop failed'), true),
        ),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_STEP_MS).unref()),
      ]);
      if (!done) logger.warn({ afterMs: STOP_STEP_MS }, 'a part did not stop in time; going on');
    }
  };
  // Ctrl-C, SIGTERM from a process manager, or npm gone: everything stops; a second Ctrl-C exits at once.
  let stopping = false;
  let startup: Promise<void> = Promise.resolve();
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    clearInterval(parentWatch);
    logger.info({ signal }, 'stopping');
    // A part being started is in `stops` once its step ends (the start goes no further).
    await startup.catch(() => undefined);
    await stopAll();
    process.exit(0);
  };
  // The embedded PostgreSQL's own exit hook is taken off these (ownSignals below).
  for (const signal of OWNED_SIGNALS) process.on(signal, () => void shutdown(signal));
  const parentWatch = watchParent(() => void shutdown('parent process exited'));
  startup = startAll(config, logger, dataDir, stops, () => stopping);
  try {
    await startup;
  } catch (err) {
    if (stopping) return; // shutdown() stops what started and exits
    console.error(err instanceof StartRefused ? `npm start: ${err.message}` : err);
    await stopAll();
    process.exit(1);
  }
}

/** Starts the parts in order, each added to `stops` once running; `stopping()` ends the start between parts. */
async function startAll(config: Config, logger: Logger, dataDir: string, stops: (() => Promise<void>)[], stopping: () => boolean): Promise<void> {
  const uiPort = config.TEMPORAL_UI_PORT;
  // The province data first: which simulators run (and so which ports they need) depends on it.
  const organisation = requireProvinceData();
  useOrganisation(organisation);
  const simulated = routeAgencies(catalogueInForceOn(localDateOf(new Date())), config.AGENCY_ENDPOINTS).simulated;
  const simulatorPort = (kind: string) => config.SIMULATOR_BASE_PORT + 1 + SIMULATOR_KINDS.findIndex((k) => k.kind === kind);
  const pgDir = path.join(dataDir, 'postgres');
  const leftPostgres = config.DATABASE_URL ? undefined : runningPostgres(pgDir);
  if (leftPostgres) throw new StartRefused(`the PostgreSQL of ${pgDir} already runs (pid ${leftPostgres}), left by an earlier start or started by another: stop it (kill ${leftPostgres}) and start again`);
  // Hosts as the servers bind them: PostgreSQL, Temporal and the API on loopback, the simulators on all addresses.
  const wanted: WantedPort[] = [
    ...(config.DATABASE_URL ? [] : [{ port: config.PG_PORT, host: '127.0.0.1', what: 'embedded PostgreSQL', variable: 'PG_PORT' }]),
    ...(config.TEMPORAL_ADDRESS
      ? []
      : [
          { port: config.TEMPORAL_PORT, host: '127.0.0.1', what: 'Temporal dev server', variable: 'TEMPORAL_PORT' },
          { port: uiPort, host: '127.0.0.1', what: 'Temporal Web UI', variable: 'TEMPORAL_UI_PORT' },
        ]),
    ...(config.PORT ? [{ port: config.PORT, host: '127.0.0.1', what: 'API', variable: 'PORT' }] : []),
    ...simulated.map(({ kind }) => ({ port: simulatorPort(kind.kind), what: `${kind.kind} simulator`, variable: 'SIMULATOR_BASE_PORT (the simulators take the four ports after it)' })),
  ];
  const problem = await portProblem(wanted);
  if (problem) throw new StartRefused(problem);
  const checkpoint = () => {
    if (stopping()) throw new Error('stopped while starting');
  };
  // Before the dev server (its start would install the SDK's runtime with default logging): the
  // SDK's logs through ours from WARN, and no shutdown of the worker on signals behind our back —
  // the worker stops in the order below, before the servers it uses.
  installTemporalLogging(logger, 'warn', []);
  // Payloads are encrypted in development too: a ring made on first start and kept with the data.
  const configuredRing = keyRingOf(config);
  const devRing = configuredRing ? undefined : developmentKeyRing(dataDir);
  const keyRing = configuredRing ?? devRing!.ring;

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: pgDir, port: config.PG_PORT, database: 'lien_thong', persistent: true, ownSignals: true });
    stops.unshift(pg.stop);
    databaseUrl = pg.url;
    checkpoint();
  }
  await ensureDatabase(databaseUrl);
  const migrated = await applyMigrations(databaseUrl);
  const db = createPrismaClient(databaseUrl);
  // PROVINCE_DATA_DIR, else a province loaded with province:load, else the sample (as db:migrate).
  await syncConfiguredReferenceData(db);
  await db.$disconnect();
  checkpoint();

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let uiUrl: string | undefined;
  if (!temporalAddress) {
    const temporal = await startTemporalDevServer({
      port: config.TEMPORAL_PORT,
      uiPort,
      dbFilename: path.join(dataDir, 'temporal.sqlite'),
      namespace: config.TEMPORAL_NAMESPACE,
      // Ctrl-C reaches the server too: at `warn` its parts log a dozen dial errors to each other as it stops.
      logLevel: 'error',
      // Payloads are encrypted: the UI shows them through the API's codec server (an operator session, see /codec).
      uiCodecEndpoint: `http://127.0.0.1:${config.PORT}/codec`,
    });
    stops.unshift(temporal.stop);
    temporalAddress = temporal.address;
    uiUrl = temporal.uiUrl;
    checkpoint();
  }

  // The console is built from source at every start (esbuild: well under a second).
  const built = await buildConsole();
  logger.info({ ms: built.ms }, 'console built');

  const system = await startSystem({
    databaseUrl,
    temporalAddress,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    apiPort: config.PORT,
    subjectKeySecret: config.SUBJECT_KEY_SECRET,
    keyRing,
    // The dev server's UI, under both names a browser may use for it.
    codecCorsOrigins: config.CODEC_CORS_ORIGINS ?? [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`],
    temporalUiUrl: config.TEMPORAL_UI_URL ?? uiUrl ?? temporalUiUrlOf(config),
    // The slips' QR codes lead to this API's tracking page unless PUBLIC_BASE_URL says otherwise;
    // the rating codes printed on them stay valid across restarts (the secret is kept under DATA_DIR).
    tracking: { publicBaseUrl: requirePublicBaseUrl(config), ratingSecret: requireRatingSecret(config, dataDir) },
    reminderLeadMinutes: config.REMINDER_LEAD_MINUTES,
    operations: caseOperationsOf(config),
    // What the README's configuration table says, as the deployed API reads it (api/main.ts).
    limits: rateLimitsOf(config),
    people: peopleSettingsOf(config),
    trustProxy: config.TRUST_PROXY,
    reconcileIntervalSeconds: reconcileIntervalOf(config),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    logger,
    simulators: {
      mode: 'auto',
      answers: config.SIMULATOR_ANSWERS,
      delayMs: config.SIMULATOR_DELAY_MS,
      refuseShare: config.SIMULATOR_REFUSE_SHARE,
      supplementShare: config.SIMULATOR_SUPPLEMENT_SHARE,
      port: simulatorPort,
    },
    agencyEndpoints: config.AGENCY_ENDPOINTS,
    // Well-known keys only in the embedded development database (or when asked for explicitly):
    // never into a database someone pointed us at.
    fixedDevKeys: !config.DATABASE_URL || config.DEV_FIXED_KEYS === '1',
    // Console users with a well-known password, under the same condition as the well-known keys.
    devUsers: !config.DATABASE_URL || config.DEV_FIXED_KEYS === '1',
  });
  stops.unshift(system.stop);
  checkpoint();

  const lines = [
    '',
    'Liên thông engine is running (development mode)',
    `  API            ${system.apiUrl}   (OpenAPI: ${system.apiUrl}/openapi.json)`,
    `  Temporal       ${temporalAddress}${uiUrl ? `   Web UI: ${uiUrl}` : ''}`,
    `  Console        ${system.apiUrl}/console/`,
    `  Tracking page  ${system.apiServer.deps.publicBaseUrl}/tra-cuu   (what the QR codes on the slips open)`,
    `  Codec server   ${system.apiUrl}/codec   (sign in with the operator key, then in the Web UI's codec settings turn on "Include cross-origin credentials")`,
    // The embedded server's URL in full (its password is the development one: keys:create and users:create need it); a configured one without its password.
    `  PostgreSQL     ${config.DATABASE_URL ? redactDatabaseUrl(databaseUrl) : databaseUrl}   (migrations applied now: ${migrated.applied.length})`,
    `  Payload keys   ${devRing ? `${devRing.file} (${devRing.created ? 'created now' : 'kept from an earlier start'}; current ${keyRing.current})` : `configured (current ${keyRing.current})`}`,
    ...Object.entries(system.simulators).map(([kind, s]) => `  simulator      ${kind.padEnd(24)} ${s.url}`),
    '',
    `Agencies (AGENCY_ENDPOINTS serves ${Object.keys(config.AGENCY_ENDPOINTS).length}, the simulators the others):`,
    ...describeRouting(catalogueInForceOn(localDateOf(new Date())), system.routing, system.endpoints),
    '',
    'Development API keys (Authorization: Bearer <key>):',
    ...Object.entries(system.keys.desk).map(([office, key]) => `  desk ${office.padEnd(20)} ${key}`),
    `  operator                  ${system.keys.operator}`,
    ...Object.entries(system.keys.agencies).map(([agency, key]) => `  agency ${agency.padEnd(18)} ${key}`),
    '',
    ...(system.users.length
      ? [
          `Development console users (sign in at ${system.apiUrl}/console/ or with POST ${system.apiUrl}/v1/session; password for all: ${DEV_USER_PASSWORD}):`,
          ...system.users.map((u) => `  ${u.role.padEnd(9)} ${u.username.padEnd(28)} ${u.officeCode ?? u.agencyCode ?? ''}`.trimEnd()),
          '',
        ]
      : []),
    'Ctrl-C stops everything.',
  ];
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  // Only a failure before the first part started (the configuration, the key ring) gets here.
  console.error(err);
  process.exit(1);
});
