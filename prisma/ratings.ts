import { addDays, instantAt } from '../domain';
import { Prisma, type PrismaClient } from './generated/client';

// The applicant's rating of the service (issue 9): once per case, only after the result was
// returned. The comment is free text a citizen wrote: stored, never logged, read by operators only.
// Why: Decision 766/QĐ-TTg scores provinces on citizen satisfaction, and the seeds ask for citizen
// surveys. The 1–5 scale (Rất không hài lòng … Rất hài lòng) is the engine's choice: the scale of
// the official surveys could not be confirmed from a text read here (searched the stored pages for
// "đánh giá mức độ hài lòng … Thông tư 01/2018/TT-VPCP … rất hài lòng": no text of the rules), and
// the indicators of Circular 01/2018 Art 13–15 (scored 0/1/2 per case) are not a citizen's rating.

export const RATING_SCORES = [1, 2, 3, 4, 5] as const;
export type RatingScore = (typeof RATING_SCORES)[number];

export interface NewRating {
  caseCode: string;
  score: RatingScore;
  comment: string | null;
  at: Date;
}

export type RatingOutcome = { kind: 'recorded'; ratedAt: string } | { kind: 'not-found' } | { kind: 'not-returned' } | { kind: 'already-rated' };

/**
 * Records the rating, or says why not. The case row is locked, so a rating and the return of the
 * result never cross; the primary key makes a second rating of the case impossible even so.
 */
export async function recordRating(db: PrismaClient, r: NewRating): Promise<RatingOutcome> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ office_code: string; group_code: string; returned_at: Date | null; rated: boolean }[]>`
      SELECT c.office_code, c.group_code, c.returned_at, EXISTS (SELECT 1 FROM ratings r WHERE r.case_code = c.code) AS rated
      FROM cases c WHERE c.code = ${r.caseCode} FOR UPDATE OF c`;
    const c = rows[0];
    if (!c) return { kind: 'not-found' };
    if (!c.returned_at) return { kind: 'not-returned' };
    if (c.rated) return { kind: 'already-rated' };
    try {
      await tx.rating.create({ data: { caseCode: r.caseCode, officeCode: c.office_code, group: c.group_code, score: r.score, comment: r.comment, ratedAt: r.at } });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return { kind: 'already-rated' };
      throw err;
    }
    return { kind: 'recorded', ratedAt: r.at.toISOString() };
  });
}

export interface RatingPeriod {
  /** First and last day (YYYY-MM-DD, Vietnam time, inclusive) of the period, by the day the rating was given. */
  from: string;
  to: string;
  officeCode?: string;
}

export interface RatingSummary {
  count: number;
  /** Mean score, two decimals; null without ratings. */
  average: number | null;
  /** How many ratings gave each score. */
  distribution: Record<`${RatingScore}`, number>;
}

const between = (p: RatingPeriod) => ({ gte: instantAt(p.from, '00:00'), lt: instantAt(addDays(p.to, 1), '00:00') });
const where = (p: RatingPeriod): Prisma.RatingWhereInput => ({ ratedAt: between(p), ...(p.officeCode ? { officeCode: p.officeCode } : {}) });

/** The ratings given in the period (for the statistics: one group-by on an indexed range). */
export async function ratingSummary(db: PrismaClient, p: RatingPeriod): Promise<RatingSummary> {
  const groups = await db.rating.groupBy({ by: ['score'], where: where(p), _count: { _all: true } });
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let count = 0;
  let total = 0;
  for (const g of groups) {
    const key = String(g.score) as keyof typeof distribution;
    if (!(key in distribution)) continue;
    distribution[key] = g._count._all;
    count += g._count._all;
    total += g.score * g._count._all;
  }
  return { count, average: count ? Math.round((total / count) * 100) / 100 : null, distribution };
}

export interface RatingComment {
  officeCode: string;
  group: string;
  score: number;
  comment: string;
  ratedAt: string;
}

/**
 * The latest comments of the period, newest first, without the case code: an operator reads what
 * citizens wrote without being handed the key to who wrote it.
 */
export async function latestRatingComments(db: PrismaClient, p: RatingPeriod, limit: number): Promise<RatingComment[]> {
  const rows = await db.rating.findMany({
    where: { ...where(p), comment: { not: null } },
    select: { officeCode: true, group: true, score: true, comment: true, ratedAt: true },
    orderBy: [{ ratedAt: 'desc' }, { caseCode: 'asc' }],
    take: limit,
  });
  return rows.map((r) => ({ officeCode: r.officeCode, group: r.group, score: r.score, comment: r.comment ?? '', ratedAt: r.ratedAt.toISOString() }));
}
