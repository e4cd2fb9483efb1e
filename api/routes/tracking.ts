import type { Request } from 'express';
import { z } from 'zod';
import { addDays, CASE_CODE_PATTERN, lineText, multilineText, noncharacterTexts, unstorableTexts } from '../../domain';
import { latestRatingComments, RATING_SCORES, ratingSummary, recordRating, type RatingScore } from '../../prisma/ratings';
import { findPublicCase } from '../../prisma/tracking-read';
import type { ApiDeps } from '../deps';
import { Route, route } from '../http/route';
import { Problem } from '../problem';
import { officeCodeSchema, queryDate as date } from '../schemas';
import { casePage, COMMENT_MAX, Lang, lookupPage, notFoundPage, RATING_PATH, RatingState, STYLESHEET, STYLESHEET_PATH, texts, TRACKING_CSP, TRACKING_PATH } from '../tracking/page';
import { normaliseRatingCode, ratingCodeMatches } from '../tracking/rating-code';

// The applicant's public page (/tra-cuu), the rating form it posts, and the ratings' figures for
// the statistics. The page is public: it answers with states and dates only (prisma/tracking-read.ts
// reads nothing else) and is rate limited per client address (api/app.ts) against enumerating codes.
//
// The rating form needs no CSRF token of its own: nothing rides on a cookie (there is no session
// on this page), and the form carries the rating code `k` — an HMAC of the case code under
// RATING_SECRET, printed on the receipt and in its QR code. A forged cross-site post would need
// that code, and whoever has it can post directly. Browsers' cross-site posts are refused anyway
// (Sec-Fetch-Site), and the CSP's form-action keeps the page's own form on this origin.

const RATINGS_MAX_DAYS = 366;
const COMMENTS_SHOWN = 50;

