import { createHmac, timingSafeEqual } from 'node:crypto';
import { TRACKING_PATH } from './page';

// The rating code (mã đánh giá) printed on the receipt and carried by its QR code (`&k=`): an HMAC
// of the case code under RATING_SECRET. Case codes are guessable (office, date, daily number); the
// code is not, so only the holder of the slip can rate the case. Ten base-32 characters (50 bits)
// under a per-address rate limit are far beyond guessing, and short enough to type from paper.

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no I, O, 0, 1: read from paper without doubt
export const RATING_CODE_LENGTH = 10;

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === length) break;
  }
  return out;
}

/** The case's rating code, e.g. `K7MQ2XR9DA` (printed as `K7MQ2-XR9DA`). */
export function ratingCodeOf(secret: string, caseCode: string): string {
  return base32(createHmac('sha256', secret).update(`rating:${caseCode}`, 'utf8').digest(), RATING_CODE_LENGTH);
}

/** The code as typed or scanned: case, spaces and dashes do not matter. */
export const normaliseRatingCode = (typed: string): string => typed.toUpperCase().replace(/[\s-]/g, '');

/** Whether the given code is the case's (compared in constant time). */
export function ratingCodeMatches(secret: string, caseCode: string, given: string): boolean {
  const expected = Buffer.from(ratingCodeOf(secret, caseCode));
  const actual = Buffer.from(normaliseRatingCode(given));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The address the QR code of a slip encodes: the tracking page of the case, with the rating code when given. */
export function trackingUrlOf(publicBaseUrl: string, caseCode: string, ratingCode?: string): string {
  const query = new URLSearchParams({ ma: caseCode });
  if (ratingCode) query.set('k', ratingCode);
  return `${publicBaseUrl}${TRACKING_PATH}?${query.toString()}`;
}
