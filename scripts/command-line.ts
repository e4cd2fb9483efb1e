import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * `parseArgs` for the project's commands: a mistyped command line (an unknown option, a missing
 * value, a stray word) ends with one line naming the problem and exit code 2, not a stack trace.
 * A stray word is not repeated: it may be half of a password typed with a space.
 */
export function parseCommandLine<T extends ParseArgsConfig>(command: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw err;
    const message =
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? 'a word that belongs to no option (values with spaces need quotes; the word is not shown)'
        : (err as Error).message.replace(/\n/g, ' ');
    console.error(`${command}: ${message}`);
    process.exit(2);
  }
}
