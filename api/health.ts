import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/generated/client';
import type { Dependency } from './http/route';

// Whether PostgreSQL and Temporal answer, checked in the background every few seconds. /healthz
// reports it; routes that need a dependency that is down answer 503 with Retry-After at once,
// instead of waiting for a connection to time out.

export interface DependencyState {
  status: 'up' | 'down';
  latencyMs?: number;
  checkedAt?: string;
  error?: string;
}

export interface DependencyMonitor {
  available(d: Dependency): boolean;
  report(): { status: 'ok' | 'degraded'; ready: boolean; dependencies: Record<Dependency, DependencyState> };
  /** Checks both now (also marks a dependency down at once when a request found it down). */
  check(): Promise<void>;
  /** Stops checking and waits for a check in flight. */
  stop(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 1_500;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });
}

export function createDependencyMonitor(db: PrismaClient, temporal: Client, intervalMs = 2_000): DependencyMonitor {
  // Up until a check says otherwise: a fresh API should not refuse its first requests.
  const state: Record<Dependency, DependencyState> = { database: { status: 'up' }, temporal: { status: 'up' } };
  const probes: Record<Dependency, () => Promise<unknown>> = {
    database: () => db.$queryRaw`SELECT 1`,
    temporal: () => temporal.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => temporal.workflowService.getSystemInfo({})),
  };
  const probe = async (d: Dependency): Promise<void> => {
    const started = performance.now();
    try {
      await withTimeout(probes[d](), CHECK_TIMEOUT_MS);
      state[d] = { status: 'up', latencyMs: Math.round(performance.now() - started), checkedAt: new Date().toISOString() };
    } catch (err) {
      // The error's kind only: messages may name hosts and users.
      state[d] = { status: 'down', checkedAt: new Date().toISOString(), error: (err as Error).name || 'Error' };
    }
  };
  let running: Promise<void> | undefined;
  const check = (): Promise<void> => {
    running ??= Promise.all([probe('database'), probe('temporal')]).then(() => undefined).finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return {
    available: (d) => state[d].status === 'up',
    report: () => {
      const ready = state.database.status === 'up' && state.temporal.status === 'up';
      return { status: ready ? 'ok' : 'degraded', ready, dependencies: { database: { ...state.database }, temporal: { ...state.temporal } } };
    },
    check,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
