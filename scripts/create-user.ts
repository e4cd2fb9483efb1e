import { z } from 'zod';
import { checkMembership, localDateOf, nameText, newSecretText, noncharacterTexts } from '../domain';
import { createPrismaClient } from '../prisma/client';
import { loadOrganisation } from '../prisma/reference-data';
import { createUser, MIN_PASSWORD_LENGTH, USER_ROLES, USERNAME_PATTERN, UsernameTaken, usernameTaken } from '../prisma/users';
import { databaseUrlFor, parseCommandLine, runCommand } from './command-line';
import { hiddenPrompt, PromptAborted } from './hidden-prompt';

/**
 * `npm run users:create -- --username U --password P --name "Full Name" --role desk --office CODE`
 * `npm run users:create -- ... --role agency --agency CODE`
 * `npm run users:create -- ... --role operator` (or `--role admin`)
 * Without `--password`, at a terminal it asks for the password twice with the input hidden (as
 * `passwd` does); `--password-stdin` reads it piped in (its first line). Either way it is never in
 * the process list or the shell's history.
 * Creates a console user; only an argon2id hash of the password is stored.
 */
const USAGE = [
  'usage: npm run users:create -- --username U [--password P | --password-stdin] --name "Full Name" --role ROLE [--office CODE | --agency CODE]',
  '  --role desk --office CODE, --role agency --agency CODE, --role operator, --role admin',
  '  with neither --password nor --password-stdin, at a terminal: asks for the password twice, the input hidden',
  '  --password-stdin reads the first line piped in; neither way is the password in the process list or the shell history',
  'Exit 2: a bad argument (each named), no password typed or two that differ; exit 3: the username is taken;',
  'exit 130: Ctrl-C at the prompt. DATABASE_URL names the database.',
].join('\n');

