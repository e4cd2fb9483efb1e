import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The payload encryption keys: `current` encrypts new payloads, every key in `keys` still
 * decrypts the payloads written under it (rotation adds a key and moves `current`; old keys stay
 * until no history needs them). Keys are the base64 of 32 random bytes (AES-256).
 */
export interface KeyRing {
  current: string;
  keys: Record<string, string>;
}

/** Key ids travel in every payload's metadata: short, printable, no spaces. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** Exactly 32 bytes in canonical standard base64. */
const isAes256Key = (s: string): boolean => Buffer.from(s, 'base64').length === 32 && Buffer.from(s, 'base64').toString('base64') === s;

// Messages name ids and rules, never the values: a key must not reach a log through an error.
export const keyRingSchema = z
  .strictObject({
    current: z.string().regex(KEY_ID_PATTERN, 'must be a key id (letters, digits, . _ -; at most 64)'),
    keys: z
      .record(z.string().regex(KEY_ID_PATTERN, 'key ids are letters, digits, . _ - (at most 64)'), z.string().refine(isAes256Key, 'must be the base64 of 32 random bytes (AES-256)'))
      .refine((keys) => Object.keys(keys).length > 0, 'needs at least one key'),
  })
  .refine((ring) => ring.current in ring.keys, { message: 'current must name one of keys', path: ['current'] });

/** Parses a key ring from its JSON text; the issues name paths and rules only (never key material, not even a JSON syntax error's excerpt). */
export function parseKeyRing(text: string): { ring: KeyRing } | { issues: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { issues: ['must be JSON: { "current": "<key id>", "keys": { "<key id>": "<base64 of 32 bytes>" } }'] };
  }
  const parsed = keyRingSchema.safeParse(json);
  if (parsed.success) return { ring: parsed.data };
  return {
    issues: parsed.error.issues.map((i) => {
      // A record key that is not a key id may be key material (a ring with ids and keys swapped): never shown.
      const path = i.path.map((p, n) => (n === 1 && i.path[0] === 'keys' && !KEY_ID_PATTERN.test(String(p)) ? '(an id not shown)' : String(p)));
      // An unknown field's name may be key material too (a flat ring, ids and keys swapped).
      const message = i.code === 'invalid_key' ? 'key ids are letters, digits, . _ - (at most 64)' : i.code === 'unrecognized_keys' ? 'unknown field(s), not shown: a ring has only "current" and "keys"' : i.message;
      return path.length ? `${path.join('.')}: ${message}` : message;
    }),
  };
}

/** An id for a message: what is not an id (key material typed where an id goes) is not shown. */
const shownId = (id: string): string => (KEY_ID_PATTERN.test(id) ? id : '(not a key id: not shown)');

/** A fresh ring with one random key. */
export function generateKeyRing(id: string): KeyRing {
  if (!KEY_ID_PATTERN.test(id)) throw new RangeError('a key id is letters, digits, . _ - (at most 64)');
  return { current: id, keys: { [id]: randomBytes(32).toString('base64') } };
}

/** A key id that says when it was made, e.g. `dev-20261130-1a2b3c`. */
export function newKeyId(prefix: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
}

// Rotation, in three roll-outs (README, "Personal data"): add the new key everywhere, then make
// it current, then — once no history needs the old key — remove that one.

/** Step 1: a fresh key joins the ring; new payloads still use the current key. */
export function addKey(ring: KeyRing, id: string): KeyRing {
  if (id in ring.keys) throw new RangeError(`key ${shownId(id)} is already in the ring`);
  return { current: ring.current, keys: { ...ring.keys, ...generateKeyRing(id).keys } };
}

/** Step 2: new payloads use key `id` (already in the ring, and on every process). */
export function useKey(ring: KeyRing, id: string): KeyRing {
  if (!(id in ring.keys)) throw new RangeError(`key ${shownId(id)} is not in the ring`);
  return { current: id, keys: ring.keys };
}

/** Step 3: a retired key leaves the ring; payloads written under it can no longer be read. */
export function removeKey(ring: KeyRing, id: string): KeyRing {
  if (!(id in ring.keys)) throw new RangeError(`key ${shownId(id)} is not in the ring`);
  if (id === ring.current) throw new RangeError(`key ${id} is current: make another key current first`);
  return { current: ring.current, keys: Object.fromEntries(Object.entries(ring.keys).filter(([k]) => k !== id)) };
}

export const DEV_KEY_RING_FILE = 'encryption-keys.json';

/**
 * Development only (`npm start`, `npm run api|worker` without keys): the ring kept in the data
 * folder, created with one random key on first use (readable by its owner only) and reused after,
 * so the histories of earlier runs stay readable.
 */
export function developmentKeyRing(dataDir: string): { ring: KeyRing; file: string; created: boolean } {
  const file = path.join(dataDir, DEV_KEY_RING_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const ring = generateKeyRing(newKeyId('dev'));
    try {
      // wx: two processes starting together must not overwrite each other's key.
      writeFileSync(file, `${JSON.stringify(ring, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      return { ring, file, created: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const parsed = parseKeyRing(readFileSync(file, 'utf8'));
  if ('issues' in parsed) throw new Error(`invalid development key ring ${file}:\n  ${parsed.issues.join('\n  ')}`);
  return { ring: parsed.ring, file, created: false };
}
