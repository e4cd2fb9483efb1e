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
  useOrganisation(organisation);
  const offices = new Map(allOffices().map((o) => [o.code, { name: o.name, province: o.province }]));
  const agencies = new Map(allAgencies().map((a) => [a.code, { role: a.role, name: a.name.vi }]));
  const { checksum } = organisation;
  // Two loads at once (two db:migrate, a migrate beside a province:load) take turns: each reads the
  // newest load under the lock, so the same data is never stored twice.
  const changed = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REFERENCE_DATA_LOCK_KEY})`;
      const latest = await tx.provinceData.findFirst({ orderBy: { id: 'desc' }, select: { checksum: true } });
      for (const [code, data] of offices) await tx.office.upsert({ where: { code }, create: { code, ...data }, update: data });
      for (const [code, data] of agencies) await tx.agency.upsert({ where: { code }, create: { code, ...data }, update: data });
      if (latest?.checksum === checksum) return false;
      await tx.provinceData.create({ data: { source: organisation.source, checksum, data: organisation as object } });
      return true;
    },
    { timeout: 60_000 },
  );
  // Yearly calendar decisions already published: seeded once; operators own them afterwards.
  const seeded = await db.calendarOverride.createMany({
    data: DECIDED_OVERRIDES.map((o) => ({ date: o.date, scope: o.officeCode ?? '*', kind: o.kind, reason: o.reason, source: o.source })),
    skipDuplicates: true,
  });
  return { offices: offices.size, agencies: agencies.size, provinceDataChanged: changed, source: organisation.source, calendarOverrides: seeded.count };
}

/**
 * What `npm run db:migrate` and `npm start` load: PROVINCE_DATA_DIR when it is set. Without it, the
 * shipped sample — unless the database holds another province's data (loaded with `npm run
 * province:load`): that is kept and its codes synced again, never swapped back for the sample.
 */
export async function syncConfiguredReferenceData(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<ReferenceDataResult & { kept: boolean }> {
  if (!env.PROVINCE_DATA_DIR) {
    const latest = await db.provinceData.findFirst({ orderBy: { id: 'desc' }, select: { data: true } });
    const loaded = latest?.data as unknown as Organisation | undefined;
    const sampleName = path.basename(SAMPLE_PROVINCE_DIR);
    if (loaded && !loaded.source.startsWith(`${sampleName} (`)) return { ...(await syncReferenceData(db, loaded)), kept: true };
  }
  return { ...(await syncReferenceData(db, requireProvinceData())), kept: false };
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
