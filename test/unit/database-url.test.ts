import { isDatabaseUrl, redactDatabaseUrl } from '../../platform/database-url';
import { failureMessage } from '../../scripts/command-line';

describe('DATABASE_URL in messages', () => {
  test.each([
    ['postgresql://postgres:Sup3r@127.0.0.1:54329/lien_thong', 'postgresql://postgres:***@127.0.0.1:54329/lien_thong'],
    ['postgres://u@db.example/lt?password=Sup3r&sslmode=require', 'postgres://u@db.example/lt?password=***&sslmode=require'],
    ['postgresql://u@h/db?sslpassword=Sup3r', 'postgresql://u@h/db?sslpassword=***'],
    // A local socket: no host in the authority.
    ['postgresql:///lien_thong?host=/var/run/postgresql&password=Sup3r', 'postgresql:///lien_thong?host=%2Fvar%2Frun%2Fpostgresql&password=***'],
    ['postgresql://u:Sup3r@%2Fvar%2Frun%2Fpostgresql/lien_thong', 'postgresql://u:***@%2Fvar%2Frun%2Fpostgresql/lien_thong'],
    ['postgresql://u:Sup3r@[::1]:5432/lien_thong', 'postgresql://u:***@[::1]:5432/lien_thong'],
    // Not a URL the driver reads as written: refused, and never shown.
    ['postgres:Sup3r@127.0.0.1:54329/lien_thong', '(DATABASE_URL not shown: it is not a postgresql:// URL)'],
    ['mysql://u:Sup3r@h/db', '(DATABASE_URL not shown: it is not a postgresql:// URL)'],
    ['Sup3r', '(DATABASE_URL not shown: it is not a postgresql:// URL)'],
  ])('When %s is shown, then it reads %s', (url, shown) => {
    expect(redactDatabaseUrl(url)).toBe(shown);
    expect(redactDatabaseUrl(url)).not.toContain('Sup3r');
    expect(isDatabaseUrl(url)).toBe(!shown.startsWith('('));
  });
});

describe('a command failing', () => {
  test('When the database refuses or is missing, then the command says it in one line with what to do', () => {
    expect(failureMessage(Object.assign(new Error('database "x" does not exist'), { code: '3D000' }))).toBe('the database named in DATABASE_URL does not exist: run `npm run db:migrate` first');
    expect(failureMessage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toMatch(/^cannot reach PostgreSQL/);
    // db:migrate is the remedy itself: its own failure (a migration's, wrapping PostgreSQL's) is said as it is.
    const inMigration = new Error('migration 20261201_x failed: relation "cases" does not exist', { cause: Object.assign(new Error('relation "cases" does not exist'), { code: '42P01' }) });
    expect(failureMessage(inMigration, false)).toBe('migration 20261201_x failed: relation "cases" does not exist');
    // Prisma's message: the call site first, the cause last.
    expect(failureMessage(new Error('\nInvalid `db.x.findFirst()` invocation in\n/work/x.ts:50:40\n\n→ 50 const latest = …\nSomething else went wrong'))).toBe('Something else went wrong');
  });
});
