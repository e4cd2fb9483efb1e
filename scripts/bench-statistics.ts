import type { AddressInfo } from 'node:net';
import os from 'node:os';
import express from 'express';
import { Client as PgClient } from 'pg';
import { addDays, type AgencyRole, catalogueInForceOn, instantAt, useOrganisation } from '../domain';
import type { ApiDeps } from '../api/deps';
import { mount } from '../api/http/route';
import { problemHandler } from '../api/problem';
import { statisticsRoutes } from '../api/routes/statistics';
import { requireProvinceData } from '../platform/province-data';
import { createPrismaClient } from '../prisma/client';
import { cleanUpStack, startBenchDatabase } from './bench/database';
import { ms } from './bench/stats';
import { parseCommandLine } from './command-line';

// `npm run bench:statistics [-- --cases 100000]`
//
// Generates N cases received over the year 2025 (with their steps: 2–4 per case, at the agencies
// serving each office that day) straight into a fresh embedded PostgreSQL, then asks each report
// over HTTP (an Express app mounting the statistics routes as the API does, as an operator) and
// prints `statistics <name>: <ms> ms (<n> cases)` — the median of 3 timed requests after one
// warm-up. Target: each report under 1 s at 100,000 cases.

const PG_PORT = 54398;
const YEAR = 2025;
const TARGET_MS = 1000;
const RUNS = 3;
const BATCH = 5000;
/** Reports are measured as of this moment: a few days after the year, so some cases are still open. */
const NOW = new Date('2026-01-05T03:00:00Z');

