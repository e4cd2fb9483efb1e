import { z } from 'zod';
import { nameText } from '../domain';
import { createApiKey } from '../prisma/api-keys';
import { createPrismaClient } from '../prisma/client';
import { loadOrganisation } from '../prisma/reference-data';
import { databaseUrlFor, parseCommandLine, runCommand } from './command-line';
import { organisationCodes } from './organisation-codes';

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

// The offices and agencies of the province data loaded in the database (npm run db:migrate).
const argsSchema = ({ offices, agencies, officesToday, agenciesToday }: ReturnType<typeof organisationCodes>) => z
  .object({
    role: z.enum(['desk', 'agency', 'operator']),
    office: z.string().optional(),
    agency: z.string().optional(),
    // Shown in the access log: a name's rules (no control, bidi or invisible characters).
    label: nameText({ min: 1, max: 120 }).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.role === 'desk' && !(a.office && offices.has(a.office))) ctx.addIssue({ code: 'custom', path: ['office'], message: `a desk key needs --office, one of ${officesToday.join(', ')}` });
    if (a.role === 'agency' && !(a.agency && agencies.has(a.agency))) ctx.addIssue({ code: 'custom', path: ['agency'], message: `an agency key needs --agency, one of ${agenciesToday.join(', ')}` });
    if (a.role !== 'desk' && a.office) ctx.addIssue({ code: 'custom', path: ['office'], message: 'only desk keys belong to an office' });
    if (a.role !== 'agency' && a.agency) ctx.addIssue({ code: 'custom', path: ['agency'], message: 'only agency keys belong to an agency' });
  });

async function main(): Promise<void> {
  const { values } = parseCommandLine('keys:create', { options: { role: { type: 'string' }, office: { type: 'string' }, agency: { type: 'string' }, label: { type: 'string' } } }, USAGE);
  const db = createPrismaClient(databaseUrlFor('keys:create'));
  try {
    await loadOrganisation(db);
    const codes = organisationCodes();
    const parsed = argsSchema(codes).safeParse(values);
    if (!parsed.success) {
      console.error(`keys:create: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
      process.exitCode = 2;
      return;
    }
    const a = parsed.data;
    for (const note of codes.notesFor(a)) console.error(`keys:create: ${note}`);
    const { id, key } = await createApiKey(db, { role: a.role, officeCode: a.office, agencyCode: a.agency, label: a.label ?? `${a.role} ${a.office ?? a.agency ?? ''}`.trim() });
    console.log(`key id: ${id}\nrole:   ${a.role}${a.office ? ` (office ${a.office})` : ''}${a.agency ? ` (agency ${a.agency})` : ''}\nkey:    ${key}\nStore it now: it is not shown again.`);
  } finally {
    await db.$disconnect();
  }
}

runCommand('keys:create', main);
