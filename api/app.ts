import express, { Express } from 'express';
import type { Server } from 'node:http';
import { authenticate } from './auth';
import type { ApiDeps } from './deps';
import { openApiDocument } from './openapi';
import { Problem, problemHandler, sendProblem } from './problem';
import { calendarRouter } from './routes/calendar';
import { casesRouter } from './routes/cases';
import { formsRouter } from './routes/forms';
import { referenceRouter } from './routes/reference';
import { stepsRouter } from './routes/steps';

export type { ApiDeps };

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  // One line per request: method, route pattern and status — never bodies, which carry personal data.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      deps.logger.info({ method: req.method, route: req.route?.path ?? req.path, status: res.statusCode, ms: Math.round(ms), role: req.principal?.role }, 'request');
    });
    next();
  });

  app.get('/healthz', async (_req, res) => {
    await deps.db.$queryRaw`SELECT 1`;
    res.json({ status: 'ok' });
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });

  app.use('/v1', authenticate(deps.db));
  app.use(casesRouter(deps));
  app.use(stepsRouter(deps));
  app.use(referenceRouter(deps));
  app.use(formsRouter(deps));
  app.use(calendarRouter(deps));

  app.use((req, res) => sendProblem(res, new Problem(404, 'Not found', `No route ${req.method} ${req.path}.`)));
  app.use(problemHandler(deps.logger));
  return app;
}

export interface RunningApi {
  url: string;
  port: number;
  stop(graceMs?: number): Promise<void>;
}

/** Starts the API (port 0 picks a free port, for tests) and returns how to stop it. */
export async function startApi(deps: ApiDeps, port: number, host = '127.0.0.1'): Promise<RunningApi> {
  const app = createApp(deps);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    // Stop accepting, let requests in flight finish (a receipt mid-transaction included), then
    // drop what is still open after the grace period.
    stop: (graceMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close((err) => {
          clearTimeout(force);
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
