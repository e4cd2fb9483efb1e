// A province's offices and agencies come from its data files (platform/province-data.ts): each
// load is stored whole (province_data), and the offices and agencies tables mirror the codes so
// that cases and steps can reference them by foreign key.
import path from 'node:path';
import { DECIDED_OVERRIDES } from '../domain/calendar/decided-overrides';
import { allAgencies, allOffices, useOrganisation, type Organisation } from '../domain/catalogue';
import { requireProvinceData, SAMPLE_PROVINCE_DIR } from '../platform/province-data';
import type { Db } from './client';

export interface ReferenceDataResult {
  offices: number;
  agencies: number;
  /** Whether the province data differed from the last load (a new province_data row). */
  provinceDataChanged: boolean;
  source: string;
  /** Decided calendar overrides newly inserted (existing ones, possibly edited by operators, are kept). */
  calendarOverrides: number;
}

/** pg_advisory_xact_lock key of a province data load (any constant other than the migrations'). */
const REFERENCE_DATA_LOCK_KEY = 4_614_020_517;

/**
 * Stores the province data (a new row only when it changed) and upserts every office and agency
 * code it names, plus the released sample's (old cases reference them). Idempotent; never
 * deletes, because old cases keep referencing offices and agencies that later data dropped.
 * Also puts the organisation in use in this process.
 */
export async function syncReferenceData(db: Db, organisation: Organisation = requireProvinceData()): Promise<ReferenceDataResult> {
  return syncChosen(db, () => organisation);
}

/**
 * What `npm run db:migrate` and `npm start` load: PROVINCE_DATA_DIR when it is set. Without it, the
 * shipped sample — unless the database holds another province's data (loaded with `npm run
 * province:load`; the sample is known by its folder's name): that is kept and its codes synced
 * again, never swapped back for the sample.
 */
export async function syncConfiguredReferenceData(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<ReferenceDataResult & { kept: boolean }> {
  const wanted = env.PROVINCE_DATA_DIR ? requireProvinceData(env.PROVINCE_DATA_DIR) : undefined;
  let kept = false;
  const result = await syncChosen(db, (latest) => {
    if (wanted) return wanted;
    const sampleName = path.basename(SAMPLE_PROVINCE_DIR);
    kept = latest !== undefined && !latest.source.startsWith(`${sampleName} (`);
    return kept ? latest! : requireProvinceData(SAMPLE_PROVINCE_DIR);
  });
  return { ...result, kept };
}

/**
 * One load, chosen by `choose` from the newest load stored, under a transaction-scoped advisory
 * lock: two loads at once (two db:migrate, a migrate beside a province:load) take turns, each
 * choosing and comparing against what the other stored, so nothing is stored twice or swapped back.
 */
async function syncChosen(db: Db, choose: (latest: Organisation | undefined) => Organisation): Promise<ReferenceDataResult> {
  const { organisation, changed, offices, agencies } = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REFERENCE_DATA_LOCK_KEY})`;
      const latest = await tx.provinceData.findFirst({ orderBy: { id: 'desc' }, select: { checksum: true, data: true } });
      const chosen = choose(latest ? (latest.data as unknown as Organisation) : undefined);
      useOrganisation(chosen);
      const officeRows = new Map(allOffices().map((o) => [o.code, { name: o.name, province: o.province }]));
      const agencyRows = new Map(allAgencies().map((a) => [a.code, { role: a.role, name: a.name.vi }]));
      for (const [code, data] of officeRows) await tx.office.upsert({ where: { code }, create: { code, ...data }, update: data });
      for (const [code, data] of agencyRows) await tx.agency.upsert({ where: { code }, create: { code, ...data }, update: data });
      const isNew = latest?.checksum !== chosen.checksum;
      if (isNew) await tx.provinceData.create({ data: { source: chosen.source, checksum: chosen.checksum, data: chosen as object } });
      return { organisation: chosen, changed: isNew, offices: officeRows.size, agencies: agencyRows.size };
    },
    // The wait for another load's turn counts too: a province's few hundred codes take seconds.
    { timeout: 300_000, maxWait: 30_000 },
  );
  // Yearly calendar decisions already published: seeded once; operators own them afterwards.
  const seeded = await db.calendarOverride.createMany({
    data: DECIDED_OVERRIDES.map((o) => ({ date: o.date, scope: o.officeCode ?? '*', kind: o.kind, reason: o.reason, source: o.source })),
    skipDuplicates: true,
  });
  return { offices, agencies, provinceDataChanged: changed, source: organisation.source, calendarOverrides: seeded.count };
}

/**
 * Puts the newest loaded province data in use in this process (API start). Throws when none was
 * ever loaded: `npm run db:migrate` loads it.
 */
export async function loadOrganisation(db: Db): Promise<Organisation> {
  const latest = await db.provinceData.findFirst({ orderBy: { id: 'desc' } });
  if (!latest) throw new Error('no province data in the database: run `npm run db:migrate` (it loads PROVINCE_DATA_DIR)');
  const organisation = latest.data as unknown as Organisation;
  useOrganisation(organisation);
  return organisation;
}
