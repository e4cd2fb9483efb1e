import type { DataConverter } from '@temporalio/common';
import { KeyRing, parseKeyRing } from '../../platform/key-ring';
import { createDataConverter } from '../../platform/temporal';

/**
 * The run's payload key ring: made by test/helpers/global-setup.ts and put in ENCRYPTION_KEYS, so
 * every process a test spawns with `...process.env` (worker/main.ts, the API) encrypts with it.
 */
export function testKeyRing(): KeyRing {
  const text = process.env.ENCRYPTION_KEYS;
  if (!text) throw new Error('ENCRYPTION_KEYS is not set: run integration tests through jest (test/helpers/global-setup.ts)');
  const parsed = parseKeyRing(text);
  if ('issues' in parsed) throw new Error(`ENCRYPTION_KEYS: ${parsed.issues.join('; ')}`);
  return parsed.ring;
}

/** The engine's data converter with the run's keys. */
export const testDataConverter = (): DataConverter => createDataConverter(testKeyRing());