/** A small seeded generator (mulberry32): the same data on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Generated {
  cases: Record<'code' | 'group' | 'version' | 'office' | 'channel' | 'status', string[]> & Record<'received' | 'appointment' | 'closed', (string | null)[]>;
  steps: Record<'caseCode' | 'stepId' | 'agency' | 'status' | 'dependsOn', string[]> & { limit: number[] } & Record<'dispatched' | 'due' | 'finished', (string | null)[]>;
}

function emptyBatch(): Generated {
  return {
    cases: { code: [], group: [], version: [], office: [], channel: [], status: [], received: [], appointment: [], closed: [] },
    steps: { caseCode: [], stepId: [], agency: [], status: [], dependsOn: [], limit: [], dispatched: [], due: [], finished: [] },
  };
}

const CASE_OUTCOMES: [string, number][] = [
  ['COMPLETED', 0.7],
  ['PARTIALLY_COMPLETED', 0.08],
  ['REFUSED', 0.05],
  ['WITHDRAWN', 0.04],
  ['STOPPED', 0.01],
  ['IN_PROGRESS', 0.1],
  ['AWAITING_SUPPLEMENT', 0.02],
];

function pick<T>(rnd: () => number, weighted: [T, number][]): T {
  let x = rnd();
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

const iso = (t: number) => new Date(t).toISOString();

export async function generate(pg: PgClient, total: number): Promise<{ cases: number; steps: number; ratings: number }> {
  let ratings = 0;
  const rnd = random(20251231);
  const sequences = new Map<string, number>();
  let batch = emptyBatch();
  let steps = 0;
  const flush = async () => {
    const c = batch.cases;
    await pg.query(
      `INSERT INTO cases (code, group_code, catalogue_version, office_code, channel, result_delivery, status, received_at, appointment_at, closed_at, workflow_started_at)
       SELECT code, grp, version, office, channel, 'desk', status, received, appointment, closed, received
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
         AS t(code, grp, version, office, channel, status, received, appointment, closed)`,
      [c.code, c.group, c.version, c.office, c.channel, c.status, c.received, c.appointment, c.closed],
    );
    const s = batch.steps;
    await pg.query(
      `INSERT INTO steps (case_code, step_id, procedure, agency_code, status, depends_on, time_limit_days, dispatched_at, due_at, finished_at)
       SELECT case_code, step_id, step_id, agency, status, CASE WHEN dep = '' THEN '{}'::text[] ELSE ARRAY[dep] END, lim, dispatched, due, finished
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
         AS t(case_code, step_id, agency, status, dep, lim, dispatched, due, finished)`,
      [s.caseCode, s.stepId, s.agency, s.status, s.dependsOn, s.limit, s.dispatched, s.due, s.finished],
    );
    steps += s.caseCode.length;
    batch = emptyBatch();
  };

  const yearStart = Date.parse(`${YEAR}-01-01T00:00:00+07:00`);
  for (let i = 0; i < total; i++) {
    // Receipt: any day of the year (desks that receive on Saturdays too), 07:30–17:30.
    const day = addDays(`${YEAR}-01-01`, Math.floor(rnd() * 365));
    const catalogue = catalogueInForceOn(day);
    const office = catalogue.offices[i % catalogue.offices.length]!;
    const received = instantAt(day, '07:30').getTime() + Math.floor(rnd() * 10 * HOUR);
    if (received < yearStart) throw new Error('receipt before the year');
    const group = rnd() < 0.8 ? catalogue.groups.find((g) => g.code === 'death')! : catalogue.groups.find((g) => g.code === 'birth')!;
    const key = `${office.code}-${day}`;
    const n = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, n);
    const code = `${office.code}-${day.slice(2).replace(/-/g, '')}-${String(n).padStart(4, '0')}`;
    const status = pick(rnd, CASE_OUTCOMES);
    const open = status === 'IN_PROGRESS' || status === 'AWAITING_SUPPLEMENT';
    const appointment = received + (5 + Math.floor(rnd() * 12)) * DAY;
    // Most results come before the appointment, some after it.
    const closed = open ? null : received + Math.floor(rnd() * (appointment - received) * 1.25);
    const c = batch.cases;
    c.code.push(code);
    c.group.push(group.code);
    c.version.push(catalogue.version);
    c.office.push(office.code);
    c.channel.push(pick(rnd, [['desk', 0.6], ['online', 0.35], ['postal', 0.05]]));
    c.status.push(status);
    c.received.push(iso(received));
    c.appointment.push(iso(appointment));
    c.closed.push(closed === null ? null : iso(closed));

    // The first procedure, then 1–3 of the others.
    const [first, ...others] = group.procedures;
    const chosen = [first!, ...others.filter(() => rnd() < 0.7).slice(0, 3)];
    if (chosen.length === 1) chosen.push(others[0]!);
    const firstDone = received + Math.floor(rnd() * 6 * HOUR);
    for (const p of chosen) {
      const role: AgencyRole = p.routing.kind === 'fixed' ? p.routing.role : Object.values(p.routing.routes)[0]!;
      const agency = office.agencies[role];
      if (!agency) continue;
      const isFirst = p === first;
      const dispatched = isFirst ? received + 10 * 60_000 : firstDone;
      const due = dispatched + Math.max(1, p.timeLimit.workingDays) * 1.4 * DAY;
      let stepStatus: string;
      let finished: number | null = null;
      if (status === 'WITHDRAWN') stepStatus = isFirst ? 'COMPLETED' : 'CANCELLED';
      else if (status === 'STOPPED') stepStatus = 'CANCELLED';
      else if (status === 'REFUSED') stepStatus = isFirst ? 'REJECTED' : 'SKIPPED';
      else if (open) stepStatus = isFirst ? 'COMPLETED' : status === 'AWAITING_SUPPLEMENT' ? 'AWAITING_SUPPLEMENT' : 'DISPATCHED';
      else if (status === 'PARTIALLY_COMPLETED' && !isFirst && rnd() < 0.5) stepStatus = 'REJECTED';
      else stepStatus = 'COMPLETED';
      if (stepStatus !== 'DISPATCHED' && stepStatus !== 'AWAITING_SUPPLEMENT' && stepStatus !== 'SKIPPED') {
        finished = isFirst ? firstDone : closed ?? firstDone + Math.floor(rnd() * (due - firstDone) * 1.3);
      }
      const s = batch.steps;
      s.caseCode.push(code);
      s.stepId.push(p.code);
      s.agency.push(agency);
      s.status.push(stepStatus);
      s.dependsOn.push(isFirst ? '' : first!.code);
      s.limit.push(p.timeLimit.workingDays);
      s.dispatched.push(stepStatus === 'SKIPPED' ? null : iso(dispatched));
      s.due.push(stepStatus === 'SKIPPED' ? null : iso(due));
      s.finished.push(finished === null ? null : iso(finished));
    }
    if (batch.cases.code.length >= BATCH) await flush();
  }
  if (batch.cases.code.length > 0) await flush();
  // Results returned the day after they were ready, and three in ten of those rated by the
  // applicant (a score from the code's hash): the summary joins the ratings of its cases.
  await pg.query(`UPDATE cases SET returned_at = closed_at + interval '1 day', return_method = 'desk' WHERE status IN ('COMPLETED', 'PARTIALLY_COMPLETED')`);
  const rated = await pg.query(
    `INSERT INTO ratings (case_code, office_code, group_code, score, comment, rated_at)
     SELECT code, office_code, group_code, 1 + abs(hashtext(code || 's')) % 5, NULL, returned_at + interval '2 hours'
     FROM cases WHERE returned_at IS NOT NULL AND abs(hashtext(code)) % 10 < 3`,
  );
  ratings = rated.rowCount ?? 0;
  await pg.query('ANALYZE cases; ANALYZE steps; ANALYZE ratings');
  return { cases: total, steps, ratings };
}

async function main(): Promise<void> {
  const { values } = parseCommandLine('bench:statistics', { options: { cases: { type: 'string', default: '100000' } } }, 'usage: npm run bench:statistics [-- --cases N]   (N cases of 2025 in a fresh embedded PostgreSQL; times every report)');
  const total = Number(values.cases);
  if (!Number.isInteger(total) || total < 1) throw new Error(`--cases must be a positive whole number, not ${values.cases}`);
  const organisation = requireProvinceData();
  useOrganisation(organisation);

  const { steps: cleanup, run: cleanUp } = cleanUpStack();
  try {
    const pg = await startBenchDatabase({ name: 'lien-thong-bench-statistics', port: PG_PORT, organisation, cleanup });
    const db = createPrismaClient(pg.url);
    cleanup.push(() => db.$disconnect());

    const client = new PgClient({ connectionString: pg.url });
    await client.connect();
    const started = Date.now();
    const generated = await generate(client, total);
    await client.end();
    console.log(`generated ${generated.cases} cases, ${generated.steps} steps and ${generated.ratings} ratings of ${YEAR} in ${((Date.now() - started) / 1000).toFixed(1)} s, on ${os.cpus().length} cores`);

    // The statistics routes as the API mounts them, behind an operator.
    const app = express();
    app.use((req, _res, next) => {
      req.principal = { keyId: 'bench', role: 'operator' };
      next();
    });
    const router = express.Router();
    const deps = { db, now: () => NOW } as unknown as ApiDeps;
    for (const r of statisticsRoutes(deps)) mount(router, r, { validateResponses: false, available: () => true, retryAfterSeconds: 1 });
    app.use(router);
    app.use(problemHandler({ error: (o, m) => console.error(m, o), warn: (o, m) => console.error(m, o) }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    cleanup.push(() => new Promise((r) => server.close(r)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const period = `from=${YEAR}-01-01&to=${YEAR}-12-31`;
    const reports: [string, string][] = [
      ...(['office', 'agency', 'procedure', 'channel', 'month'] as const).map((g): [string, string] => [`summary by ${g}`, `/v1/statistics/summary?${period}&groupBy=${g}`]),
      ['summary by office (csv)', `/v1/statistics/summary?${period}&groupBy=office&format=csv`],
      ['summary by office (xlsx)', `/v1/statistics/summary?${period}&groupBy=office&format=xlsx`],
      ['quarterly Q4', `/v1/statistics/quarterly?year=${YEAR}&quarter=4`],
      ['quarterly Q4 (csv)', `/v1/statistics/quarterly?year=${YEAR}&quarter=4&format=csv`],
      ['quarterly Q4 (xlsx)', `/v1/statistics/quarterly?year=${YEAR}&quarter=4&format=xlsx`],
    ];
    let slowest = 0;
    for (const [name, url] of reports) {
      const times: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const t0 = performance.now();
        const res = await fetch(`${base}${url}`);
        const body = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${body.toString('utf8').slice(0, 500)}`);
        if (run > 0) times.push(performance.now() - t0);
      }
      const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
      slowest = Math.max(slowest, median);
      console.log(`statistics ${name}: ${ms(median)} ms (${total} cases)`);
    }
    const check = (await (await fetch(`${base}/v1/statistics/summary?${period}&groupBy=office`)).json()) as { total: Record<string, number | null> };
    const t = check.total;
    console.log(`the year's total: received ${t.received}, finished ${t.finishedEarly}/${t.finishedOnTime}/${t.finishedLate} (early/on time/late), pending ${t.pendingInTime}/${t.pendingOverdue} (in time/overdue), on-time rate ${t.onTimeRate}, working days avg ${t.avgWorkingDays} p90 ${t.p90WorkingDays}, ratings ${t.ratingCount} (average ${t.ratingAverage})`);
    console.log(`target: each report under ${TARGET_MS} ms — ${slowest < TARGET_MS ? 'met' : 'NOT met'} (slowest ${ms(slowest)} ms)`);
  } finally {
    await cleanUp();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
