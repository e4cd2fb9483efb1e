import { loadOrganisation } from '../prisma/reference-data';
import express, { Express, Router } from 'express';
import helmet from 'helmet';
import { createServer, type Server } from 'node:http';
import { createPdfRenderer } from '../forms';
import { EncryptionCodec } from '../platform/codec';
import { authenticate, authFailureLimit, perKeyLimit, publicLookupLimit, refuseUnauthenticated } from './auth';
import { startCaseStarter } from './case-starter';
import { codecCors, keyFromBody, sessionAuthenticate } from './codec-http';
import type { ApiDeps, ApiSettings } from './deps';
import { consoleRouter } from './console-static';
import { createDependencyMonitor } from './health';
import { answerMalformedRequests } from './http/client-error';
import { formFields } from './http/form-fields';
import { jsonBody } from './http/json-body';
import { FORM_TYPE } from './http/media-type';
import { mount, MountOptions } from './http/route';
import { badPathEncoding, methodNotAllowed, routeTable } from './http/route-table';
import { DEFAULT_PEOPLE_SETTINGS, requireCsrfToken, signInLimits, userSessionAuthenticate } from './people-http';
import { Problem, problemHandler, RETRY_AFTER_SECONDS, sendProblem } from './problem';
import { apiRoutes } from './routes';
import { RATING_PATH, TRACKING_PATH } from './tracking/page';

export type { ApiDeps, ApiSettings };

const CODEC_PAYLOAD_PATHS = ['/codec/decode', '/codec/encode'];
/** Temporal's own limit is 2 MB per payload; the Web UI decodes an event's payloads at once. */
const CODEC_BODY_LIMIT = '8mb';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  // Security headers (nosniff, frame and referrer policies, HSTS behind TLS, a strict CSP; the console's pages set a stricter one).
  app.use(helmet());
  // One line per request (a body refused before any route included): method, route pattern and status — never bodies, which carry personal data.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      deps.logger.info({ method: req.method, route: req.route?.path ?? req.path, status: res.statusCode, ms: Math.round(ms), role: req.principal?.role }, 'request');
    });
    next();
  });
  // Case answers and decoded payloads carry personal data or a person's case state: never cached
  // anywhere — set before the body is read, so a refused body's problem carries it too.
  const noStore: express.RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
  app.use(['/v1', '/codec'], noStore);
  // Any JSON value (a body of null or 1 is answered 422 by the route rather than 400 'Malformed JSON');
  // an object giving a field twice is 422 here (api/http/json-body.ts).
  const readJson = jsonBody('256kb');
  // The codec server's bodies (a history's payloads) may be larger: read after CORS and authentication, below.
  app.use((req, res, next) => (CODEC_PAYLOAD_PATHS.includes(req.path) ? next() : readJson(req, res, next)));

  const options: MountOptions = { validateResponses: deps.validateResponses ?? false, available: (d) => deps.health.available(d), retryAfterSeconds: RETRY_AFTER_SECONDS, inFlight: deps.inFlight };
  const routes = apiRoutes(deps);
  const service = Router();
  for (const r of routes.service) mount(service, r, options);
  app.use(service);
  // The console's pages and assets (its config.json is a service route, above).
  app.use(consoleRouter(deps.consoleUi?.distDir));

  // One counter per client address and per key, whichever door the request uses.
  const keyAuth = authenticate(deps.db);
  const failures = authFailureLimit(deps.limits);
  const perKey = perKeyLimit(deps.limits);
  // The console's sign-in, session and sign-out: public (they read the cookie themselves); failed
  // sign-ins are slowed per username and per client address.
  const session = Router();
  for (const r of routes.session) mount(session, r, options);
  app.post('/v1/session', ...signInLimits({ ...DEFAULT_PEOPLE_SETTINGS, ...deps.people }));
  app.use(session);

  // Every other /v1 route: an API key (Authorization: Bearer) or, without that header, a console
  // session cookie standing for its person; a cookie's unsafe calls must carry its CSRF token.
  const v1 = Router();
  for (const r of routes.v1) mount(v1, r, options);
  app.use('/v1', keyAuth, userSessionAuthenticate(deps.db, deps.now), failures, refuseUnauthenticated, requireCsrfToken, perKey);
  app.use(v1);

  // The codec server: the Web UI's origins (CORS with credentials), an operator's Bearer key or
  // browser session, then the larger body; the sign-in page and session routes are public.
  // The applicant's page and its rating form: public, counted per client address (enumerating
  // case codes, guessing rating codes); the form is the only body read as form fields.
  const lookups = publicLookupLimit(deps.limits);
  app.get(TRACKING_PATH, lookups);
  app.post(RATING_PATH, lookups, express.text({ type: FORM_TYPE, limit: '16kb' }), formFields(20));
  const tracking = Router();
  for (const r of routes.tracking) mount(tracking, r, options);
  app.use(tracking);

  const codec = Router();
  for (const r of routes.codec) mount(codec, r, options);
  app.use('/codec', codecCors(deps.codecServer.corsOrigins));
  app.use(CODEC_PAYLOAD_PATHS, keyAuth, sessionAuthenticate(deps.db, deps.now), failures, refuseUnauthenticated, perKey, jsonBody(CODEC_BODY_LIMIT));
  app.post('/codec/session', keyFromBody(deps.db), failures);
  app.use(codec);

  const table = routeTable(Object.values(routes).flat());
  app.use(methodNotAllowed(table));
  app.use((req, res) => sendProblem(res, new Problem(404, 'Not found', `No route ${req.method} ${req.path}.`)));
  app.use(badPathEncoding(table));
  app.use(problemHandler(deps.logger));
  return app;
}

