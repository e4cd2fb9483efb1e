import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codecCorsOriginsOf, keyRingOf, loadConfig, requireKeyRing } from '../../platform/config';
import { generateKeyRing } from '../../platform/key-ring';

const failure = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('payload keys in the configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('When ENCRYPTION_KEYS holds a valid ring, then the configuration carries it', () => {
    const ring = generateKeyRing('2026-a');
    expect(keyRingOf(loadConfig({ ENCRYPTION_KEYS: JSON.stringify(ring) }))).toEqual(ring);
  });

  test('When ENCRYPTION_KEYS_FILE names a file with a valid ring, then the configuration carries it', () => {
    const ring = generateKeyRing('2026-a');
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify(ring));
    expect(keyRingOf(loadConfig({ ENCRYPTION_KEYS_FILE: file }))).toEqual(ring);
  });

  test('When a key is not 32 bytes, current names no key, or the JSON is broken, then start-up fails naming the variable and never the key material', () => {
    const good = generateKeyRing('a').keys.a!;
    const short = Buffer.alloc(31, 1).toString('base64');
    const message = failure({ ENCRYPTION_KEYS: JSON.stringify({ current: 'b', keys: { a: good, c: short } }) });
    expect(message).toContain('ENCRYPTION_KEYS: keys.c: must be the base64 of 32 random bytes (AES-256)');
    expect(message).toContain('ENCRYPTION_KEYS: current: current must name one of keys');
    expect(message).not.toContain(good);
    expect(message).not.toContain(short);
    const broken = `{"current":"a","keys":{"a":"${good}"`;
    const brokenMessage = failure({ ENCRYPTION_KEYS: broken });
    expect(brokenMessage).toContain('ENCRYPTION_KEYS: must be JSON');
    expect(brokenMessage).not.toContain(good);
    // Ids and keys swapped: the key stands where an id should, and is still not shown.
    const swapped = failure({ ENCRYPTION_KEYS: JSON.stringify({ current: 'a', keys: { [good]: 'a' } }) });
    expect(swapped).toContain('ENCRYPTION_KEYS: keys.(an id not shown): key ids are letters, digits, . _ - (at most 64)');
    expect(swapped).not.toContain(good);
    const flat = failure({ ENCRYPTION_KEYS: JSON.stringify({ [good]: 'a' }) });
    expect(flat).toContain('ENCRYPTION_KEYS: unknown field(s), not shown');
    expect(flat).not.toContain(good);
  });

  test('When ENCRYPTION_KEYS_FILE is missing or both variables are set, then start-up fails naming the variable', () => {
    expect(failure({ ENCRYPTION_KEYS_FILE: path.join(dir, 'absent.json') })).toContain('ENCRYPTION_KEYS_FILE: cannot read');
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify(generateKeyRing('a')));
    expect(failure({ ENCRYPTION_KEYS_FILE: file, ENCRYPTION_KEYS: JSON.stringify(generateKeyRing('b')) })).toContain('ENCRYPTION_KEYS_FILE: set either ENCRYPTION_KEYS or ENCRYPTION_KEYS_FILE, not both');
  });

  test('When NODE_ENV=production has no key ring, then the API and the worker refuse to start and name ENCRYPTION_KEYS', () => {
    const config = loadConfig({ NODE_ENV: 'production', SUBJECT_KEY_SECRET: 'production-secret-0123456789' });
    expect(() => requireKeyRing(config, dir)).toThrow('ENCRYPTION_KEYS: required in production');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('When development has no key ring, then one is made in the data folder (owner-only) on first use and the same one is used afterwards', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    const first = requireKeyRing(config, dir);
    const file = path.join(dir, 'encryption-keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
    expect(Buffer.from(first.keys[first.current]!, 'base64')).toHaveLength(32);
    expect(requireKeyRing(config, dir)).toEqual(first);
  });

  test('When CODEC_CORS_ORIGINS is unset, then development allows the dev server UI and production none; a path is refused', () => {
    expect(codecCorsOriginsOf(loadConfig({}))).toEqual(['http://localhost:8233', 'http://127.0.0.1:8233']);
    expect(codecCorsOriginsOf(loadConfig({ NODE_ENV: 'production', SUBJECT_KEY_SECRET: 'production-secret-0123456789' }))).toEqual([]);
    expect(codecCorsOriginsOf(loadConfig({ CODEC_CORS_ORIGINS: 'https://ui.example.gov.vn, http://127.0.0.1:8080' }))).toEqual(['https://ui.example.gov.vn', 'http://127.0.0.1:8080']);
    expect(failure({ CODEC_CORS_ORIGINS: 'https://ui.example.gov.vn/path' })).toContain('CODEC_CORS_ORIGINS.0: must be an origin');
  });
});