// The sign-in's own rule (no control characters, valid Unicode): a password it refuses could never be used.
const passwordText = newSecretText({ max: 200 }).min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`);

/** The arguments' shapes; `password`: passwordText, or z.undefined().optional() to check the others before it is asked for. */
const argsSchema = <P extends z.ZodType<string | undefined>>(password: P) =>
  z.object({
    username: z.string().regex(USERNAME_PATTERN, 'must be 3–60 ASCII letters, digits, ".", "_" or "-"'),
    password,
    name: nameText({ min: 2, max: 200 }),
    role: z.enum(USER_ROLES),
    office: z.string().optional(),
    agency: z.string().optional(),
  });

async function main(): Promise<number | void> {
  const { values } = parseCommandLine('users:create', {
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      name: { type: 'string' },
      role: { type: 'string' },
      office: { type: 'string' },
      agency: { type: 'string' },
    },
  }, USAGE, { secrets: true });
  const { 'password-stdin': passwordStdin, ...given } = values;
  if (passwordStdin && given.password !== undefined) {
    console.error('users:create: --password-stdin: give either --password or --password-stdin, not both');
    process.exit(2);
  }
  if (passwordStdin && process.stdin.isTTY) {
    // The option says the password is piped in: at a terminal the pipe is missing (a script run by hand,
    // a line edited wrong). Refused at once rather than waiting for input nobody meant to type.
    console.error("users:create: --password-stdin reads a password piped in (e.g. printf '%s\\n' \"$PASSWORD\" | npm run users:create -- …); at a terminal, leave it out to be asked for the password with the input hidden");
    process.exit(2);
  }
  let args = passwordStdin ? { ...given, password: firstLine(await readStdin()) } : given;
  const db = createPrismaClient(databaseUrlFor('users:create'));
  try {
    await loadOrganisation(db);
    // The office and agency, judged as keys:create and POST /v1/users judge them, once the role is one.
    const membership = checkMembership({ role: given.role ?? '', office: given.office, agency: given.agency }, localDateOf(new Date()), { holder: 'officer', office: '--office', agency: '--agency', offerCodes: true, roles: USER_ROLES });
    const membershipIssues = membership.issues.map((i) => ({ path: [i.field], message: i.message }));
    if (args.password === undefined) {
      // Neither --password nor --password-stdin. The other arguments are checked without it first:
      // nobody types a password twice to learn that the role was misspelt.
      const issues = [...check(argsSchema(z.undefined().optional()), args).issues, ...membershipIssues];
      // Neither option and no terminal to ask at (a script, a pipe): say how a script gives one.
      if (!process.stdin.isTTY) issues.unshift({ path: ['password'], message: 'none given: pipe it in with --password-stdin, or run users:create at a terminal to be asked for it with the input hidden' });
      if (issues.length) {
        console.error(`users:create: ${issues.map(said).join('\n  ')}`);
        return 2;
      }
      // Nobody types a password twice to learn the username was taken (createUser still decides, below).
      if (await usernameTaken(db, args.username!)) return taken(args.username!);
      const typed = await askPassword();
      if (typeof typed === 'number') return typed;
      args = { ...given, password: typed };
    }
    const { data: a, issues: shapeIssues } = check(argsSchema(passwordText), args);
    const issues = [...shapeIssues, ...membershipIssues];
    if (issues.length || !a) {
      // Never echo the password back.
      console.error(`users:create: ${issues.map(said).join('\n  ')}`);
      return 2;
    }
    for (const note of membership.notes) console.error(`users:create: note: ${note}`);
    try {
      const user = await createUser(db, { username: a.username, password: a.password, fullName: a.name, role: a.role, officeCode: a.office, agencyCode: a.agency });
      console.log(`user id:  ${user.id}\nusername: ${user.username}\nrole:     ${user.role}${user.officeCode ? ` (office ${user.officeCode})` : ''}${user.agencyCode ? ` (agency ${user.agencyCode})` : ''}`);
    } catch (err) {
      if (!(err instanceof UsernameTaken)) throw err;
      return taken(a.username);
    }
  } finally {
    await db.$disconnect();
  }
}

const taken = (username: string): number => {
  console.error(`users:create: --username: ${username.toLowerCase()} is taken`);
  return 3;
};

type Issue = { path: PropertyKey[]; message: string };

/**
 * What a schema refuses, and what the API's door refuses besides the builders' rules (domain/text.ts):
 * a password or a name it would never take. `data` only when the schema takes the value.
 */
function check<T>(schema: z.ZodType<T>, value: unknown): { data?: T; issues: Issue[] } {
  const parsed = schema.safeParse(value);
  return { data: parsed.data, issues: [...(parsed.success ? [] : parsed.error.issues), ...noncharacterTexts(value)] };
}

const said = (i: Issue): string => `--${i.path.map(String).join('.')}: ${i.message}`;

/**
 * The password typed at the terminal, hidden, then typed again; or the exit code when there is
 * none to take (nothing typed, Ctrl-D: 2; Ctrl-C: 130; a password the rules refuse or two that
 * differ: 2). Neither entry is ever shown, not even in a refusal.
 */
async function askPassword(): Promise<string | number> {
  const refuse = (text: string, code: number): number => {
    console.error(`users:create: ${text}; no user created`);
    return code;
  };
  const prompt = hiddenPrompt(process.stdin, process.stderr);
  let password: string;
  let again: string | undefined;
  try {
    password = await prompt.ask('Password: ');
    // The rules before the second entry: a password they refuse is not asked for again.
    if (password !== '' && check(passwordText, password).issues.length === 0) again = await prompt.ask('Password (again): ');
  } catch (err) {
    if (!(err instanceof PromptAborted)) throw err;
    prompt.close();
    return err.reason === 'interrupted' ? refuse('interrupted', 130) : refuse('no password typed (end of input)', 2);
  } finally {
    // The terminal echoes again before anything more is said.
    prompt.close();
  }
  if (password === '') return refuse('no password typed', 2);
  const { issues } = check(passwordText, password);
  if (issues.length) return refuse(`the password typed: ${issues.map((i) => i.message).join('; ')}`, 2);
  if (again !== password) return refuse('the two passwords typed differ', 2);
  return password;
}
function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.once('error', reject);
  });
}

/** The password as typed or piped: its first line, without the line break (nor the byte-order mark a file saved on Windows begins with). */
const firstLine = (text: string): string => text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;

runCommand('users:create', main);