export interface RunningApi {
  url: string;
  port: number;
  deps: ApiDeps;
  /** Looks for received cases whose workflow is owed and starts them (also runs every few seconds). */
  startOwedCases(): Promise<number>;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Puts the province's offices and agencies (loaded by `npm run db:migrate`) in use; while the
 * database cannot be reached at start, tries again every few seconds (receipts answer 503 meanwhile).
 */
async function startOrganisationLoader(db: ApiSettings['db'], logger: ApiSettings['logger']): Promise<{ stop(): void }> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = () =>
    loadOrganisation(db).then(
      (o) => logger.info({ source: o.source, offices: o.offices.length, agencies: o.agencies.length }, 'province data in use'),
      (err: unknown) => {
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'province data not loaded yet; retrying');
        timer = setTimeout(() => void attempt(), 5_000);
        timer.unref();
      },
    );
  await attempt();
  return { stop: () => clearTimeout(timer) };
}

/** How long a request may take to arrive (headers and body) before it is answered 408: an 8 MB codec body fits at 1 Mbit/s. */
export const REQUEST_TIMEOUT_MS = 120_000;

/** Starts the API (port 0 picks a free port, for tests) with its PDF threads, health checks and case starter. */
export async function startApi(settings: ApiSettings, port: number, host = '127.0.0.1'): Promise<RunningApi> {
  const health = createDependencyMonitor(settings.db, settings.temporal);
  await health.check();
  const organisation = await startOrganisationLoader(settings.db, settings.logger);
  // Until the server listens, its own address is unknown; QR codes then lead there (development).
  const parts = { ...settings, pdf: createPdfRenderer(), health, payloadCodec: new EncryptionCodec(settings.codecServer.keyRing), publicBaseUrl: settings.tracking.publicBaseUrl ?? '' };
  const starter = startCaseStarter(parts, settings.starter);
  const deps: ApiDeps = { ...parts, caseStarter: starter, inFlight: new Set() };
  const app = createApp(deps);
  // A request that never finishes arriving (a body shorter than its Content-Length, a chunked body
  // never ended) would hold a connection for Node's default five minutes: 408 after two.
  const requestTimeout = settings.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const server: Server = createServer({ requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(5_000, Math.max(100, requestTimeout / 4)) }, app);
  answerMalformedRequests(server, settings.logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host}:${actual}`;
  if (!deps.publicBaseUrl) deps.publicBaseUrl = host === '0.0.0.0' || host === '::' ? `http://127.0.0.1:${actual}` : url;
  return {
    url,
    port: actual,
    deps,
    startOwedCases: () => starter.sweep(),
    // Stop accepting, let requests in flight finish (a receipt mid-transaction included), then
    // drop what is still open after the grace period.
    stop: async (graceMs = 10_000) => {
      await new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close((err) => {
          clearTimeout(force);
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
      });
      // Nothing may still be calling Temporal when the caller closes the connection: a handler
      // whose client went away (an Update still waiting) is waited for too, within the grace period.
      await Promise.race([Promise.allSettled([...deps.inFlight]), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      await health.stop();
      organisation.stop();
      await starter.stop(graceMs);
      await deps.pdf.close();
    },
  };
}
