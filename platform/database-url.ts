// DATABASE_URL in messages and checks: never its password, and a value that is not a PostgreSQL URL
// is refused instead of being read by the driver in some other way (`postgres:pw@host/db` has no
// `//`: the driver took the password for a host name and connected to localhost:5432).

const SECRET_PARAMS = ['password', 'sslpassword', 'sslkey', 'sslcert', 'sslrootcert'];

/** A `postgresql://` (or `postgres://`) URL; its host may be empty (a local socket, or `?host=/run/postgresql`). */
export function isDatabaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgresql:' || url.protocol === 'postgres:') && value.slice(url.protocol.length).startsWith('//');
  } catch {
    return false;
  }
}

export const DATABASE_URL_RULE = 'must be a postgresql://user:password@host:port/database URL';

/** The URL for messages: its password and any secret parameter replaced by ***; anything else not shown at all. */
export function redactDatabaseUrl(value: string): string {
  if (!isDatabaseUrl(value)) return '(DATABASE_URL not shown: it is not a postgresql:// URL)';
  const url = new URL(value);
  if (url.password) url.password = '***';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.includes(name.toLowerCase())) url.searchParams.set(name, '***');
  }
  return url.toString().replace(/%2A%2A%2A/g, '***');
}
