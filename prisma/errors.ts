// What a database error means for the caller. Prisma over @prisma/adapter-pg wraps the driver's
// error (a `pg` error with a SQLSTATE, or a socket error) in its own; this looks through the chain.

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown } & Record<string, unknown>;
}

/** Every object in the error's cause chain (depth-bounded, cycle-safe). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 12) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const x = e as ErrorLike;
    out.push(x);
    queue.push(x.cause, x.meta?.driverAdapterError);
    if (Array.isArray((e as { errors?: unknown }).errors)) queue.push(...(e as { errors: unknown[] }).errors);
  }
  return out;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
/** The PostgreSQL SQLSTATE somewhere in the chain, if any. */
export function sqlState(err: unknown): string | undefined {
  for (const e of chain(err)) {
    for (const c of [e.originalCode, e.code]) if (typeof c === 'string' && SQLSTATE.test(c) && !c.startsWith('P')) return c;
  }
  return undefined;
}

const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);
// P1001 can't reach, P1002 timed out, P1008 operation timeout, P1017 server closed the connection,
// P2024 timed out fetching a connection from the pool.
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error|Can't reach database server|server closed the connection|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * PostgreSQL could not be reached or dropped the connection: the request may succeed later
 * (API: 503 with Retry-After; activities: retry).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const state = sqlState(err);
  // Class 08: connection exception; 57P01–57P03: shutting down, crashed, cannot connect now; 53300: too many connections.
  if (state && (state.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(state))) return true;
  return chain(err).some(
    (e) =>
      (typeof e.kind === 'string' && UNAVAILABLE_KINDS.has(e.kind)) ||
      (typeof e.code === 'string' && (UNAVAILABLE_NODE_CODES.has(e.code) || UNAVAILABLE_PRISMA_CODES.has(e.code))) ||
      (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)),
  );
}

/** Data PostgreSQL will never store as given (class 22, data exception, e.g. 22P05 for a NUL in JSON). */
export function isDataRejected(err: unknown): boolean {
  const state = sqlState(err);
  if (state?.startsWith('22')) return true;
  return chain(err).some((e) => ['LengthMismatch', 'ValueOutOfRange', 'InvalidInputValue'].includes(String(e.kind)));
}

/** A unique constraint refused the write (23505; P2002 from Prisma's query builder). */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505' || chain(err).some((e) => e.code === 'P2002' || e.kind === 'UniqueConstraintViolation');
}
