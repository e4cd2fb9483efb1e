import { createServer, RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Serves `handler` on a free port of 127.0.0.1 until close(), which also drops kept-alive connections. */
export async function listen(handler: RequestListener): Promise<Listening> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface EngineCall {
  path: string;
  authorization?: string;
  contentType?: string;
  idempotencyKey?: string;
  body: unknown;
}

/** Stands in for the engine's public API: records every answer and replies with the next of `statuses` (200 when empty). */
export async function startFakeEngine(): Promise<Listening & { calls: EngineCall[]; statuses: number[] }> {
  const calls: EngineCall[] = [];
  const statuses: number[] = [];
  const app = express();
  app.use(express.json());
  app.post('/v1/cases/:caseCode/steps/:stepId/:action', (req, res) => {
    calls.push({
      path: req.path,
      authorization: req.get('authorization'),
      contentType: req.get('content-type'),
      idempotencyKey: req.get('idempotency-key'),
      body: req.body,
    });
    const status = statuses.shift() ?? 200;
    res.status(status).json(status < 300 ? { ok: true } : { title: 'simulated failure' });
  });
  return { ...(await listen(app)), calls, statuses };
}
