import { randomUUID } from 'node:crypto';
import createClient, { type Client } from 'openapi-fetch';
import pino from 'pino';
import type { SimulatorMode } from '../../agencies';
import type { AgencyEndpoint } from '../../platform/config';
import type { KeyRing } from '../../platform/key-ring';
import { RunningSystem, startSystem } from '../../scripts/dev-system';
import type { components, paths } from './api-types';
import { testKeyRing } from './keys';
import { waitFor } from './wait';

/** The test systems' SUBJECT_KEY_SECRET (tests that make a subject key themselves need it). */
export const SUBJECT_KEY_SECRET = 'test-subject-key-secret-0123456789';

/** The API as the tests see it: openapi-fetch over the types generated from the routes' declarations. */
export type ApiClient = Client<paths>;
export type CaseResource = components['schemas']['Case'];
export type CaseRequestBody = components['schemas']['CaseRequest'];

export interface TestSystem extends RunningSystem {
  taskQueue: string;
  /** Every log line the system wrote (debug level), to check that no personal data is logged. */
  logLines: string[];
  /** A typed client acting with this key. */
  api(key?: string): ApiClient;
  /** Raw HTTP, for requests the typed client would refuse to build (bad input on purpose). */
  call(method: string, path: string, o?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  /** The case as this key sees it (default: the operator), or undefined (404). */
  getCase(caseCode: string, key?: string): Promise<any>;
  /** Receives a case at a desk (default: the first office's) and expects 201. */
  openCase(body: unknown, key?: string): Promise<any>;
  /** Acts as the step's agency once the step has been dispatched to it; returns the raw answer. */
  actAsAgency(caseCode: string, stepId: string, action: string, agencyCode: string, body: unknown): Promise<{ status: number; body: any }>;
  /** Waits until the ledger shows the case in one of these statuses. */
  waitForCase(caseCode: string, statuses: string[], key?: string, timeoutMs?: number): Promise<any>;
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run integration tests through jest (test/helpers/global-setup.ts)`);
  return v;
}

/** API + worker (own task queue) + simulators over the suite's PostgreSQL and Temporal server. */
export interface TestSystemOptions {
  mode?: SimulatorMode;
  delayMs?: number;
  refuseShare?: number;
  supplementShare?: number;
  /** How often the API looks for received cases whose workflow is owed, and how old they must be. */
  starter?: { intervalMs?: number; graceMs?: number };
  /** How long a request may take to arrive before 408 (default the API's). */
  requestTimeoutMs?: number;
  limits?: { perKeyPerMinute: number; authFailuresPerMinute: number; publicLookupsPerMinute?: number };
  /** How cases escalate failed dispatches and ask for late answers (default: few attempts, no early polls). */
  operations?: { dispatchAttempts: number; answerPollAfterMs: number };
  reconcileIntervalSeconds?: number;
  /** Another PostgreSQL or Temporal than the suite's (outage tests own theirs). */
  databaseUrl?: string;
  temporalAddress?: string;
  /** Agencies served by these endpoints instead of the system's simulators (as AGENCY_ENDPOINTS in npm start). */
  agencyEndpoints?: Record<string, AgencyEndpoint>;
  /** Another payload key ring than the run's (key rotation). */
  keyRing?: KeyRing;
  /** Another system's task queue, to take over its cases (a restart); a fresh one by default. */
  taskQueue?: string;
  /** Web UI origins the codec server accepts (default: the dev server's UI). */
  codecCorsOrigins?: string[];
  /** Where QR codes lead and the rating code's secret (defaults: the API's own address, a random secret). */
  tracking?: { publicBaseUrl?: string; ratingSecret?: string };
  /** Seed the development console users (admin, operator, one per office and agency; password DEV_USER_PASSWORD). */
  devUsers?: boolean;
}

export async function startTestSystem(o: TestSystemOptions = {}): Promise<TestSystem> {
  const taskQueue = o.taskQueue ?? `test-${randomUUID()}`;
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const system = await startSystem({
    databaseUrl: o.databaseUrl ?? env('TEST_DATABASE_URL'),
    temporalAddress: o.temporalAddress ?? env('TEST_TEMPORAL_ADDRESS'),
    namespace: 'default',
    taskQueue,
    apiPort: 0,
    subjectKeySecret: SUBJECT_KEY_SECRET,
    keyRing: o.keyRing ?? testKeyRing(),
    codecCorsOrigins: o.codecCorsOrigins,
    tracking: o.tracking,
    logger,
    simulators: { mode: o.mode ?? 'manual', delayMs: o.delayMs ?? 50, refuseShare: o.refuseShare, supplementShare: o.supplementShare, seed: 7 },
    workflowBundle: { codePath: env('TEST_WORKFLOW_BUNDLE') },
    limits: o.limits,
    operations: o.operations ?? { dispatchAttempts: 5, answerPollAfterMs: 10 * 60_000 },
    reconcileIntervalSeconds: o.reconcileIntervalSeconds,
    agencyEndpoints: o.agencyEndpoints,
    devUsers: o.devUsers,
    // Every answer is checked against its declared schema: a route that drifts from its declaration fails the test.
    api: { validateResponses: true, starter: o.starter, ...(o.requestTimeoutMs ? { requestTimeoutMs: o.requestTimeoutMs } : {}) },
  });
  const api = (key?: string): ApiClient => createClient<paths>({ baseUrl: system.apiUrl, headers: key ? { authorization: `Bearer ${key}` } : {} });
  const call: TestSystem['call'] = async (method, path, c = {}) => {
    const res = await fetch(`${system.apiUrl}${path}`, {
      method,
      headers: {
        ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(c.key ? { authorization: `Bearer ${c.key}` } : {}),
        ...c.headers,
      },
      body: c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const operator = system.keys.operator;
  const getCase = async (caseCode: string, key = operator) => (await api(key).GET('/v1/cases/{caseCode}', { params: { path: { caseCode } } })).data;
  const stepStatus = async (caseCode: string, stepId: string) => (await getCase(caseCode))?.steps.find((s) => s.stepId === stepId)?.status;
  return {
    ...system,
    taskQueue,
    logLines,
    api,
    call,
    getCase,
    openCase: async (body, key = Object.values(system.keys.desk)[0]) => {
      const res = await call('POST', '/v1/cases', { key, body });
      if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    actAsAgency: async (caseCode, stepId, action, agencyCode, body) => {
      await waitFor(async () => ((await stepStatus(caseCode, stepId)) === 'DISPATCHED' ? true : undefined), `${stepId} dispatched`);
      return call('POST', `/v1/cases/${caseCode}/steps/${stepId}/${action}`, { key: system.keys.agencies[agencyCode], body });
    },
    waitForCase: (caseCode, statuses, key = operator, timeoutMs?: number) =>
      waitFor(
        async () => {
          const c = await getCase(caseCode, key);
          return c && statuses.includes(c.status) ? c : undefined;
        },
        `case ${caseCode} to reach ${statuses.join('/')}`,
        timeoutMs,
      ),
  };
}
