import type { RequestHandler } from 'express';
import { Problem } from '../problem';

/**
 * Reads an HTML form's body (already read as text) into its fields, the way browsers encode them
 * (WHATWG URLSearchParams): a percent sequence that is not UTF-8 becomes U+FFFD, which the text
 * rules then refuse — Node's querystring kept such a sequence as typed, and it was stored so.
 */
export function formFields(maxFields: number): RequestHandler {
  return (req, _res, next) => {
    if (typeof req.body !== 'string') return next();
    const params = new URLSearchParams(req.body);
    const names = [...params.keys()];
    if (names.length > maxFields) return next(new Problem(413, 'Payload too large', `A form has at most ${maxFields} fields.`));
    // A field given twice (score=5&score=1) is ambiguous: it stays a list, which the route refuses
    // (never one of the values picked).
    req.body = Object.fromEntries(names.map((n) => [n, params.getAll(n).length > 1 ? params.getAll(n) : params.get(n)]));
    next();
  };
}
