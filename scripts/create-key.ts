import { z } from 'zod';
import { checkMembership, localDateOf, nameText, zodIssues } from '../domain';
import { createApiKey } from '../prisma/api-keys';
import { createPrismaClient } from '../prisma/client';
import { loadOrganisation } from '../prisma/reference-data';
import { databaseUrlFor, parseCommandLine, runCommand } from './command-line';

/**
 * `npm run keys:create -- --role desk --office 001.01.01.H26 [--label "..."]`
 * `npm run keys:create -- --role agency --agency POLICE-BA-DINH`
 * `npm run keys:create -- --role operator`
 * Prints the key once; only its SHA-256 hash is stored.
 */
const USAGE = [
  'usage: npm run keys:create -- --role desk --office CODE [--label TEXT]',
  '       npm run keys:create -- --role agency --agency CODE [--label TEXT]',
  '       npm run keys:create -- --role operator [--label TEXT]',
  'Prints the key once (only its hash is stored). DATABASE_URL names the database.',
].join('\n');

// Shape only: the office and agency are judged against the province data loaded (checkMembership).
const argsSchema = z.object({
  role: z.enum(['desk', 'agency', 'operator']),
  office: z.string().optional(),
  agency: z.string().optional(),
  // Shown in the access log: a name's rules (no control, bidi or invisible characters).
  label: nameText({ min: 1, max: 120 }).optional(),
});

async function main(): Promise<void> {
  const { values } = parseCommandLine('keys:create', { options: { role: { type: 'string' }, office: { type: 'string' }, agency: { type: 'string' }, label: { type: 'string' } } }, USAGE);
  const db = createPrismaClient(databaseUrlFor('keys:create'));
  try {
    await loadOrganisation(db);
    const parsed = argsSchema.safeParse(values);
    // Every bad argument at once: the office and agency are judged whenever the role is one.
    const membership = checkMembership({ role: values.role ?? '', office: values.office, agency: values.agency }, localDateOf(new Date()), { holder: 'key', office: '--office', agency: '--agency', offerCodes: true, roles: argsSchema.shape.role.options });
    const issues = [...(parsed.success ? [] : zodIssues(parsed.error)), ...membership.issues.map((i) => ({ path: i.field, message: i.message }))];
    if (!parsed.success || issues.length) {
      console.error(`keys:create: ${issues.map((i) => `--${i.path}: ${i.message}`).join('\n  ')}`);
      process.exitCode = 2;
      return;
    }
    const a = parsed.data;
    for (const note of membership.notes) console.error(`keys:create: note: ${note}`);
    const { id, key } = await createApiKey(db, { role: a.role, officeCode: a.office, agencyCode: a.agency, label: a.label ?? `${a.role} ${a.office ?? a.agency ?? ''}`.trim() });
    console.log(`key id: ${id}\nrole:   ${a.role}${a.office ? ` (office ${a.office})` : ''}${a.agency ? ` (agency ${a.agency})` : ''}\nkey:    ${key}\nStore it now: it is not shown again.`);
  } finally {
    await db.$disconnect();
  }
}

runCommand('keys:create', main);
