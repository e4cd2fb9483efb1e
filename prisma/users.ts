import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Principal, Role } from './api-keys';
import type { PrismaClient } from './generated/client';

// Console users (officials) and their browser sessions. Passwords are hashed with argon2id (the
// library's defaults: 19 MiB, 2 passes, the OWASP recommendation); sessions are known by the
// SHA-256 of their token only.

export const USER_ROLES = ['desk', 'agency', 'operator', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
/** A username: 3–60 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit (stored in lower case). */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,59}$/;
export const MIN_PASSWORD_LENGTH = 10;

export interface UserRecord {
  id: string;
  username: string;
  fullName: string;
  role: UserRole;
  officeCode: string | null;
  agencyCode: string | null;
  createdAt: string;
  disabledAt: string | null;
}

export interface NewUser {
  username: string;
  password: string;
  fullName: string;
  role: UserRole;
  officeCode?: string;
  agencyCode?: string;
}

type UserRow = { id: string; username: string; fullName: string; role: string; officeCode: string | null; agencyCode: string | null; createdAt: Date; disabledAt: Date | null };
const record = (u: UserRow): UserRecord => ({
  id: u.id,
  username: u.username,
  fullName: u.fullName,
  role: u.role as UserRole,
  officeCode: u.officeCode,
  agencyCode: u.agencyCode,
  createdAt: u.createdAt.toISOString(),
  disabledAt: u.disabledAt?.toISOString() ?? null,
});

export const normaliseUsername = (username: string): string => username.trim().toLowerCase();

export class UsernameTaken extends Error {
  constructor() {
    super('the username is taken');
    this.name = 'UsernameTaken';
  }
}

/** Whether a user (disabled ones included) has this username: asked before a password is typed for it. */
export async function usernameTaken(db: PrismaClient, username: string): Promise<boolean> {
  return (await db.user.findUnique({ where: { username: normaliseUsername(username) }, select: { id: true } })) !== null;
}

/** Creates a user; a taken username (case-insensitive) throws UsernameTaken. */
export async function createUser(db: PrismaClient, u: NewUser): Promise<UserRecord> {
  if (u.password.length < MIN_PASSWORD_LENGTH) throw new RangeError(`a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  const passwordHash = await hash(u.password);
  try {
    const row = await db.user.create({
      data: { id: randomUUID(), username: normaliseUsername(u.username), passwordHash, fullName: u.fullName, role: u.role, officeCode: u.officeCode ?? null, agencyCode: u.agencyCode ?? null },
    });
    return record(row);
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw new UsernameTaken();
    throw err;
  }
}

/**
 * Development seeding: the user if it exists (its password is not changed, and a disabled user
 * stays disabled), else a new one.
 */
export async function ensureUser(db: PrismaClient, u: NewUser): Promise<UserRecord> {
  const existing = await db.user.findUnique({ where: { username: normaliseUsername(u.username) } });
  if (existing) return record(existing);
  try {
    return await createUser(db, u);
  } catch (err) {
    // Two systems seeding at once (tests): the other one won.
    if (err instanceof UsernameTaken) return record((await db.user.findUnique({ where: { username: normaliseUsername(u.username) } }))!);
    throw err;
  }
}

export async function listUsers(db: PrismaClient): Promise<UserRecord[]> {
  return (await db.user.findMany({ orderBy: [{ createdAt: 'asc' }, { username: 'asc' }] })).map(record);
}

export async function getUser(db: PrismaClient, id: string): Promise<UserRecord | undefined> {
  const row = await db.user.findUnique({ where: { id } });
  return row ? record(row) : undefined;
}

/** A verified argon2 hash nobody's password matches: an unknown username costs the same time as a wrong password. */
let decoyHash: Promise<string> | undefined;

/** The enabled user with this username and password, or undefined (unknown, wrong password or disabled). */
export async function verifyCredentials(db: PrismaClient, username: string, password: string): Promise<UserRecord | undefined> {
  const row = await db.user.findUnique({ where: { username: normaliseUsername(username) } });
  if (!row) {
    decoyHash ??= hash(randomUUID());
    await verify(await decoyHash, password).catch(() => false);
    return undefined;
  }
  const ok = await verify(row.passwordHash, password).catch(() => false);
  if (!ok || row.disabledAt) return undefined;
  return record(row);
}

/** Disables a user (once: a second call keeps the first date) and revokes its live sessions; undefined when there is no such user. */
export async function disableUser(db: PrismaClient, id: string, now: Date): Promise<UserRecord | undefined> {
  await db.$transaction([
    db.userSession.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } }),
    db.user.updateMany({ where: { id, disabledAt: null }, data: { disabledAt: now } }),
  ]);
  return getUser(db, id);
}

export function principalOf(u: Pick<UserRecord, 'id' | 'role' | 'officeCode' | 'agencyCode' | 'fullName'>, csrfToken?: string): Principal {
  return {
    keyId: `user:${u.id}`,
    role: u.role as Role,
    officeCode: u.officeCode ?? undefined,
    agencyCode: u.agencyCode ?? undefined,
    userId: u.id,
    personName: u.fullName,
    ...(csrfToken ? { csrfToken } : {}),
  };
}

/** Opens a session; sessions that ended are removed on the way. */
export async function openUserSession(db: PrismaClient, s: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date; now: Date }): Promise<void> {
  await db.$transaction([
    db.userSession.deleteMany({ where: { expiresAt: { lt: s.now } } }),
    db.userSession.create({ data: { tokenHash: s.tokenHash, userId: s.userId, csrfToken: s.csrfToken, expiresAt: s.expiresAt, createdAt: s.now } }),
  ]);
}

export interface LiveSession {
  user: UserRecord;
  csrfToken: string;
  expiresAt: Date;
}

/** The session's user while the session is live (not expired, not revoked) and the user is enabled. */
export async function findUserSession(db: PrismaClient, tokenHash: string, now: Date): Promise<LiveSession | undefined> {
  const s = await db.userSession.findUnique({ where: { tokenHash }, include: { user: true } });
  if (!s || s.revokedAt || s.expiresAt <= now || s.user.disabledAt) return undefined;
  return { user: record(s.user), csrfToken: s.csrfToken, expiresAt: s.expiresAt };
}

export async function revokeUserSession(db: PrismaClient, tokenHash: string, now: Date): Promise<void> {
  await db.userSession.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: now } });
}
