import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DATABASE_URL_RULE, isDatabaseUrl } from '../platform/database-url';
import { isDatabaseUnavailable, sqlState } from '../prisma/errors';

/**
 * `parseArgs` for the project's commands: a mistyped command line (an unknown option, a missing
 * value, a stray word) ends with one line naming the problem and exit code 2, not a stack trace.
 * A stray word is not repeated: it may be half of a password typed with a space.
 */
export function parseCommandLine<T extends ParseArgsConfig>(command: string, config: T, usage?: string, o: { secrets?: boolean } = {}): ReturnType<typeof parseArgs<T>> {
  const words = config.args ?? process.argv.slice(2);
  if (usage && (words.includes('--help') || words.includes('-h'))) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw err;
    const message =
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? 'a word that belongs to no option (values with spaces need quotes; the word is not shown)'
        : code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
          ? // A command that takes a secret does not name it either: `--password abc --def` makes `--def` one.
            o.secrets
            ? 'an unknown option (not shown: values with spaces need quotes)'
            : (err as Error).message.split('. ')[0]!
          : (err as Error).message.replace(/\n/g, ' ');
    console.error(`${command}: ${message}${usage ? ' (--help shows how to use it)' : ''}`);
    process.exit(2);
  }
}

// What a command says when the database lets it down: the cause in one line and what to do.
const DATABASE_HINTS: Record<string, string> = {
  '28P01': 'PostgreSQL refused the user name or password in DATABASE_URL',
  '3D000': 'the database named in DATABASE_URL does not exist: run `npm run db:migrate` first',
  '42P01': 'the database has no tables yet: run `npm run db:migrate` first',
};

/**
 * An error in one line: a known database failure with its remedy (`hints`: not for db:migrate, which
 * is the remedy and whose own errors wrap PostgreSQL's), else the message's last line (Prisma puts
 * the cause last, after the call site).
 */
export function failureMessage(err: unknown, hints = true): string {
  const state = sqlState(err);
  if (hints && state && DATABASE_HINTS[state]) return DATABASE_HINTS[state];
  if (isDatabaseUnavailable(err)) return 'cannot reach PostgreSQL at DATABASE_URL (is it running? `npm start` starts one)';
  const message = err instanceof Error ? err.message : String(err);
  return (
    message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? 'failed'
  );
}

/** Runs a command's main: its answer (or process.exitCode) is the exit code; an error is one line on stderr and exit 1. */
export function runCommand(command: string, main: () => Promise<number | void>, o: { databaseHints?: boolean } = {}): void {
  main().then(
    (code) => process.exit(code ?? process.exitCode ?? 0),
    (err: unknown) => {
      console.error(`${command} failed: ${failureMessage(err, o.databaseHints ?? true)}`);
      process.exit(1);
    },
  );
}

/** DATABASE_URL, checked: unset or not a PostgreSQL URL ends the command with exit 2 (the value is never shown). */
export function databaseUrlFor(command: string): string {
  const value = process.env.DATABASE_URL;
  if (!value) {
    console.error(`${command}: set DATABASE_URL to the engine's database (e.g. postgresql://postgres:postgres@127.0.0.1:54329/lien_thong, the one \`npm start\` runs)`);
    process.exit(2);
  }
  if (!isDatabaseUrl(value)) {
    console.error(`${command}: DATABASE_URL ${DATABASE_URL_RULE} (its value is not shown)`);
    process.exit(2);
  }
  return value;
}
