import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './codec';
import type { KeyRing } from './key-ring';

/** The failure converter's module, for the data converter and the workflow bundle (they must agree). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The one data converter of the engine — the API's client, the worker, the dev launcher, the tests
 * and the benchmark all build it here: every payload (inputs, results, Update and query arguments
 * and answers, memos, user metadata) is encrypted with the ring's current key, and failure
 * messages and stacks with them. Search attributes stay readable (case codes, statuses, dates).
 */
export function createDataConverter(keyRing: KeyRing): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyRing)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
