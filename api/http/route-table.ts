import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Problem, sendProblem } from '../problem';
import type { Route } from './route';

// Which declared routes a raw request path belongs to, matched segment by segment as Express
// matches it (literals case-insensitive, a parameter any non-empty segment, one trailing slash
// ignored). Express itself only says "Failed to decode param" and, for a method a path lacks,
// falls through to 404: the declarations say which parameter it was and which methods exist.

type Segment = { literal: string } | { param: string };

interface Template {
  method: string;
  segments: Segment[];
}

/** Methods in the order an Allow header lists them; Express answers HEAD wherever GET is declared. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

const segmentsOf = (path: string): string[] => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).split('/');

function compile(r: Route): Template {
  const segments = segmentsOf(r.spec.path).map((s): Segment => {
    const param = /^\{(\w+)\}$/.exec(s)?.[1];
    return param ? { param } : { literal: s.toLowerCase() };
  });
  return { method: r.spec.method.toUpperCase(), segments };
}

function matches(t: Template, raw: string[]): boolean {
  return t.segments.length === raw.length && t.segments.every((s, i) => ('param' in s ? raw[i]!.length > 0 : raw[i]!.toLowerCase() === s.literal));
}

function decodes(raw: string): boolean {
  try {
    decodeURIComponent(raw);
    return true;
  } catch {
    return false;
  }
}

export interface RouteTable {
  /** The declared parameters whose raw value in this path is not percent-encoded UTF-8. */
  undecodableParams(rawPath: string): string[];
  /** The methods declared for this path (with HEAD where GET is), or none when no route has it. */
  allowedMethods(rawPath: string): string[];
}

export function routeTable(routes: readonly Route[]): RouteTable {
  const templates = routes.map(compile);
  const matching = (rawPath: string) => {
    const raw = segmentsOf(rawPath);
    return { raw, found: templates.filter((t) => matches(t, raw)) };
  };
  return {
    undecodableParams(rawPath) {
      const { raw, found } = matching(rawPath);
      const names = found.flatMap((t) => t.segments.flatMap((s, i) => ('param' in s && !decodes(raw[i]!) ? [s.param] : [])));
      return [...new Set(names)];
    },
    allowedMethods(rawPath) {
      const declared = new Set(matching(rawPath).found.map((t) => t.method));
      if (declared.has('GET')) declared.add('HEAD');
      return METHOD_ORDER.filter((m) => declared.has(m));
    },
  };
}

/**
 * Express's router throws a URIError (status 400) when a path parameter is not percent-encoded
 * UTF-8 (`%FF`, an encoded lone surrogate); that is bad input: 422 naming the parameter, or `path`
 * when no declared route has one there.
 */
export function badPathEncoding(table: RouteTable): ErrorRequestHandler {
  return (err, req, _res, next) => {
    if (!(err instanceof URIError) || (err as { status?: number }).status !== 400) return next(err);
    const names = table.undecodableParams(req.path);
    next(Problem.validation((names.length > 0 ? names : ['path']).map((path) => ({ path, message: 'must be valid percent-encoded UTF-8' }))));
  };
}

/** A declared path called with a method it does not have: 405 with the declared methods in Allow (RFC 9110), not 404. */
export function methodNotAllowed(table: RouteTable): RequestHandler {
  return (req, res, next) => {
    const allowed = table.allowedMethods(req.path);
    if (allowed.length === 0 || allowed.includes(req.method)) return next();
    const p = new Problem(405, 'Method not allowed', `This path answers ${allowed.join(', ')}.`);
    p.headers.Allow = allowed.join(', ');
    sendProblem(res, p);
  };
}
