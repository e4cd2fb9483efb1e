import { z } from 'zod';
import { allAgencies, allOffices } from '../domain';
import { createApiKey } from '../prisma/api-keys';
import { createPrismaClient } from '../prisma/client';
import { loadOrganisation } from '../prisma/reference-data';
import { parseCommandLine } from './command-line';

/**
 * `npm run keys:create -- --role desk --office 001.01.01.H26 [--label "..."]`
 * `npm run keys:create -- --role agency --agency POLICE-BA-DINH`
 * `npm run keys:create -- --role operator`
 * Prints the key once; only its SHA-256 hash is stored.
 */
// The offices and agencies of the province data loaded in the database (npm run db:migrate).
const argsSchema = (offices: ReadonlySet<string>, agencies: ReadonlySet<string>) => z
  .object({
    role: z.enum(['desk', 'agency', 'operator']),
    office: z.string().optional(),
    agency: z.string().optional(),
    label: z.string().min(1).max(120).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.role === 'desk' && !(a.office && offices.has(a.office))) ctx.addIssue({ code: 'custom', path: ['office'], message: `a desk key needs --office, one of ${[...offices].join(', ')}` });
    if (a.role === 'agency' && !(a.agency && agencies.has(a.agency))) ctx.addIssue({ code: 'custom', path: ['agency'], message: `an agency key needs --agency, one of ${[...agencies].join(', ')}` });
    if (a.role !== 'desk' && a.office) ctx.addIssue({ code: 'custom', path: ['office'], message: 'only desk keys belong to an office' });
    if (a.role !== 'agency' && a.agency) ctx.addIssue({ code: 'custom', path: ['agency'], message: 'only agency keys belong to an agency' });
  });

async function main(): Promise<void> {
  const { values } = parseCommandLine('keys:create', { options: { role: { type: 'string' }, office: { type: 'string' }, agency: { type: 'string' }, label: { type: 'string' } } });
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('keys:create: set DATABASE_URL (npm start prints the development one)');
    process.exit(2);
  }
  const db = createPrismaClient(url);
  try {
    await loadOrganisation(db);
    const parsed = argsSchema(new Set(allOffices().map((o) => o.code)), new Set(allAgencies().map((a) => a.code))).safeParse(values);
    if (!parsed.success) {
      console.error(`keys:create: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
      process.exitCode = 2;
      return;
    }
    const a = parsed.data;
    const { id, key } = await createApiKey(db, { role: a.role, officeCode: a.office, agencyCode: a.agency, label: a.label ?? `${a.role} ${a.office ?? a.agency ?? ''}`.trim() });
    console.log(`key id: ${id}\nrole:   ${a.role}${a.office ? ` (office ${a.office})` : ''}${a.agency ? ` (agency ${a.agency})` : ''}\nkey:    ${key}\nStore it now: it is not shown again.`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
