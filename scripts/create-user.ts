import { z } from 'zod';
import { nameText, newSecretText, noncharacterTexts } from '../domain';
import { createPrismaClient } from '../prisma/client';
import { loadOrganisation } from '../prisma/reference-data';
import { createUser, MIN_PASSWORD_LENGTH, USER_ROLES, USERNAME_PATTERN, UsernameTaken } from '../prisma/users';
import { databaseUrlFor, parseCommandLine, runCommand } from './command-line';
import { organisationCodes } from './organisation-codes';

/**
 * `npm run users:create -- --username U --password P --name "Full Name" --role desk --office CODE`
 * `npm run users:create -- ... --role agency --agency CODE`
 * `npm run users:create -- ... --role operator` (or `--role admin`)
 * `--password-stdin` instead of `--password P` reads it from standard input (its first line), so it
 * is never in the process list or the shell's history.
 * Creates a console user; only an argon2id hash of the password is stored.
 */
const USAGE = [
  'usage: npm run users:create -- --username U (--password P | --password-stdin) --name "Full Name" --role ROLE [--office CODE | --agency CODE]',
  '  --role desk --office CODE, --role agency --agency CODE, --role operator, --role admin',
  '  --password-stdin reads the first line piped in (not in the process list or the shell history)',
  'Exit 2: a bad argument (each named); exit 3: the username is taken. DATABASE_URL names the database.',
].join('\n');

const argsSchema = ({ offices, agencies, officesToday, agenciesToday }: ReturnType<typeof organisationCodes>) =>
  z
    .object({
      username: z.string().regex(USERNAME_PATTERN, 'must be 3–60 ASCII letters, digits, ".", "_" or "-"'),
      // The sign-in's own rule (no control characters, valid Unicode): a password it refuses could never be used.
      password: newSecretText({ max: 200 }).min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`),
      name: nameText({ min: 2, max: 200 }),
      role: z.enum(USER_ROLES),
      office: z.string().optional(),
      agency: z.string().optional(),
    })
    .superRefine((a, ctx) => {
      if (a.role === 'desk' && !(a.office && offices.has(a.office))) ctx.addIssue({ code: 'custom', path: ['office'], message: `a desk officer needs --office, one of ${officesToday.join(', ')}` });
      if (a.role === 'agency' && !(a.agency && agencies.has(a.agency))) ctx.addIssue({ code: 'custom', path: ['agency'], message: `an agency officer needs --agency, one of ${agenciesToday.join(', ')}` });
      if (a.role !== 'desk' && a.office) ctx.addIssue({ code: 'custom', path: ['office'], message: 'only desk officers belong to an office' });
      if (a.role !== 'agency' && a.agency) ctx.addIssue({ code: 'custom', path: ['agency'], message: 'only agency officers belong to an agency' });
    });

async function main(): Promise<void> {
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
    // At a terminal the password would show as it is typed: it is meant to be piped in.
    console.error("users:create: --password-stdin reads a password piped in (e.g. printf '%s\\n' \"$PASSWORD\" | npm run users:create -- …), not typed at a terminal, where it would show");
    process.exit(2);
  }
  const args = passwordStdin ? { ...given, password: firstLine(await readStdin()) } : given;
  const db = createPrismaClient(databaseUrlFor('users:create'));
  try {
    await loadOrganisation(db);
    const codes = organisationCodes();
    const parsed = argsSchema(codes).safeParse(args);
    // What the API's door refuses besides the builders' rules (domain/text.ts): a password or a name it would never take.
    const refused = [...(parsed.success ? [] : parsed.error.issues), ...noncharacterTexts(args)];
    if (!parsed.success || refused.length) {
      // Never echo the password back.
      console.error(`users:create: ${refused.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
      process.exitCode = 2;
      return;
    }
    const a = parsed.data;
    for (const note of codes.notesFor(a)) console.error(`users:create: ${note}`);
    try {
      const user = await createUser(db, { username: a.username, password: a.password, fullName: a.name, role: a.role, officeCode: a.office, agencyCode: a.agency });
      console.log(`user id:  ${user.id}\nusername: ${user.username}\nrole:     ${user.role}${user.officeCode ? ` (office ${user.officeCode})` : ''}${user.agencyCode ? ` (agency ${user.agencyCode})` : ''}`);
    } catch (err) {
      if (!(err instanceof UsernameTaken)) throw err;
      console.error(`users:create: --username: ${a.username.toLowerCase()} is taken`);
      process.exitCode = 3;
    }
  } finally {
    await db.$disconnect();
  }
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
