import { z } from 'zod';
import { Problem } from '../problem';

/**
 * An opaque keyset cursor for lists ordered by (instant, id): base64url of `[iso instant, id]`.
 * A cursor this API did not hand out is 422 naming `cursor`.
 */
export function keysetCursor(id: z.ZodType<string>) {
  const content = z.tuple([z.iso.datetime(), id]);
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
