import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from './generated/client';

/** `admin` is a person's role only (console users): it manages users and reads what an operator reads. */
export type Role = 'desk' | 'agency' | 'operator' | 'admin';
/** The roles an API key may have. */
export type KeyRole = Exclude<Role, 'admin'>;

/**
 * Who is calling: an API key (a system), or a person signed in to the console. A person acts with
 * the role of their account; `keyId` is then `user:<user id>` so that per-caller limits and
 * records that name a key still name someone.
 */
export interface Principal {
  keyId: string;
  /** The API key's label (how audit records name a system); a person has personName instead. */
  keyLabel?: string;
  role: Role;
  officeCode?: string;
  agencyCode?: string;
  /** A signed-in person: their user id and full name (for audit records, never for logs). */
  userId?: string;
  personName?: string;
  /** The session's CSRF token (cookie sessions only): unsafe methods must echo it in `X-CSRF-Token`. */
  csrfToken?: string;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A fresh key: `ltk_` + 256 random bits. Only its hash is stored; the key is shown once. */
export function generateKey(): string {
  return `ltk_${randomBytes(32).toString('base64url')}`;
}

export interface NewKey {
  role: KeyRole;
  officeCode?: string;
  agencyCode?: string;
  label: string;
  /** Only development seeding passes a fixed key; everything else gets a random one. */
  key?: string;
}

export async function createApiKey(db: PrismaClient, k: NewKey): Promise<{ id: string; key: string }> {
  const key = k.key ?? generateKey();
  const row = await db.apiKey.upsert({
    where: { keyHash: hashKey(key) },
    create: { id: randomUUID(), keyHash: hashKey(key), role: k.role, officeCode: k.officeCode ?? null, agencyCode: k.agencyCode ?? null, label: k.label },
    // A revoked key stays revoked, even a development one seeded again.
    update: {},
  });
  return { id: row.id, key };
}

export async function findPrincipal(db: PrismaClient, key: string): Promise<Principal | undefined> {
  const row = await db.apiKey.findUnique({ where: { keyHash: hashKey(key) } });
  if (!row || row.revokedAt) return undefined;
  return { keyId: row.id, keyLabel: row.label, role: row.role as Role, officeCode: row.officeCode ?? undefined, agencyCode: row.agencyCode ?? undefined };
}
