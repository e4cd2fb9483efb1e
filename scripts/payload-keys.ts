import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { addKey, generateKeyRing, KeyRing, newKeyId, parseKeyRing, removeKey, useKey } from '../platform/key-ring';

/**
 * The payload encryption key ring (ENCRYPTION_KEYS / ENCRYPTION_KEYS_FILE):
 *   npm run keys:payload -- new [id]            prints a new ring with one random key
 *   npm run keys:payload -- add <file> [id]     adds a random key to the ring in <file>; current unchanged
 *   npm run keys:payload -- use <file> <id>     makes <id> the key new payloads use
 *   npm run keys:payload -- remove <file> <id>  removes a retired key (never the current one)
 * Files are rewritten readable by their owner only. Key material is never printed except by `new`.
 */
function read(file: string): KeyRing {
  const parsed = parseKeyRing(readFileSync(file, 'utf8'));
  if ('issues' in parsed) throw new Error(`${file}: ${parsed.issues.join('; ')}`);
  return parsed.ring;
}

function write(file: string, ring: KeyRing): void {
  writeFileSync(file, `${JSON.stringify(ring, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  console.error(`${file}: current ${ring.current}; keys ${Object.keys(ring.keys).join(', ')}`);
}

const USAGE = 'usage: npm run keys:payload -- new [id] | add <file> [id] | use <file> <id> | remove <file> <id>';
const [command, a, b, ...extra] = process.argv.slice(2);
if (command === '--help' || command === '-h') {
  console.log(`${USAGE}\n  new: prints a ring with one random key; add: a random key, current unchanged; use: makes <id> current; remove: a retired key\n  Files are rewritten readable by their owner only; key material is printed only by new.`);
  process.exit(0);
}
// A word more than the command takes (`--force`, a third id) is refused, not ignored.
const given = [a, b].filter((w) => w !== undefined).length;
// An option-like word (`--force`) is not a file or an id.
const fits = extra.length === 0 && ![a, b].some((w) => w?.startsWith('-')) && ({ new: given <= 1, add: given >= 1, use: given === 2, remove: given === 2 } as Record<string, boolean>)[command ?? ''] === true;
try {
  if (!fits) {
    console.error(USAGE);
    process.exitCode = 2;
  } else if (command === 'new') console.log(JSON.stringify(generateKeyRing(a ?? newKeyId('k'))));
  else if (command === 'add') write(a!, addKey(read(a!), b ?? newKeyId('k')));
  else if (command === 'use') write(a!, useKey(read(a!), b!));
  else write(a!, removeKey(read(a!), b!)); // `fits` admits only the four commands
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}
