import express, { type RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import { Problem } from '../problem';
import { duplicateKeys, MAX_DUPLICATES_LISTED, MAX_JSON_DEPTH } from '../../platform/json-text';
import { JSON_TYPES, utf8JsonOnly } from './media-type';

// A citizen's dossier may not be ambiguous, and no body may be one a walk over it cannot survive:
// every JSON body is read here, and one in which an object names a member twice, or that nests
// deeper than MAX_JSON_DEPTH, is refused (422, each such field named) before anything reads it
// (platform/json-text.ts finds both in one pass over the bytes JSON.parse accepted).

/** The 422 for a body nested too deeply or whose objects give fields twice; undefined when neither. */
export function duplicateKeysProblem(json: Buffer | string): Problem | undefined {
  const { paths, more, tooDeepAt } = duplicateKeys(json);
  if (tooDeepAt !== undefined) return Problem.validation([{ path: tooDeepAt, message: 'nests too deeply' }], `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  if (paths.length === 0) return undefined;
  const listed = more ? `the first ${MAX_DUPLICATES_LISTED} such fields are` : 'every such field is';
  return Problem.validation(
    paths.map((path) => ({ path, message: 'must be given once' })),
    `An object in the JSON body gives a field more than once; ${listed} listed in errors.`,
  );
}

/**
 * Reads a JSON body (application/json and +json, any JSON value, up to `limit`) as express.json
 * does, after refusing one declared in another charset than UTF-8 (utf8JsonOnly: the scan reads
 * UTF-8 bytes), then refuses it with 422 when it nests too deeply or an object in it gives a field
 * twice. Every JSON door uses it.
 */
export function jsonBody(limit: string): RequestHandler {
  // The bytes JSON.parse read, kept from the parser's verify hook until the check below.
  const bodies = new WeakMap<IncomingMessage, Buffer>();
  const parse = express.json({ limit, type: JSON_TYPES, strict: false, verify: (req, _res, buf) => void bodies.set(req, buf) });
  const read: RequestHandler = (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      const buf = bodies.get(req);
      bodies.delete(req);
      if (err || !buf) return next(err);
      next(duplicateKeysProblem(buf));
    });
  return (req, res, next) => utf8JsonOnly(req, res, (err?: unknown) => (err ? next(err) : read(req, res, next)));
}
