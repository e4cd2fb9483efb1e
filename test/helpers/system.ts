import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { SimulatorMode } from '../../agencies';
import { RunningSystem, startSystem } from '../../scripts/dev-system';
import { waitFor } from './wait';

export interface TestSystem extends RunningSystem {
  taskQueue: string;
  /** Every log line the system wrote (debug level), to check that no personal data is logged. */
  logLines: string[];
  call(method: string, path: string, o?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  /** Waits until the ledger shows the case in one of these statuses. */
  waitForCase(caseCode: string, statuses: string[], key?: string): Promise<any>;
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run integration tests through jest (test/helpers/global-setup.ts)`);
  return v;
}

/** API + worker (own task queue) + simulators over the suite's PostgreSQL and Temporal server. */
export async function startTestSystem(o: { mode?: SimulatorMode; delayMs?: number; refuseShare?: number; supplementShare?: number } = {}): Promise<TestSystem> {
  const taskQueue = `test-${randomUUID()}`;
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const system = await startSystem({
    databaseUrl: env('TEST_DATABASE_URL'),
    temporalAddress: env('TEST_TEMPORAL_ADDRESS'),
    namespace: 'default',
    taskQueue,
    apiPort: 0,
    subjectKeySecret: 'test-subject-key-secret-0123456789',
    logger,
    simulators: { mode: o.mode ?? 'manual', delayMs: o.delayMs ?? 50, refuseShare: o.refuseShare, supplementShare: o.supplementShare, seed: 7 },
    workflowBundle: { codePath: env('TEST_WORKFLOW_BUNDLE') },
  });
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
  return {
    ...system,
    taskQueue,
    logLines,
    call,
    waitForCase: (caseCode, statuses, key = operator) =>
      waitFor(async () => {
        const r = await call('GET', `/v1/cases/${caseCode}`, { key });
        return statuses.includes(r.body?.status) ? r.body : undefined;
      }, `case ${caseCode} to reach ${statuses.join('/')}`),
  };
}
