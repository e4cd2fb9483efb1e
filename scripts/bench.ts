import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startEmbeddedPostgres } from '../platform/embedded-postgres';
import { startTemporalDevServer } from '../platform/temporal-dev-server';
import { createPrismaClient } from '../prisma/client';
import { applyMigrations, ensureDatabase } from '../prisma/migrate';
import { syncReferenceData } from '../prisma/reference-data';
import { deathRequest } from '../test/helpers/requests';
import { startSystem } from './dev-system';

/**
 * `npm run bench -- --cases 200 --concurrency 20`: end-to-end figures on embedded PostgreSQL and a
 * Temporal dev server, with the simulators answering at once. Prints cases per second from receipt
 * to COMPLETED, receipt latency percentiles and the process's memory. Targets live here, not in tests.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '10' } } });
  const total = Number(values.cases);
  const concurrency = Number(values.concurrency);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-bench-'));
  chmodSync(dir, 0o755); // the embedded server runs as user postgres when we are root
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: 54399, database: 'bench', persistent: false });
  await ensureDatabase(pg.url);
  await applyMigrations(pg.url);
  const db = createPrismaClient(pg.url);
  await syncReferenceData(db);
  await db.$disconnect();
  const temporal = await startTemporalDevServer();
  const system = await startSystem({
    databaseUrl: pg.url,
    temporalAddress: temporal.address,
    namespace: 'default',
    taskQueue: 'bench',
    apiPort: 0,
    subjectKeySecret: 'bench-subject-key-secret-0123456789',
    logger: pino({ level: 'silent' }),
    simulators: { mode: 'auto', delayMs: 0 },
  });
  const desk = Object.values(system.keys.desk)[0]!;
  const latencies: number[] = [];
  const codes: string[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const t = performance.now();
        const res = await fetch(`${system.apiUrl}/v1/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${desk}`, 'content-type': 'application/json' },
          body: JSON.stringify(deathRequest()),
        });
        latencies.push(performance.now() - t);
        if (res.status !== 201) throw new Error(`receipt answered ${res.status}: ${await res.text()}`);
        codes.push(((await res.json()) as { caseCode: string }).caseCode);
      }
    }),
  );
  const received = performance.now();
  for (;;) {
    const open = await system.db.case.count({ where: { code: { in: codes }, status: { notIn: ['COMPLETED'] } } });
    if (open === 0) break;
    if (performance.now() - started > 600_000) throw new Error(`${open} cases still open after 10 minutes`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const done = performance.now();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  const mem = process.memoryUsage();
  console.log(
    [
      `cases: ${total} (4 procedures each), concurrency ${concurrency}, on ${os.cpus().length} cores`,
      `receipts: ${(total / ((received - started) / 1000)).toFixed(1)} per second; latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`,
      `end to end (receipt → COMPLETED): ${(total / ((done - started) / 1000)).toFixed(1)} cases per second, ${((done - started) / 1000).toFixed(1)} s in all`,
      `process memory (API + worker + simulators): rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    ].join('\n'),
  );
  await system.stop();
  await temporal.stop();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