const html = (status: number, body: string, extra: Record<string, string> = {}) => ({
  status,
  html: body,
  // The case's state changes: never cached; the rating code in the address never leaves in a Referer (helmet: no-referrer).
  headers: { 'Content-Security-Policy': TRACKING_CSP, 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex', ...extra },
});

const langOf = (v: unknown): Lang => (v === 'en' ? 'en' : 'vi');
const isCaseCode = (s: string) => CASE_CODE_PATTERN.test(s);

/** A program (Accept without HTML) gets RFC 9457 problems; a browser gets the page. */
const wantsHtml = (req: Request) => req.accepts(['text/html', 'application/problem+json', 'application/json']) === 'text/html';

const trackingQuery = z.looseObject({
  ma: lineText({ max: 200 }).optional().meta({ description: 'Mã hồ sơ: the case code printed on the receipt (e.g. `001.01.01.H26-261125-0001`). Without it, the lookup form.' }),
  k: lineText({ max: 100 }).optional().meta({ description: 'The rating code from the receipt’s QR code; fills the rating form once the result was returned.' }),
  lang: lineText({ max: 10 }).optional().meta({ description: '`en` for English; Vietnamese otherwise.' }),
})
  // Any other parameter (the page ignores them) is held to the same rule, its name included.
  .superRefine((q, ctx) => {
    for (const issue of unstorableTexts(q)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

const ratingForm = z.object({
  ma: z.string().meta({ description: 'The case code.' }),
  k: z.string().meta({ description: 'The rating code printed on the receipt (10 characters; case, spaces and dashes ignored).' }),
  score: z.enum(['1', '2', '3', '4', '5']).meta({ description: '1 (very dissatisfied) to 5 (very satisfied).' }),
  comment: z.string().optional().meta({ description: `Optional, at most ${COMMENT_MAX} characters; no control characters. Shown to operators only, never logged.` }),
  lang: z.string().optional().meta({ description: '`en` to answer in English.' }),
});

const commentText = multilineText({ max: COMMENT_MAX });

const ratingsQuery = z.strictObject({
  from: date.meta({ description: 'First day (Vietnam time) on which ratings were given.' }),
  to: date.meta({ description: 'Last day, inclusive.' }),
  office: officeCodeSchema.optional().meta({ description: 'Only this office’s cases (a desk always sees its own office only).' }),
});
const ratingsSchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    officeCode: z.string().nullable().meta({ description: 'The office, or null for every office.' }),
    count: z.number().int().min(0),
    average: z.number().nullable().meta({ description: 'Mean score (1–5, two decimals); null without ratings.' }),
    distribution: z.object({ '1': z.number().int(), '2': z.number().int(), '3': z.number().int(), '4': z.number().int(), '5': z.number().int() }).meta({ description: 'How many ratings gave each score.' }),
    comments: z
      .array(z.object({ officeCode: z.string(), group: z.string(), score: z.number().int(), comment: z.string(), ratedAt: z.iso.datetime() }))
      .optional()
      .meta({ description: `Operators only: the latest ${COMMENTS_SHOWN} comments of the period, newest first, without the case code.` }),
  })
  .meta({ id: 'RatingSummary' });

/**
 * Whether a post names another site as its origin (a browser that sends no Sec-Fetch-Site still
 * sends Origin). `null` is what a browser sends for this page's own form under its no-referrer
 * policy, so it is not taken for another site.
 */
function fromAnotherOrigin(origin: string | undefined, own: (string | undefined)[]): boolean {
  if (origin === undefined || origin === 'null') return false;
  return !own.some((url) => {
    try {
      return url !== undefined && new URL(url).origin === origin;
    } catch {
      return false;
    }
  });
}

export function trackingRoutes(deps: ApiDeps): { public: Route[]; v1: Route[] } {
  const publicRoutes: Route[] = [
    route(
      {
        method: 'get',
        path: TRACKING_PATH,
        operationId: 'trackingPage',
        tag: 'Tracking',
        summary: 'Tra cứu hồ sơ: the applicant’s page for a case (HTML, Vietnamese; `lang=en` for English)',
        description:
          'What the QR code of every slip opens. The case’s status in words, the appointment (and an apology’s new date), each procedure with its agency and state, and whether the result is ready or was handed over — no personal data at all. Once the result was returned, a rating form (once per case). An unknown code gets a 404 page that reveals nothing; a malformed one a 422 page. Rate limited per client address (`PUBLIC_LOOKUPS_PER_MINUTE`): 429 page with `Retry-After`.',
        access: 'public',
        needs: ['database'],
        query: trackingQuery,
        responses: {
          200: { description: 'The case page, or the lookup form without `ma`.', alternatives: { 'text/html': 'The page.' } },
          404: { description: 'No such case (an HTML page).', alternatives: { 'text/html': 'Not found.' } },
          422: { description: 'Not a case code (an HTML page naming the field).', alternatives: { 'text/html': 'The lookup form with the error.' } },
          429: { description: 'Too many lookups from this address (an HTML page; `Retry-After`).', alternatives: { 'text/html': 'Try later.' } },
        },
      },
      async ({ query }) => {
        const lang = langOf(query.lang);
        const code = (query.ma ?? '').trim().toUpperCase();
        if (!code) return html(200, lookupPage(lang));
        if (!isCaseCode(code)) return html(422, lookupPage(lang, code, 'invalid'));
        const c = await findPublicCase(deps.db, code);
        if (!c) return html(404, notFoundPage(lang, code));
        const rating: RatingState = !c.returnedAt ? { kind: 'none' } : c.rated ? { kind: 'rated' } : { kind: 'form', k: query.k ? normaliseRatingCode(query.k).slice(0, 20) : '' };
        return html(200, casePage(lang, c, rating));
      },
    ),
    route(
      {
        method: 'post',
        path: RATING_PATH,
        operationId: 'rateService',
        tag: 'Tracking',
        summary: 'Đánh giá: the applicant rates the service once the result was returned (an HTML form post)',
        description: [
          'Form-encoded. Needs the rating code (`k`) printed on the receipt and in its QR code: an HMAC of the case code, so that only the holder of the slip rates the case. Accepted once per case, only after the result was returned.',
          'A browser gets a 303 to the case page (which then says the case was rated), or the page again with each refused field marked: 422 (score, comment, or a field given twice), 403 (wrong rating code, or a cross-site post), 409 (not returned yet, or rated already), 404 (no such case). A client that does not accept HTML gets the same statuses as RFC 9457 problems.',
          'The comment is stored and shown to operators only (`GET /v1/statistics/ratings`); it is never logged.',
        ].join('\n\n'),
        access: 'public',
        needs: ['database'],
        body: ratingForm,
        bodyType: 'form',
        bodyValidatedByHandler: true,
        responses: {
          303: { description: 'Rated; `Location` is the case page.', headers: z.object({ Location: z.string() }) },
          403: { description: 'Wrong rating code, or a post from another site.' },
          404: { description: 'No such case.' },
          409: { description: 'The result was not returned yet, or the case was rated already (`code`: `NOT_RETURNED`, `ALREADY_RATED`).' },
          422: { description: 'Invalid fields, each named.' },
        },
      },
      async ({ body, req }) => {
        const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
        const str = (v: unknown) => (typeof v === 'string' ? v : '');
        const lang = langOf(raw.lang);
        const t = texts(lang);
        const browser = wantsHtml(req);
        const code = str(raw.ma).trim().toUpperCase();
        const k = normaliseRatingCode(str(raw.k)).slice(0, 20);
        const scoreText = str(raw.score);
        const commentRaw = str(raw.comment);

        if (req.get('sec-fetch-site') === 'cross-site' || fromAnotherOrigin(req.get('origin'), [`${req.protocol}://${req.get('host')}`, deps.tracking.publicBaseUrl])) {
          if (!browser) throw new Problem(403, 'Forbidden', 'Ratings are posted from the tracking page itself.');
          return html(403, lookupPage(lang, isCaseCode(code) ? code : '', undefined, t.crossSite));
        }
        // A field given twice (formFields keeps it a list) and text no field takes (in any field, its
        // name included) are refused like everywhere else; the comment's text has its own message below.
        const repeated = Object.keys(raw).filter((name) => Array.isArray(raw[name]));
        const { comment: _comment, ...others } = raw;
        const unstorable = unstorableTexts(Object.fromEntries(Object.entries(others).filter(([name]) => !repeated.includes(name))));
        const refusedFields = [...repeated.map((path) => ({ path, message: 'must be given once' })), ...unstorable.map((i) => ({ path: i.path.join('.'), message: i.message }))];
        if (refusedFields.length && !browser) throw Problem.validation(refusedFields);
        // A browser gets the case's form again with the fields marked (the code's own page if it is the code).
        const unstorableFields = new Set([...repeated, ...unstorable.map((i) => String(i.path[0]))]);
        if (unstorableFields.has('ma')) return html(422, lookupPage(lang, '', 'invalid'));
        if (!isCaseCode(code)) {
          if (!browser) throw Problem.validation([{ path: 'ma', message: 'must be a case code such as 001.01.01.H26-241125-0001' }]);
          return html(422, lookupPage(lang, code, 'invalid'));
        }
        const c = await findPublicCase(deps.db, code);
        if (!c) {
          if (!browser) throw new Problem(404, 'Case not found', `No case ${code}.`, [], undefined, { code: 'CASE_NOT_FOUND' });
          return html(404, notFoundPage(lang, code));
        }
        const conflict = (kind: 'not-returned' | 'already-rated') => {
          if (!browser) {
            throw kind === 'already-rated'
              ? new Problem(409, 'Already rated', 'This case was rated already; each case is rated once.', [], undefined, { code: 'ALREADY_RATED' })
              : new Problem(409, 'Result not returned', 'A case is rated after its result was returned.', [], undefined, { code: 'NOT_RETURNED' });
          }
          return html(409, casePage(lang, c, { kind }));
        };
        if (c.rated) return conflict('already-rated');
        if (!c.returnedAt) return conflict('not-returned');

        // Every field checked at once, so the form comes back with each mistake marked.
        const errors: Partial<Record<'k' | 'score' | 'comment' | 'form', string>> = {};
        const issues: { path: string; message: string }[] = [];
        const score = Number(scoreText);
        if (!RATING_SCORES.includes(score as RatingScore) || !/^[1-5]$/.test(scoreText)) {
          errors.score = t.scoreMissing;
          issues.push({ path: 'score', message: 'must be 1, 2, 3, 4 or 5' });
        }
        if (unstorableFields.has('k')) errors.k = t.wrongCode;
        // The language, the comment given twice, or a field the form does not have: nothing to mark, so the form says so.
        if ([...unstorableFields].some((f) => f !== 'k' && f !== 'score')) errors.form = t.formInvalid;
        issues.push(...refusedFields);
        const parsedComment = commentText.safeParse(commentRaw);
        // The builders keep their released rule (domain/text.ts); the door refuses the supplementary noncharacters too.
        const commentNoncharacters = noncharacterTexts(commentRaw).map((i) => ({ path: 'comment', message: i.message }));
        if (commentNoncharacters.length) {
          errors.comment = t.commentBad;
          issues.push(...commentNoncharacters);
        } else if (!parsedComment.success) {
          const tooLong = parsedComment.error.issues.some((i) => i.code === 'too_big');
          errors.comment = tooLong ? t.commentTooLong : t.commentBad;
          issues.push(...parsedComment.error.issues.map((i) => ({ path: 'comment', message: i.message })));
        }
        const again = (status: number, more: RatingState & { kind: 'form' }) => html(status, casePage(lang, c, more));
        if (issues.length) {
          if (!browser) throw Problem.validation(issues);
          return again(422, { kind: 'form', k, score: /^[1-5]$/.test(scoreText) ? score : undefined, comment: commentRaw.slice(0, COMMENT_MAX * 2), errors });
        }
        if (!ratingCodeMatches(deps.tracking.ratingSecret, code, k)) {
          if (!browser) throw new Problem(403, 'Wrong rating code', 'The rating code is not this case’s; it is printed on the receipt.', [{ path: 'k', message: 'is not the rating code of this case' }]);
          return again(403, { kind: 'form', k, score, comment: commentRaw, errors: { k: t.wrongCode } });
        }
        const comment = parsedComment.success && parsedComment.data ? parsedComment.data : null;
        const outcome = await recordRating(deps.db, { caseCode: code, score: score as RatingScore, comment, at: deps.now() });
        if (outcome.kind === 'not-found') return html(404, notFoundPage(lang, code));
        if (outcome.kind === 'not-returned' || outcome.kind === 'already-rated') return conflict(outcome.kind);
        // The case code only: the score and the comment are the applicant's words, not the log's.
        deps.logger.info({ caseCode: code }, 'service rated');
        const location = `${TRACKING_PATH}?${new URLSearchParams({ ma: code, ...(lang === 'en' ? { lang } : {}) }).toString()}#danh-gia`;
        return { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } };
      },
    ),
    route(
      {
        method: 'get',
        path: STYLESHEET_PATH,
        operationId: 'trackingStylesheet',
        tag: 'Tracking',
        summary: 'The tracking page’s stylesheet',
        description: 'Served by the API itself (no external assets; the page’s CSP allows styles from this origin only).',
        access: 'public',
        responses: { 200: { description: 'The stylesheet.', alternatives: { 'text/css': 'CSS.' } } },
      },
      async () => ({ status: 200, text: STYLESHEET, contentType: 'text/css; charset=utf-8', headers: { 'Cache-Control': 'public, max-age=3600' } }),
    ),
  ];

  const v1: Route[] = [
    route(
      {
        method: 'get',
        path: '/v1/statistics/ratings',
        operationId: 'getRatingStatistics',
        tag: 'Statistics',
        summary: 'Applicants’ ratings of the service (mức độ hài lòng) for a period',
        description: `Ratings given from \`from\` to \`to\` (Vietnam time, inclusive; at most ${RATINGS_MAX_DAYS} days): count, average and how many gave each score; operators also get the latest comments (without case codes). Feeds the satisfaction measure of the statistics (Decision 766/QĐ-TTg scores provinces on it).`,
        access: ['desk', 'operator', 'admin'],
        roleNote: 'A desk sees its own office’s ratings only (asking for another office is 403) and no comments.',
        needs: ['database'],
        query: ratingsQuery,
        responses: { 200: { description: 'The figures of the period.', json: ratingsSchema }, 403: { description: 'A desk asking for another office.' } },
      },
      async ({ principal: p, query: q }) => {
        if (q.from > q.to) throw Problem.validation([{ path: 'to', message: 'must not be before from' }]);
        if (addDays(q.from, RATINGS_MAX_DAYS - 1) < q.to) throw Problem.validation([{ path: 'to', message: `the range may span at most ${RATINGS_MAX_DAYS} days` }]);
        let officeCode = q.office;
        if (p.role === 'desk') {
          if (officeCode && officeCode !== p.officeCode) throw new Problem(403, 'Forbidden', 'A desk reads only its own office’s ratings.');
          officeCode = p.officeCode;
        }
        const period = { from: q.from, to: q.to, officeCode };
        const summary = await ratingSummary(deps.db, period);
        const comments = p.role === 'operator' || p.role === 'admin' ? await latestRatingComments(deps.db, period, COMMENTS_SHOWN) : undefined;
        return { status: 200, json: { from: q.from, to: q.to, officeCode: officeCode ?? null, ...summary, ...(comments ? { comments } : {}) } };
      },
    ),
  ];
  return { public: publicRoutes, v1 };
}
