import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from './generated/client';

export type Role = 'desk' | 'agency' | 'operator';

export interface Principal {
  keyId: string;
  role: Role;
  officeCode?: string;
  agencyCode?: string;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A fresh key: `ltk_` + 256 random bits. Only its hash is stored; the key is shown once. */
export function generateKey(): string {
  return `ltk_${randomBytes(32).toString('base64url')}`;
}

export interface NewKey {
  role: Role;
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
  return { keyId: row.id, role: row.role as Role, officeCode: row.officeCode ?? undefined, agencyCode: row.agencyCode ?? undefined };
}
