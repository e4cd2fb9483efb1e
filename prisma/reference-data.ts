// Offices and agencies live in the code's catalogue (versioned, reviewed with the legal sources);
// the tables only mirror them so that cases and steps can reference them by foreign key.
import { DECIDED_OVERRIDES } from '../domain/calendar/decided-overrides';
import { CATALOGUE_VERSIONS, type Catalogue } from '../domain/catalogue';
import type { Db } from './client';

export interface ReferenceDataResult {
  offices: number;
  agencies: number;
  /** Decided calendar overrides newly inserted (existing ones, possibly edited by operators, are kept). */
  calendarOverrides: number;
}

/**
 * Upserts every office and agency of every catalogue version, oldest version first, so a code that
 * appears in several versions ends with its latest name. Idempotent; never deletes, because old
 * cases keep referencing offices and agencies that a later version dropped.
 */
export async function syncReferenceData(
  db: Db,
  versions: readonly Catalogue[] = CATALOGUE_VERSIONS,
): Promise<ReferenceDataResult> {
  const offices = new Map<string, { name: string; province: string }>();
  const agencies = new Map<string, { role: string; name: string }>();
  for (const catalogue of versions) {
    for (const o of catalogue.offices) offices.set(o.code, { name: o.name, province: o.province });
    for (const a of catalogue.agencies) agencies.set(a.code, { role: a.role, name: a.name.vi });
  }
  await db.$transaction([
    ...[...offices].map(([code, data]) =>
      db.office.upsert({ where: { code }, create: { code, ...data }, update: data }),
    ),
    ...[...agencies].map(([code, data]) =>
      db.agency.upsert({ where: { code }, create: { code, ...data }, update: data }),
    ),
  ]);
  // Yearly calendar decisions already published: seeded once; operators own them afterwards.
  const seeded = await db.calendarOverride.createMany({
    data: DECIDED_OVERRIDES.map((o) => ({ date: o.date, scope: o.officeCode ?? '*', kind: o.kind, reason: o.reason, source: o.source })),
    skipDuplicates: true,
  });
  return { offices: offices.size, agencies: agencies.size, calendarOverrides: seeded.count };
}
