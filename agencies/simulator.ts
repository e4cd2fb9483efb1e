import { randomInt, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { Express, Request, Response } from 'express';
import { postFetch } from '../platform/http-client';
import { createLogger, Logger } from '../platform/logger';
import { abortableSleep, sendAnswer } from './answer';
import { parseSimulatorConfig, ResolvedSimulatorConfig, SimulatorConfig } from './config';
import { Answer, answerKey, answerPath, cancellationSchema, DispatchAnswer, DispatchReceipt, dispatchSchema, ReminderRequest, reminderSchema, SimulatorRecord } from './records';
import { issuesOf, problemErrorHandler, requireBearer, requireIdempotencyKey, requireJson, sendProblem } from './http';
import { createRandom, lookupProcedure, simulatedAnswer } from './results';
import { dispatchStatusOf } from './status';

export interface SimulatorOptions {
  /** Defaults to the platform logger (redacts personal data as a safety net) at LOG_LEVEL. */
  logger?: Logger;
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  now?: () => Date;
}

export interface Simulator {
  readonly app: Express;
  readonly config: ResolvedSimulatorConfig;
  /** Listens on `port` (default 0 = any free port). */
  start(port?: number): Promise<{ url: string; port: number }>;
  /** Drops pending answers, aborts answers in flight, closes the server. */
  stop(): Promise<void>;
  /** Copies of every record, in arrival order. */
  records(): SimulatorRecord[];
  /** Reminders received, one per Idempotency-Key. */
  reminders(): ReminderRequest[];
  /** Resolves once no answer is scheduled or in flight (immediately in manual mode). */
  settled(): Promise<void>;
}

interface Pending {
  timer?: NodeJS.Timeout;
  done: () => void;
}

export function createSimulator(input: SimulatorConfig, options: SimulatorOptions = {}): Simulator {
  const config = parseSimulatorConfig(input);
  const logger = (options.logger ?? createLogger('agency-simulator')).child({ simulator: config.name });
  const doFetch = options.fetch ?? (postFetch as unknown as typeof fetch);
  const now = options.now ?? (() => new Date());
  const random = createRandom(config.seed ?? randomInt(2 ** 31));
  const engineUrl = config.engineUrl?.replace(/\/+$/, '');
  const served = new Set(config.agencies);

  const byKey = new Map<string, SimulatorRecord>();
  /** Decided answers by dispatch key, kept apart from the records (which hold routing facts only). */
  const decided = new Map<string, DispatchAnswer>();
  /** caseCode|stepId|agencyCode of cancelled steps: a dispatch arriving after its cancellation is not answered. */
  const cancelledSteps = new Set<string>();
  const pending = new Map<string, Pending>();
  const settling = new Set<Promise<void>>();
  const registers = new Map<string, number>();
  const lifecycle = new AbortController();
  // Every answer in flight listens on it (AbortSignal.any): many at once is normal, not a leak.
  setMaxListeners(0, lifecycle.signal);
  let server: Server | undefined;

  const stepKey = (r: { caseCode: string; stepId: string; agencyCode: string }): string =>
    `${r.caseCode}|${r.stepId}|${r.agencyCode}`;
  const nextNumber = (register: string, year: string): number => {
    const n = (registers.get(`${register}:${year}`) ?? 0) + 1;
    registers.set(`${register}:${year}`, n);
    return n;
  };

  function chooseAnswer(record: SimulatorRecord): Answer {
    if (random() < config.refuseShare) return 'reject';
    // Only the first dispatch may be sent back, so a resubmitted dossier always ends.
    if (record.resubmission === 0 && random() < config.supplementShare) return 'request-supplement';
    return 'complete';
  }

  function schedule(record: SimulatorRecord): void {
    const answer = chooseAnswer(record);
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    settling.add(finished);
    void finished.then(() => settling.delete(finished));
    const entry: Pending = { done };
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      answerRecord(record, answer)
        .catch((err: unknown) => logger.error({ err, caseCode: record.caseCode, stepId: record.stepId }, 'answer crashed'))
        .finally(() => {
          pending.delete(record.receiptId);
          done();
        });
    }, config.delayMs);
    pending.set(record.receiptId, entry);
  }

  function dropPending(receiptId: string): void {
    const entry = pending.get(receiptId);
    if (!entry?.timer) return; // already sending: stillWanted() stops it before the next attempt
    clearTimeout(entry.timer);
    pending.delete(receiptId);
    entry.done();
  }

  async function answerRecord(record: SimulatorRecord, action: Answer): Promise<void> {
    const procedure = lookupProcedure(record.procedure);
    const log = { caseCode: record.caseCode, stepId: record.stepId, idempotencyKey: record.idempotencyKey, answer: action };
    if (record.state !== 'recorded' || !procedure) return;
    let answer: DispatchAnswer;
    try {
      answer = simulatedAnswer(action, { procedure, agencyCode: record.agencyCode, now: now(), random, nextNumber });
    } catch (err) {
      Object.assign(record, { state: 'answer-failed', answer: action });
      logger.error({ ...log, err }, 'could not build the answer');
      return;
    }
    // Decided: GET /v1/dispatches/{key} serves it from now on, whatever becomes of the POST below.
    decided.set(record.idempotencyKey, answer);
    if (config.answers === 'poll') {
      Object.assign(record, { state: 'answered', answer: action });
      logger.info(log, 'answer decided; waits for the engine to ask');
      return;
    }
    if (!engineUrl) return;
    const url = `${engineUrl}${answerPath(record.caseCode, record.stepId, action)}`;
    const outcome = await sendAnswer(
      { url, apiKey: config.agencyKeys[record.agencyCode] ?? '', idempotencyKey: answerKey(record.idempotencyKey, action), body: answer.body },
      config,
      {
        fetch: doFetch,
        sleep: abortableSleep,
        stillWanted: () => record.state === 'recorded',
        onRetry: (attempt, reason, waitMs) => logger.warn({ ...log, attempt, reason, waitMs }, 'engine unavailable; retrying answer'),
      },
      lifecycle.signal,
    );
    if ('aborted' in outcome) {
      logger.info({ ...log, attempts: outcome.attempts }, 'answer abandoned (cancelled or stopping)');
    } else if (outcome.ok) {
      Object.assign(record, { state: 'answered', answer: action, answerStatus: outcome.status });
      logger.info({ ...log, status: outcome.status, attempts: outcome.attempts }, 'answer sent');
    } else {
      Object.assign(record, { state: 'answer-failed', answer: action, answerStatus: outcome.status });
      logger.error({ ...log, status: outcome.status, error: outcome.error, attempts: outcome.attempts }, 'answer failed; the engine can still fetch it');
    }
  }

  function dispatch(req: Request, res: Response): void {
    const parsed = dispatchSchema.safeParse(req.body);
    if (!parsed.success) {
      return sendProblem(res, 422, 'invalid-dispatch', 'Invalid dispatch', 'the dispatch does not follow the contract', issuesOf(parsed.error));
    }
    const d = parsed.data;
    const idempotencyKey = res.locals.idempotencyKey as string;
    if (!served.has(d.agencyCode)) {
      return sendProblem(res, 404, 'unknown-agency', 'Unknown agency', `this system does not serve agency ${d.agencyCode}`);
    }
    if (!lookupProcedure(d.procedure)) {
      return sendProblem(res, 422, 'invalid-dispatch', 'Invalid dispatch', 'unknown procedure', [
        { path: 'procedure', message: `no catalogue procedure ${d.procedure}` },
      ]);
    }
    const log = { caseCode: d.caseCode, stepId: d.stepId, idempotencyKey };
    const existing = byKey.get(idempotencyKey);
    if (existing) {
      if (stepKey(existing) !== stepKey(d) || existing.resubmission !== d.resubmission || existing.procedure !== d.procedure) {
        return sendProblem(res, 409, 'idempotency-key-reused', 'Idempotency-Key reused', 'this Idempotency-Key was used for a different dispatch');
      }
      existing.deliveries += 1;
      logger.info({ ...log, deliveries: existing.deliveries }, 'duplicate dispatch');
      const receipt: DispatchReceipt = { receiptId: existing.receiptId, duplicate: true };
      res.status(202).json(receipt);
      return;
    }
    const record: SimulatorRecord = {
      receiptId: `rcpt-${randomUUID()}`,
      idempotencyKey,
      caseCode: d.caseCode,
      stepId: d.stepId,
      procedure: d.procedure,
      agencyCode: d.agencyCode,
      resubmission: d.resubmission,
      dueAt: d.dueAt,
      // Document references (e.g. the death extract number), not personal data: kept so tests and
      // operators can see what was handed forward.
      upstreamResults: d.upstreamResults,
      deliveries: 1,
      receivedAt: now().toISOString(),
      state: cancelledSteps.has(stepKey(d)) ? 'cancelled' : 'recorded',
    };
    byKey.set(idempotencyKey, record);
    logger.info({ ...log, receiptId: record.receiptId, resubmission: d.resubmission }, 'dispatch recorded');
    if (config.mode === 'auto' && record.state === 'recorded') schedule(record);
    const receipt: DispatchReceipt = { receiptId: record.receiptId, duplicate: false };
    res.status(202).json(receipt);
  }

  const reminders = new Map<string, ReminderRequest>();
  function remind(req: Request, res: Response): void {
    const parsed = reminderSchema.safeParse(req.body);
    if (!parsed.success) {
      return sendProblem(res, 422, 'invalid-reminder', 'Invalid reminder', 'the reminder does not follow the contract', issuesOf(parsed.error));
    }
    if (!served.has(parsed.data.agencyCode)) {
      return sendProblem(res, 404, 'unknown-agency', 'Unknown agency', `this system does not serve agency ${parsed.data.agencyCode}`);
    }
    reminders.set(res.locals.idempotencyKey as string, parsed.data);
    logger.info({ caseCode: parsed.data.caseCode, stepId: parsed.data.stepId }, 'reminder received');
    res.status(202).json({ reminders: reminders.size });
  }

  function cancel(req: Request, res: Response): void {
    const parsed = cancellationSchema.safeParse(req.body);
    if (!parsed.success) {
      return sendProblem(res, 422, 'invalid-cancellation', 'Invalid cancellation', 'the cancellation does not follow the contract', issuesOf(parsed.error));
    }
    const c = parsed.data;
    if (!served.has(c.agencyCode)) {
      return sendProblem(res, 404, 'unknown-agency', 'Unknown agency', `this system does not serve agency ${c.agencyCode}`);
    }
    cancelledSteps.add(stepKey(c));
    let cancelled = 0;
    for (const record of byKey.values()) {
      if (stepKey(record) !== stepKey(c) || record.state !== 'recorded') continue;
      record.state = 'cancelled';
      dropPending(record.receiptId);
      cancelled += 1;
    }
    logger.info({ caseCode: c.caseCode, stepId: c.stepId, idempotencyKey: res.locals.idempotencyKey as string, cancelled }, 'step cancelled');
    res.status(202).json({ cancelled });
  }

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const v1 = express.Router();
  v1.use(requireBearer(config.inboundToken));
  const json = express.json({ limit: '1mb' });
  v1.post('/dispatches', requireIdempotencyKey, requireJson, json, dispatch);
  v1.post('/cancellations', requireIdempotencyKey, requireJson, json, cancel);
  v1.post('/reminders', requireIdempotencyKey, requireJson, json, remind);
  v1.get('/dispatches/:idempotencyKey', (req, res) => {
    const record = byKey.get(req.params.idempotencyKey);
    if (!record) return sendProblem(res, 404, 'unknown-dispatch', 'Unknown dispatch', 'no dispatch was received with this Idempotency-Key');
    res.json(dispatchStatusOf(record, decided.get(record.idempotencyKey)));
  });
  v1.get('/records', (req, res) => {
    const caseCode = req.query.caseCode;
    if (caseCode !== undefined && typeof caseCode !== 'string') {
      return sendProblem(res, 422, 'invalid-query', 'Invalid query', 'caseCode must be given once', [{ path: 'query.caseCode', message: 'must be a single string' }]);
    }
    res.json({ records: snapshot().filter((r) => caseCode === undefined || r.caseCode === caseCode) });
  });
  app.use('/v1', v1);
  app.use((_req: Request, res: Response) => sendProblem(res, 404, 'not-found', 'Not Found', 'no such endpoint'));
  app.use(problemErrorHandler(logger));

  const snapshot = (): SimulatorRecord[] => [...byKey.values()].map((r) => structuredClone(r));

  async function settled(): Promise<void> {
    while (settling.size > 0) await Promise.all([...settling]);
  }

  return {
    app,
    config,
    records: snapshot,
    reminders: () => [...reminders.values()].map((r) => ({ ...r })),
    settled,
    start(port = 0) {
      if (server) return Promise.reject(new Error('simulator already started'));
      const s = createServer(app);
      server = s;
      return new Promise((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, () => {
          s.off('error', reject);
          const actual = (s.address() as AddressInfo).port;
          logger.info({ port: actual, agencies: config.agencies, mode: config.mode, answers: config.answers }, 'simulator listening');
          resolve({ url: `http://127.0.0.1:${actual}`, port: actual });
        });
      });
    },
    async stop() {
      for (const id of [...pending.keys()]) dropPending(id);
      lifecycle.abort(new Error('simulator stopping'));
      await settled();
      const s = server;
      server = undefined;
      if (!s?.listening) return;
      await new Promise<void>((resolve, reject) => {
        s.close((err) => (err ? reject(err) : resolve()));
        s.closeAllConnections();
      });
    },
  };
}
