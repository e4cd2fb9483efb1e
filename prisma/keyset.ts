/** One page of a log ordered newest first by (at, id): the filter both access logs take. */
export interface KeysetFilter {
  from?: Date;
  /** Exclusive. */
  before?: Date;
  limit: number;
  after?: { at: Date; id: string };
}

/** The period and the position after the previous page, as a Prisma `where` fragment. */
export const keysetWhere = (f: KeysetFilter) => ({
  at: { ...(f.from ? { gte: f.from } : {}), ...(f.before ? { lt: f.before } : {}) },
  ...(f.after ? { OR: [{ at: { lt: f.after.at } }, { at: f.after.at, id: { lt: f.after.id } }] } : {}),
});

export const KEYSET_ORDER = [{ at: 'desc' as const }, { id: 'desc' as const }];

/** Rows read with `take: limit + 1` → the page and, if more follow, where the next one starts. */
export function keysetPage<R extends { at: Date; id: string }>(rows: R[], limit: number): { page: R[]; next?: { at: Date; id: string } } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, next: rows.length > limit && last ? { at: last.at, id: last.id } : undefined };
}
