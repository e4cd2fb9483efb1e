import { parse as parseContentType } from 'content-type';
import type { Request, RequestHandler } from 'express';
import { Problem, UTF8_ONLY } from '../problem';
import type { RouteSpec } from './route';

/** What the JSON body parsers read: application/json and its +json relatives. */
export const JSON_TYPES = ['application/json', 'application/*+json'];
/** An HTML form's body. */
export const FORM_TYPE = 'application/x-www-form-urlencoded';
const FORM_TYPES = [FORM_TYPE];

/**
 * The Content-Type's charset parameter, lower case, if it has one: read by the parser the body
 * parsers use, so both see the same charset (a regex took `x="a;charset=utf-8"; charset=utf-16le`
 * for UTF-8 while the parser decoded UTF-16). An unparsable header has none; req.is refuses it.
 */
const declaredCharset = (req: Request): string | undefined => {
  try {
    return parseContentType(req.get('content-type') ?? '').parameters.charset?.toLowerCase();
  } catch {
    return undefined;
  }
};
const isUtf8 = (charset: string | undefined): boolean => charset === undefined || charset === 'utf-8' || charset === 'utf8';

/** Body bytes were sent; an empty body is no body, whatever its declared type. */
const carriesBody = (req: Request): boolean => req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;

/**
 * A body of a type the route does not read (text/plain, none, JSON to a form) would reach the
 * route as no body and be reported as missing fields: 415 says what is wrong instead.
 */
export function unsupportedBody(req: Request, spec: RouteSpec): Problem | undefined {
  if (!spec.body || !carriesBody(req)) return undefined;
  const form = spec.bodyType === 'form';
  // A form in another charset (browsers send ours in UTF-8) would be read as that charset and stored
  // as mojibake. (JSON in another charset never gets this far: utf8JsonOnly, below.)
  if (form && req.is(FORM_TYPES) && !isUtf8(declaredCharset(req))) return Problem.unsupportedMediaType('This form is read in UTF-8: send Content-Type: application/x-www-form-urlencoded (charset UTF-8, or none).');
  if (req.is(form ? FORM_TYPES : JSON_TYPES)) return undefined;
  return Problem.unsupportedMediaType(form ? 'This route reads an HTML form: send Content-Type: application/x-www-form-urlencoded.' : 'This route reads JSON: send Content-Type: application/json (UTF-8).');
}

/**
 * A JSON body declared in another charset than UTF-8 is refused before any parser reads it: the
 * parser would decode UTF-16 (and call an ASCII body so declared malformed, 400).
 */
export const utf8JsonOnly: RequestHandler = (req, _res, next) => {
  next(carriesBody(req) && req.is(JSON_TYPES) && !isUtf8(declaredCharset(req)) ? Problem.unsupportedMediaType(UTF8_ONLY) : undefined);
};
