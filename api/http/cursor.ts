import { z } from 'zod';
import { addDays, calendarYearsSupported, instantAt, isIsoDate } from '../../domain';
import { Problem } from '../problem';
import { caseCodeSchema, inSupportedYears } from '../schemas';

/**
 * An opaque keyset cursor for lists ordered by (instant, id): base64url of `[iso instant, id]`.
 * A cursor this API did not hand out is 422 naming `cursor`.
 */
export function keysetCursor(id: z.ZodType<string>) {
  // An instant outside the calendar's years was never handed out (and year 0 is no PostgreSQL timestamp).
  const content = z.tuple([z.iso.datetime().refine(inSupportedYears), id]);
  return {
    encode: (at: Date, key: string): string => Buffer.from(JSON.stringify([at.toISOString(), key])).toString('base64url'),
    decode(s: string): { at: Date; id: string } {
      let parsed;
      try {
        parsed = content.safeParse(JSON.parse(Buffer.from(s, 'base64url').toString()));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) throw Problem.validation([{ path: 'cursor', message: 'not a cursor returned by this API' }]);
      return { at: new Date(parsed.data[0]), id: parsed.data[1] };
    },
  };
}

const instantOrDate = z
  .string()
  .refine(
    (s) => (isIsoDate(s) || z.iso.datetime({ offset: true }).safeParse(s).success) && inSupportedYears(s),
    `must be a date YYYY-MM-DD (Vietnam time) or an ISO instant, within ${calendarYearsSupported.from}–${calendarYearsSupported.to}`,
  );

/** The query of an access log (codec decodes, dossier reads): a case, a period, one page. */
export const accessLogQuery = (caseCodeDescription: string) =>
  z.strictObject({
    caseCode: caseCodeSchema.optional().meta({ description: caseCodeDescription }),
    from: instantOrDate.optional().meta({ description: 'At or after this instant, or this date (Vietnam time).' }),
    to: instantOrDate.optional().meta({ description: 'At or before this instant, or up to the end of this date (Vietnam time).' }),
    limit: z.string().regex(/^\d{1,3}$/, 'must be a whole number 1–200').transform(Number).pipe(z.number().int().min(1).max(200)).optional().meta({ description: 'Page size, 1–200 (default 50).' }),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'not a cursor returned by this API').optional().meta({ description: '`nextCursor` of the previous page.' }),
  });

const logCursor = keysetCursor(z.uuid());

/** That query as the repositories' filter: dates in Vietnam time, `to` inclusive, 50 by default. */
export function accessLogFilter(q: z.output<ReturnType<typeof accessLogQuery>>) {
  const startOf = (s: string) => (isIsoDate(s) ? instantAt(s, '00:00') : new Date(s));
  const endOf = (s: string) => (isIsoDate(s) ? instantAt(addDays(s, 1), '00:00') : new Date(Date.parse(s) + 1));
  const from = q.from ? startOf(q.from) : undefined;
  const before = q.to ? endOf(q.to) : undefined;
  // A period ending before it starts is a mistake, refused as the other lists refuse it.
  if (from && before && before <= from) throw Problem.validation([{ path: 'to', message: 'must not be before from' }]);
  return {
    caseCode: q.caseCode,
    from,
    before,
    limit: q.limit ?? 50,
    after: q.cursor ? logCursor.decode(q.cursor) : undefined,
  };
}

/** A page of a log as answered: its items and the cursor of the next page (null at the end). */
export const accessLogPage = <T>(page: { items: T[]; next?: { at: Date; id: string } }) => ({ items: page.items, nextCursor: page.next ? logCursor.encode(page.next.at, page.next.id) : null });
